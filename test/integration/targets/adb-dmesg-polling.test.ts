import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdbConnection } from '../../../main/targets/adb/adb-connection';
import { until } from '../../support/console-recorder';
import { adbAvailable, adbMissingReason } from '../../support/private-adb-server';
import { recordingSink, simRig } from '../../support/sim-rig';

describe.skipIf(!adbAvailable)(`the kernel log by dmesg polling (no root for /proc/kmsg) ${adbMissingReason}`, () => {
  let rig: Awaited<ReturnType<typeof simRig>>;
  let connection: AdbConnection;
  let rec: ReturnType<typeof recordingSink>;

  beforeAll(async () => {
    rig = await simRig();
    rec = recordingSink(() => connection?.currentInstance() ?? null);
    connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: rec.sink, comebackTimeoutMs: 20_000, kernelLog: 'dmesg', dmesgPollMs: 20 });
  });
  afterAll(async () => {
    await connection?.close();
    await rig?.close();
  });

  it('delivers each line once across switches, the running instance complete', async () => {
    for (let i = 0; i < 10; i++) {
      const before = connection.comebacks;
      await connection.writeControl('/d/fsw/switch', `2 ${connection.currentInstance() === 1 ? 2 : 1}`);
      expect(rig.settle()).toBe(true);
      await until(`the comeback after switch ${i + 1}`, () => connection.comebacks > before);
    }
    const running = connection.currentInstance()!;
    const printed = rig.linesOf(running);
    await until('the last poll to catch up', () => rec.kmsgLines(running).at(-1) === printed.at(-1));
    for (const id of [1, 2]) {
      const ours = rec.kmsgLines(id);
      const all = rig.linesOf(id);
      const start = all.indexOf(ours[0]!);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(ours.join('\n')).toBe(all.slice(start, start + ours.length).join('\n'));
    }
  });
});
