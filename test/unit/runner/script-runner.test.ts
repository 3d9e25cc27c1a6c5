import { describe, expect, it } from 'vitest';
import type { ScriptStatus } from '../../../common/api/contract';
import { WorkbenchError } from '../../../common/api/errors';
import type { DeviceState } from '../../../common/domain/device-state';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { compileScript } from '../../../common/script/compile';
import { galaxyNexusContext } from '../../../common/script/galaxy-nexus-context';
import type { RunContext } from '../../../main/runner/run-context';
import { startScriptRun } from '../../../main/runner/script-runner';
import type { TargetConnection } from '../../../main/targets/target';
import { wallClock } from '../../../main/targets/wall-clock';

/**
 * A unit harness: a target that records writes and "switches" by appending
 * a switch record when `2 N` is written. The runner's real paths (adb, the
 * simulator) are tested in the integration suites.
 */
function harness(options: { failWrite?: string } = {}) {
  const writes: string[] = [];
  const notes: string[] = [];
  const statuses: ScriptStatus[] = [];
  const switches: SwitchRecord[] = [];
  const device: DeviceState = {
    model: 'test',
    runningInstance: 1,
    sections: [],
    instances: [
      { id: 1, name: 'ics', kernel: '3.0.8', android: '4.0.4', status: 'running' },
      { id: 2, name: 'jb', kernel: '3.0.31', android: '4.1.1', status: 'sleeping' },
    ],
  };
  const names: Record<number, string> = { 1: 'ics', 2: 'jb' };
  const connection = {
    writeControl: async (path: string, text: string) => {
      if (options.failWrite && path.includes(options.failWrite)) throw new WorkbenchError('device', `${path}: write error: Invalid argument`);
      writes.push(`${text} > ${path}`);
      const m = /^2 (\d)$/.exec(text);
      if (path === '/d/fsw/switch' && m) {
        const to = Number(m[1]);
        const from = device.runningInstance!;
        for (const i of device.instances) i.status = i.id === to ? 'running' : 'sleeping';
        device.runningInstance = to;
        switches.push({ id: switches.length, kind: 'switch', from: names[from]!, to: names[to]!, outcome: 'ok', wakelockWaitMs: 200, suspendMs: 500, resumeMs: 700, totalMs: 1440, clock: 'host', phases: {}, drivers: [], blockingWakelocks: [], anomalies: [], lines: [1, 2] });
      }
    },
    clock: wallClock(1),
  } as unknown as TargetConnection;
  const context: RunContext = {
    connection,
    deviceState: async () => device,
    lastSwitch: () => switches.at(-1),
    countSwitches: (afterId) => switches.filter((s) => s.id > afterId && s.outcome !== 'aborted').length,
    status: (s) => statuses.push(s),
    note: (text) => notes.push(text),
    waitForSwitch: async (afterId) => {
      const found = switches.find((s) => s.id > afterId);
      if (!found) throw new WorkbenchError('timeout', 'no switch');
      return found;
    },
  };
  const run = (text: string) => {
    const compiled = compileScript(text, galaxyNexusContext({ instances: [{ id: 1, name: 'ics', status: 'running' }, { id: 2, name: 'jb', status: 'sleeping' }] }));
    if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
    return startScriptRun(compiled.steps, context);
  };
  return { run, writes, notes, statuses };
}

describe('the script runner', () => {
  it('writes exactly the control files of each operation, in order, and reports every line', async () => {
    const h = harness();
    const status = await h.run('switch jb\nswitch ics\n').done;
    expect(h.writes).toEqual(['2 2 > /d/fsw/switch', '2 1 > /d/fsw/switch']);
    expect(status).toMatchObject({ state: 'finished', switches: 2 });
    expect(h.statuses.filter((s) => s.state === 'running').map((s) => s.line)).toContain(2);
  });

  it('evaluates expect lines against the last switch and fails the run when one is not met', async () => {
    const h = harness();
    const status = await h.run('switch jb\nexpect last.total < 2s\nexpect last.wakelockWait < 100ms\nexpect jb running\n').done;
    expect(status).toMatchObject({ state: 'failed', expectationsMet: 2, expectationsFailed: 1 });
    expect(h.notes).toContain('expect last.wakelockWait < 100ms: NOT met (last.wakelockWait = 200.0 ms)');
  });

  it('stops at a device error and names the line and the kernel error', async () => {
    const h = harness({ failWrite: 'switch' });
    const status = await h.run('wait 1ms\nswitch jb\n').done;
    expect(status.state).toBe('failed');
    expect(status.message).toBe('line 2: /d/fsw/switch: write error: Invalid argument');
  });

  it('pauses, steps one operation at a time, resumes, and stops saying what runs', async () => {
    const h = harness();
    const run = h.run('repeat 3 {\n  switch jb\n  switch ics\n}\n');
    expect(run.pause()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const before = h.writes.length;
    expect(run.step()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.writes.length).toBeLessThanOrEqual(before + 1);
    run.stop();
    const status = await run.done;
    expect(status.state).toBe('stopped');
    expect(status.message).toMatch(/is running$/);
  });
});
