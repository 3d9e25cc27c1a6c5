import type { TargetInfo } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import type { PlatformProfile } from '../../common/profile/platform-profile';
import { AdbConnection } from './adb/adb-connection';
import { AdbTargetProvider } from './adb/adb-target-provider';
import { openAdbServer, parseAdbServer } from './adb/adb-server';
import { openConsole } from './console/open-console';
import { PhoneConnection } from './connection';
import type { TargetConnection, TargetProvider, TargetSink } from './target';

export interface PhoneTargetOptions {
  profile: PlatformProfile;
  /** adb's serial, HOST:PORT for a TCP device; absent: the one phone the server knows. */
  serial?: string;
  /** A lab host's adb server, HOST:PORT; absent: this machine's. */
  adbHost?: string;
  /** The UART console: /dev/ttyUSB0[@BAUD], tcp://HOST:PORT or file:PATH. */
  console?: string;
}

/** The phone named on the command line (`--target adb[:SERIAL] [--console …]`), resolved to one target id. */
export async function phoneTarget(options: PhoneTargetOptions): Promise<{ provider: TargetProvider; targetId: string }> {
  const instanceNames = Object.fromEntries(options.profile.instances.map((i) => [i.id, i.name]));
  const spec = parseAdbServer(options.adbHost);
  const adbProvider = new AdbTargetProvider({ server: spec, connection: { profile: options.profile, instanceNames } });
  let targetId: string;
  if (options.serial && /:\d+$/.test(options.serial)) targetId = await adbProvider.connectAddress(options.serial);
  else if (options.serial) targetId = `adb:${options.serial}`;
  else {
    const phones = (await adbProvider.list()).map((t) => t.id);
    await adbProvider.close();
    if (phones.length === 0) throw new WorkbenchError('not-found', 'No phone is attached to the adb server: plug it in with USB debugging on, or give --target adb:HOST:PORT for one over Wi-Fi.');
    if (phones.length > 1) throw new WorkbenchError('bad-request', `Several phones are attached (${phones.join(', ')}): pick one with --target adb:SERIAL.`);
    targetId = phones[0]!;
  }
  if (!options.console) return { provider: adbProvider, targetId };
  const consoleSpec = options.console;
  // adb and the console as one target: operations through adb, the log from both channels.
  const provider: TargetProvider = {
    list: async () => [{ id: targetId, kind: 'adb', label: `${targetId} + ${consoleSpec}`, status: 'disconnected' } satisfies TargetInfo],
    open: (id: string, sink: TargetSink): Promise<TargetConnection> | null => {
      if (id !== targetId) return null;
      const serial = targetId.slice('adb:'.length);
      return PhoneConnection.open({
        id,
        label: `${serial} + ${consoleSpec}`,
        kind: 'adb',
        sink,
        instanceNames,
        console: openConsole(consoleSpec),
        adb: async (adbSink) => AdbConnection.open({ server: await openAdbServer(spec), serial, sink: adbSink, profile: options.profile, instanceNames }),
      });
    },
  };
  return { provider, targetId };
}
