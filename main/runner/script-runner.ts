import { isAbsolute, resolve } from 'node:path';
import type { ScriptStatus } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import type { CompiledStep } from '../../common/script/steps';
import { evaluateExpectation } from './expectation';
import type { RunContext } from './run-context';

export interface ScriptRun {
  readonly runId: string;
  stop(): void;
  pause(): boolean;
  resume(): boolean;
  /** Runs one step of a paused run, then pauses again. */
  step(): boolean;
  readonly done: Promise<ScriptStatus>;
}

let runCounter = 0;
/** How many times a request the kernel dropped (a noirq abort) is written again before the run gives up. */
const MAX_RESENDS = 3;

/**
 * Executes compiled steps one at a time on a target: every write is the
 * exact control-file write of DESIGN §4, every wait runs on the target's
 * clock with a timeout, and each step reports its source line.
 */
export function startScriptRun(steps: CompiledStep[], context: RunContext): ScriptRun {
  const runId = `run-${Date.now().toString(36)}-${++runCounter}`;
  const abort = new AbortController();
  const firstSwitchId = context.lastSwitch()?.id ?? -1;
  let paused = false;
  let stepsLeftBeforePause = Infinity;
  let wake: (() => void) | null = null;
  let line: number | null = null;
  let lastIdBeforeWrite = firstSwitchId;
  let lastWrite: Extract<CompiledStep, { kind: 'write' }> | null = null;
  let met = 0;
  let failed = 0;

  // Switches that happened: an attempt the kernel aborted and retried is not a switch of its own.
  const switchesThisRun = () => context.countSwitches(firstSwitchId);
  const report = (state: ScriptStatus['state'], message?: string): ScriptStatus => {
    const status: ScriptStatus = { runId, state, line, switches: switchesThisRun(), expectationsMet: met, expectationsFailed: failed, ...(message ? { message } : {}) };
    context.status(status);
    return status;
  };

  const gate = async () => {
    if (stepsLeftBeforePause <= 0) {
      paused = true;
      stepsLeftBeforePause = Infinity;
    }
    while (paused && !abort.signal.aborted) {
      report('paused');
      await new Promise<void>((r) => (wake = r));
    }
    if (abort.signal.aborted) throw new WorkbenchError('busy', 'Stopped');
    stepsLeftBeforePause--;
  };

  const execute = async (step: CompiledStep): Promise<void> => {
    await gate();
    line = step.line;
    report('running');
    const { connection } = context;
    switch (step.kind) {
      case 'write':
        // A switch may be measured before the write even returns (the simulator in fast mode): count from before it.
        lastIdBeforeWrite = context.lastSwitch()?.id ?? -1;
        lastWrite = step;
        await connection.writeControl(step.path, step.text);
        return;
      case 'push':
        await connection.push(isAbsolute(step.local) ? step.local : resolve(context.baseDir ?? process.cwd(), step.local), step.remote);
        return;
      case 'shell': {
        const output = await connection.shell(step.command);
        for (const text of output.split('\n').filter((l) => l.length > 0)) context.note(`$ ${text}`, 'line');
        return;
      }
      case 'poke':
        await connection.shell(`${step.tool} 0x${step.address.toString(16)} 0x${step.value.toString(16)}`);
        return;
      case 'await-switch': {
        // A section transfer resumes every sleeping instance in turn: wait for the leg that lands where the request said.
        // An attempt the freezer aborted is retried by the kernel: keep waiting for the one that goes through.
        let after = lastIdBeforeWrite;
        const aborted: string[] = [];
        let resent = 0;
        const deadline = connection.clock.now() + step.timeoutMs;
        for (;;) {
          let record;
          try {
            record = await context.waitForSwitch(after, Math.max(1, deadline - connection.clock.now()), abort.signal);
          } catch (error) {
            if (aborted.length === 0 || !(error instanceof WorkbenchError) || error.kind !== 'timeout') throw error;
            throw new WorkbenchError('device', `the ${step.switchKind} to ${step.toName} did not happen: ${aborted.join('; ')}; no retry went through within ${step.timeoutMs / 1000} s`, `line ${step.line}`);
          }
          if (record.outcome === 'ok' && record.to === step.toName) return;
          if (record.outcome === 'failed') return;
          if (record.outcome === 'aborted') aborted.push(`attempt #${record.id} aborted${record.anomalies[0] ? ` (${record.anomalies[0]})` : ''}`);
          after = record.id;
          // A noirq abort makes the kernel drop the request itself: ask again, as a person at the shell would.
          if (record.outcome === 'aborted' && record.anomalies.some((a) => a.startsWith('switch dropped')) && lastWrite && resent < MAX_RESENDS) {
            resent++;
            context.note(`the kernel dropped the request (${record.abort?.cause ?? 'noirq abort'}): writing "${lastWrite.text}" to ${lastWrite.path} again`, 'line');
            await connection.clock.sleep(500, abort.signal);
            await connection.writeControl(lastWrite.path, lastWrite.text);
          }
        }
      }
      case 'await-instance': {
        let current = await context.deviceState();
        const reached = await connection.clock.waitFor(() => current.instances.some((i) => i.id === step.instance && i.status === step.state), step.timeoutMs, abort.signal);
        current = await context.deviceState();
        if (!reached && !current.instances.some((i) => i.id === step.instance && i.status === step.state)) {
          throw new WorkbenchError('timeout', `${step.name} was not ${step.state} within ${step.timeoutMs / 1000} s`, `line ${step.line}`);
        }
        return;
      }
      case 'sleep':
        await connection.clock.sleep(step.ms, abort.signal);
        return;
      case 'mark':
        context.note(step.label, 'mark');
        return;
      case 'expect': {
        const result = evaluateExpectation(step.expectation, context.lastSwitch(), switchesThisRun(), await context.deviceState());
        if (result.met) met++;
        else failed++;
        context.note(`expect ${step.text}: ${result.met ? 'met' : 'NOT met'} (${result.actual})`, 'line');
        return;
      }
      case 'sim':
        if (!connection.scenario) throw new WorkbenchError('unsupported', `sim ${step.device} ${step.action}: only the simulator has scenario controls`, `line ${step.line}`);
        await connection.scenario(step.device, step.action, step.durationMs);
        return;
      case 'suspend': {
        if (!connection.suspend) throw new WorkbenchError('unsupported', `suspend ${step.state}: only the QEMU target suspends on the workbench's command`, `line ${step.line}`);
        const before = context.lastSwitch()?.id ?? -1;
        await connection.suspend(step.state, step.sleepMs, abort.signal);
        // The cycle is measured from the console, which may arrive a little after the write returns.
        await context.waitForSwitch(before, step.timeoutMs, abort.signal);
        return;
      }
      case 'dimm':
        if (step.action === 'add') {
          if (!connection.addDimm) throw new WorkbenchError('unsupported', `dimm add: only the QEMU target has memory hotplug`, `line ${step.line}`);
          await connection.addDimm(step.name, step.bytes ?? 0);
        } else {
          if (!connection.removeDimm) throw new WorkbenchError('unsupported', `dimm remove: only the QEMU target has memory hotplug`, `line ${step.line}`);
          await connection.removeDimm(step.name);
        }
        return;
      case 'dimm-blocks':
        if (!connection.setDimmBlocks) throw new WorkbenchError('unsupported', `${step.state === 'offline' ? 'offline' : 'online'} dimm: only the QEMU target has memory hotplug`, `line ${step.line}`);
        await connection.setDimmBlocks(step.name, step.state);
        return;
      case 'repeat':
        for (let i = 0; i < step.count; i++) for (const inner of step.body) await execute(inner);
        return;
    }
  };

  const done = (async (): Promise<ScriptStatus> => {
    try {
      for (const step of steps) await execute(step);
      line = null;
      return report(failed > 0 ? 'failed' : 'finished', failed > 0 ? `${failed} expectation(s) not met` : undefined);
    } catch (error) {
      const where = line === null ? '' : `line ${line}: `;
      if (abort.signal.aborted) {
        const state = await context.deviceState().catch(() => null);
        const running = state?.instances.find((i) => i.status === 'running')?.name;
        return report('stopped', `stopped at ${where || 'the start'}${running ? `; ${running} is running` : ''}`.replace(/: ;/, ';'));
      }
      return report('failed', `${where}${(error as Error).message}`);
    }
  })();

  return {
    runId,
    done,
    stop: () => {
      abort.abort();
      wake?.();
    },
    pause: () => {
      if (paused) return false;
      paused = true;
      return true;
    },
    resume: () => {
      if (!paused) return false;
      paused = false;
      wake?.();
      return true;
    },
    step: () => {
      if (!paused) return false;
      stepsLeftBeforePause = 1;
      paused = false;
      wake?.();
      return true;
    },
  };
}
