import { afterEach, describe, expect, it } from 'vitest';
import { AdbConnection } from '../../../main/targets/adb/adb-connection';
import { until } from '../../support/console-recorder';
import { adbAvailable, adbMissingReason } from '../../support/private-adb-server';
import { recordingSink, simRig } from '../../support/sim-rig';

describe.skipIf(!adbAvailable)(`waiting for the phone after a switch ${adbMissingReason}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function connected(comebackTimeoutMs: number) {
    const rig = await simRig();
    cleanups.push(() => rig.close());
    const rec = recordingSink(() => null);
    const connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: rec.sink, comebackTimeoutMs });
    cleanups.push(() => connection.close());
    // Request a switch and run the phone only until it is gone (fast mode: it stays gone until driven on).
    const target = connection.currentInstance() === 1 ? 2 : 1;
    await connection.writeControl('/d/fsw/switch', `2 ${target}`);
    rig.phone.runUntilSync(() => !rig.phone.adbReachable(), 60_000);
    await until('the loss to be noticed', () => connection.info().status === 'waiting');
    return { rig, rec, connection, target };
  }

  it('says it is waiting for the phone after the switch, and an operation meanwhile waits for the comeback', async () => {
    const { rig, connection, target } = await connected(20_000);
    const names = connection.instanceNames();
    expect(connection.info().detail).toBe(`waiting for the phone to come back after the switch to ${names[target]}`);
    const status = connection.readControl('/d/fsw/status');
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.settle()).toBe(true);
    expect(await status).toContain(`Current instance: ${target}`);
    expect(connection.info().status).toBe('connected');
  });

  it('gives up after the timeout the user set, saying what it waited for', async () => {
    const { rec, connection, target } = await connected(800);
    const names = connection.instanceNames();
    await expect(connection.ready('the next switch')).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(new RegExp(`gave up waiting for the phone to come back after the switch to ${names[target]}: not back within 1 s`)),
    });
    expect(connection.info().status).toBe('lost');
    expect(rec.statuses.at(-1)?.status).toBe('lost');
    await expect(connection.writeControl('/d/fsw/switch', '2 1')).rejects.toMatchObject({ kind: 'timeout' });
  });
});
