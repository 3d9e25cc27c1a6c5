import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdbConnection } from '../../../main/targets/adb/adb-connection';
import { until } from '../../support/console-recorder';
import { adbAvailable, adbMissingReason } from '../../support/private-adb-server';
import { recordingSink, simRig } from '../../support/sim-rig';

const SWITCHES = Number(process.env.FSW_SWITCHES ?? 1000);

const openFds = () => readdirSync('/proc/self/fd').length;
const activeHandles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;

describe.skipIf(!adbAvailable)(`${SWITCHES} switches through adb leave nothing behind ${adbMissingReason}`, () => {
  let rig: Awaited<ReturnType<typeof simRig>>;
  let connection: AdbConnection;

  beforeAll(async () => {
    rig = await simRig();
    connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: recordingSink(() => null).sink, comebackTimeoutMs: 20_000 });
  });
  afterAll(async () => {
    await connection?.close();
    await rig?.close();
  });

  const switchOnce = async (i: number) => {
    const before = connection.comebacks;
    await connection.writeControl('/d/fsw/switch', `2 ${connection.currentInstance() === 1 ? 2 : 1}`);
    if (!rig.settle()) throw new Error(`switch ${i} did not settle in the simulator`);
    await until(`the comeback after switch ${i}`, () => connection.comebacks > before, 20_000);
  };

  const measure = () => ({
    fds: openFds(),
    handles: activeHandles(),
    kmsgReaders: [...rig.phone.model.instances.values()].reduce((n, inst) => n + (inst.log as unknown as { kmsgListeners: Set<unknown> }).kmsgListeners.size, 0),
    processListeners: process.eventNames().reduce((n, name) => n + process.listenerCount(name), 0),
    clientListeners: rig.server.client.eventNames().reduce((n, name) => n + rig.server.client.listenerCount(name), 0),
  });

  it('no growth in open file descriptors, handles or listeners (measured at the end, not timed)', { timeout: 600_000 }, async () => {
    for (let i = 0; i < 10; i++) await switchOnce(i); // warm up: every kind of socket and stream has been opened once
    await new Promise((r) => setTimeout(r, 300));
    const start = measure();
    for (let i = 10; i < SWITCHES; i++) await switchOnce(i);
    expect(connection.comebacks).toBe(SWITCHES);
    await new Promise((r) => setTimeout(r, 300));
    const end = measure();
    console.log(`after ${SWITCHES} switches: start ${JSON.stringify(start)} end ${JSON.stringify(end)}`);
    // A connection being redialled may hold a socket or two more at any instant: growth would be hundreds.
    expect(end.fds).toBeLessThanOrEqual(start.fds + 3);
    expect(end.handles).toBeLessThanOrEqual(start.handles + 3);
    expect(end.kmsgReaders).toBe(start.kmsgReaders);
    expect(end.processListeners).toBe(start.processListeners);
    expect(end.clientListeners).toBe(start.clientListeners);
  });
});
