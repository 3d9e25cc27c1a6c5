import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdbConnection, type AdbConnectionEvent } from '../../../main/targets/adb/adb-connection';
import { adbAvailable, adbMissingReason } from '../../support/private-adb-server';
import { until } from '../../support/console-recorder';
import { recordingSink, simRig } from '../../support/sim-rig';

/** Where two long line lists first differ (vitest's diff of thousands of lines takes minutes). */
function firstDifference(ours: string[], printed: string[]): string | null {
  for (let i = 0; i < Math.max(ours.length, printed.length); i++) {
    if (ours[i] !== printed[i]) return `line ${i}: ours ${JSON.stringify(ours[i])}, printed ${JSON.stringify(printed[i])} (${ours.length} ours, ${printed.length} printed)`;
  }
  return null;
}

describe.skipIf(!adbAvailable)(`AdbConnection through Debian's adb server to the simulator's adbd ${adbMissingReason}`, () => {
  let rig: Awaited<ReturnType<typeof simRig>>;
  let connection: AdbConnection;
  let rec: ReturnType<typeof recordingSink>;
  const events: AdbConnectionEvent[] = [];

  beforeAll(async () => {
    rig = await simRig();
    rec = recordingSink(() => connection?.currentInstance() ?? null);
    connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: rec.sink, comebackTimeoutMs: 20_000 });
    connection.onEvent((e) => events.push(e));
  });
  afterAll(async () => {
    await connection?.close();
    await rig?.close();
  });

  it('identifies the Galaxy Nexus and the instance running', async () => {
    const facts = connection.facts();
    expect(facts.model).toBe('Galaxy Nexus');
    expect(facts.device).toBe('maguro');
    expect(facts.root).toBe('adbd');
    expect(connection.currentInstance()).toBe(rig.phone.model.current?.profile.id);
    const state = await connection.deviceState();
    expect(state.runningInstance).toBe(rig.phone.model.current?.profile.id);
    expect(state.sections.length).toBeGreaterThan(0);
  });

  it('rides through 100 switches: each seen, the phone re-identified after each, no kmsg line lost or repeated', async () => {
    const names = connection.instanceNames();
    let dropped = 0;
    for (let i = 0; i < 100; i++) {
      const from = connection.currentInstance()!;
      const to = from === 1 ? 2 : 1;
      const before = connection.comebacks;
      await connection.writeControl('/d/fsw/switch', `2 ${to}`);
      expect(rig.settle()).toBe(true);
      // A noirq abort makes the kernel drop the request (the phone suspends and wakes where it was): ask again, as the runner does.
      for (let again = 0; again < 3 && rig.phone.model.current?.profile.id !== to; again++) {
        await connection.ready(`switch ${i + 1}, dropped by the kernel`);
        await until(`the comeback after the dropped switch ${i + 1}`, () => connection.comebacks > before);
        dropped++;
        await connection.writeControl('/d/fsw/switch', `2 ${to}`);
        expect(rig.settle()).toBe(true);
      }
      await connection.ready(`switch ${i + 1}`);
      // The comeback may not have been noticed yet when ready() ran, and an attempt the freezer aborted
      // brings the phone back once where it was before the retry goes through: wait for the one that lands.
      await until(`the comeback after switch ${i + 1}`, () => connection.comebacks > before && connection.currentInstance() === to);
      expect(connection.currentInstance()).toBe(to);
      expect(connection.facts().kernelRelease).toBe(rig.phone.model.current?.profile.kernelRelease);
      expect(connection.info().detail).toContain(names[to]);
    }
    const reconnected = events.filter((e) => e.type === 'reconnected');
    // One comeback per switch, plus one for each request the kernel dropped or aborted and retried.
    expect(reconnected.length).toBeGreaterThanOrEqual(100 + dropped);
    expect(rec.records.filter((r) => r.record.kind === 'gap')).toHaveLength(reconnected.length);

    // Let the running instance's live stream catch up, then compare with what the simulator printed.
    await new Promise((r) => setTimeout(r, 200));
    const running = connection.currentInstance()!;
    for (const id of [1, 2]) {
      const ours = rec.kmsgLines(id);
      const printed = rig.linesOf(id);
      const start = printed.indexOf(ours[0]!);
      expect(start).toBeGreaterThanOrEqual(0);
      // Every line once, in order, with nothing missing in between.
      expect(firstDifference(ours, printed.slice(start, start + ours.length))).toBeNull();
      if (id === running) {
        expect(start + ours.length).toBe(printed.length);
      } else {
        // A sleeping instance's last lines (its final suspend, after adb dropped) wait in its ring for its next run.
        const lastRequest = printed.findLastIndex((line) => line.includes('request_suspend_state: sleep'));
        expect(start + ours.length).toBeGreaterThan(lastRequest);
      }
    }
  });
});
