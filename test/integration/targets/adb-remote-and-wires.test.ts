import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdbTargetProvider } from '../../../main/targets/adb/adb-target-provider';
import { openAdbServer, parseAdbServer } from '../../../main/targets/adb/adb-server';
import type { AdbConnection } from '../../../main/targets/adb/adb-connection';
import { simulatorThroughWires, type PhoneConnection } from '../../../main/targets/connection';
import { until } from '../../support/console-recorder';
import { adbAvailable, adbMissingReason, freePort, startPrivateAdbServer, type PrivateAdbServer } from '../../support/private-adb-server';
import { recordingSink, simRig } from '../../support/sim-rig';

describe.skipIf(!adbAvailable)(`adb servers and the combined connection ${adbMissingReason}`, () => {
  let rig: Awaited<ReturnType<typeof simRig>>;
  let remote: PrivateAdbServer;

  beforeAll(async () => {
    rig = await simRig();
    remote = await startPrivateAdbServer();
  });
  afterAll(async () => {
    await remote?.stop();
    await rig?.close();
  });

  async function switchAndWait(connection: AdbConnection, to: number) {
    const before = connection.comebacks;
    await connection.writeControl('/d/fsw/switch', `2 ${to}`);
    expect(rig.settle()).toBe(true);
    await until(`the phone back as instance ${to}`, () => connection.comebacks > before);
  }

  it('a second adb server on another port, used as a remote lab host, lists the phone live and drives it the same', async () => {
    const provider = new AdbTargetProvider({ server: parseAdbServer(`127.0.0.1:${remote.port}`), connection: { comebackTimeoutMs: 20_000 } });
    const changes: string[][] = [];
    provider.onChange((targets) => changes.push(targets.map((t) => t.id)));
    expect(await provider.list()).toEqual([]);
    const id = await provider.connectAddress(rig.serial);
    await until('the tracker to report the phone', () => changes.some((ids) => ids.includes(id)));
    expect((await provider.list()).map((t) => t.id)).toContain(id);

    const rec = recordingSink(() => null);
    const connection = (await provider.open(id, rec.sink)) as AdbConnection;
    try {
      expect(connection.facts().device).toBe('maguro');
      for (let i = 0; i < 4; i++) await switchAndWait(connection, connection.currentInstance() === 1 ? 2 : 1);
      expect(connection.comebacks).toBe(4);
      expect(rec.statuses.some((s) => s.status === 'waiting' && /after the switch to (ics|jb)/.test(s.detail ?? ''))).toBe(true);
    } finally {
      await connection.close();
      await provider.close();
      await remote.adb(['disconnect', rig.serial]);
    }
  });

  it('says no adb server answers at a remote address, and never starts one there', async () => {
    const port = await freePort();
    await expect(openAdbServer(parseAdbServer(`127.0.0.1:${port}`))).rejects.toMatchObject({ kind: 'not-connected', message: expect.stringMatching(/No adb server answers at 127.0.0.1:\d+. On the lab host run: adb -a -P \d+ nodaemon server/) });
  });

  it('says adb is not installed when no local server runs and there is no adb to start one', async () => {
    const port = await freePort();
    await expect(openAdbServer(parseAdbServer(undefined, { port, bin: 'adb-that-is-not-installed' }))).rejects.toMatchObject({ kind: 'not-found', message: expect.stringMatching(/adb is not installed/) });
  });

  it('starts a local adb server when adb is installed and none runs on the port', async () => {
    const port = await freePort();
    const spec = parseAdbServer(undefined, { port, bin: '/usr/bin/adb' });
    const server = await openAdbServer(spec);
    try {
      expect(server.version).toBeGreaterThan(30);
    } finally {
      await server.client.kill().catch(() => undefined);
    }
  });

  it('the simulator through its wires is one connection: kmsg over adb and the UART over TCP, each marking its own gaps', async () => {
    const rec = recordingSink(() => null);
    const connection: PhoneConnection = await simulatorThroughWires({ server: rig.server, host: '127.0.0.1', adbPort: rig.sim.adbPort, consolePort: rig.sim.consolePort, sink: rec.sink, adbOptions: { comebackTimeoutMs: 20_000 } });
    try {
      const adb = connection.adb()!;
      await switchAndWait(adb, adb.currentInstance() === 1 ? 2 : 1);
      const text = (source: string) => rec.chunks.filter((c) => c.source === source).map((c) => c.text).join('');
      await until('the resume on both channels', () => /Fastswitch: resumed from instance/.test(text('uart')) && /Fastswitch: resumed from instance/.test(text('kmsg')));
      expect(rec.records.filter((r) => r.source === 'kmsg' && r.record.kind === 'gap')).toHaveLength(1);
      expect(rec.records.filter((r) => r.source === 'uart')).toHaveLength(0); // the UART stays through a switch
      expect(connection.info()).toMatchObject({ id: 'sim', kind: 'sim', status: 'connected' });
      expect((await connection.deviceState()).runningInstance).toBe(adb.currentInstance());
      await connection.typeToConsole('\n');
    } finally {
      await connection.close();
    }
  });
});
