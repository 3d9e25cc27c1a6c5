import type { LogRecord, LogSource } from '../../common/domain/log-record';
import type { TargetInfo } from '../../common/api/contract';
import type { DeviceState } from '../../common/domain/device-state';
import { openAdbServer, parseAdbServer, type AdbServer } from '../../main/targets/adb/adb-server';
import type { TargetSink } from '../../main/targets/target';
import { startSimServer, type SimServer } from '../../main/simulator/sim-server';
import { SimulatedPhone } from '../../main/simulator/simulated-phone';
import { galaxyNexus, bootJb } from '../unit/simulator/sim-support';
import { ADB_BINARY, startPrivateAdbServer, type PrivateAdbServer } from './private-adb-server';

/**
 * The simulated Galaxy Nexus in fast mode behind its real wires (adbd on
 * loopback, UART on TCP), a private Debian adb server, and a record of
 * every line each instance printed: the reference for "nothing lost,
 * nothing twice".
 */
export async function simRig(options: { bootJb?: boolean; seed?: number } = {}) {
  const phone = new SimulatedPhone({ profile: galaxyNexus(), seed: options.seed ?? 2, speed: 'fast' });
  if (options.bootJb ?? true) bootJb(phone);
  const printed = new Map<number, string>();
  const completeAtDrop = new Map<number, number>();
  for (const [id, inst] of phone.model.instances) {
    printed.set(id, inst.log.dmesg());
    inst.log.subscribeKmsg((text) => printed.set(id, (printed.get(id) ?? '') + text));
  }
  const linesOf = (id: number) => (printed.get(id) ?? '').split('\n').slice(0, -1);
  phone.onAdbReachability((reachable) => {
    const current = phone.model.current;
    if (!reachable && current) completeAtDrop.set(current.profile.id, linesOf(current.profile.id).length);
  });
  const sim: SimServer = await startSimServer({ backend: phone, adbPort: 0, consolePort: 0, pacing: 'fast' });
  const adb: PrivateAdbServer = await startPrivateAdbServer();
  const server: AdbServer = await openAdbServer(parseAdbServer(undefined, { port: adb.port, bin: ADB_BINARY }));
  return {
    phone,
    sim,
    adb,
    server,
    serial: `127.0.0.1:${sim.adbPort}`,
    /** Complete lines each instance printed (without `\n`). */
    linesOf,
    /** How many complete lines an instance had printed when adb last went away while it ran. */
    completeAtDrop,
    /** Runs the model until the last request settled (fast mode is driven by its user). */
    settle: () =>
      phone.runUntilSync(() => {
        // lastRecord(), not groundTruth(): that one clones every record, on every event.
        const r = phone.model.truth.lastRecord();
        return r !== undefined && r.outcome !== 'pending' && phone.adbReachable();
      }, 120_000),
    close: async () => {
      await sim.close();
      await adb.stop();
      phone.close();
    },
  };
}

/** A TargetSink that keeps everything, attributing kmsg bytes to the instance `instanceNow()` says runs. */
export function recordingSink(instanceNow: () => number | null) {
  const kmsgByInstance = new Map<number, string>();
  const chunks: Array<{ source: LogSource; text: string }> = [];
  const records: Array<{ source: LogSource; record: Omit<LogRecord, 'seq' | 'source'> }> = [];
  const statuses: TargetInfo[] = [];
  const states: DeviceState[] = [];
  const sink: TargetSink = {
    chunk: (source, bytes) => {
      const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
      chunks.push({ source, text });
      if (source === 'kmsg') {
        const id = instanceNow() ?? 0;
        kmsgByInstance.set(id, (kmsgByInstance.get(id) ?? '') + text);
      }
    },
    record: (source, record) => records.push({ source, record }),
    state: (state) => states.push(state),
    status: (info) => statuses.push(info),
  };
  return {
    sink,
    chunks,
    records,
    statuses,
    states,
    /** kmsg lines delivered for an instance, without `<N>`-stripping, `\r\n` made `\n`. */
    kmsgLines: (id: number) => (kmsgByInstance.get(id) ?? '').replace(/\r\n/g, '\n').split('\n').slice(0, -1),
  };
}
