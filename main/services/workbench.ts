import { version } from '../../package.json';
import type { Progress, ScriptStatus, TargetInfo } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import { createRouter, type Dispatch } from '../../common/api/router';
import type { DeviceState } from '../../common/domain/device-state';
import type { LogRecord, LogSource } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import type { TargetConnection, TargetProvider, TargetSink } from '../targets/target';
import { EventHub } from './event-hub';
import { LogBuffer } from './log-buffer';
import { compile } from '../../common/script/compile';
import { checkScript, hasErrors } from '../../common/script/checker';
import type { ScriptContext } from '../../common/script/context';
import type { Diagnostic } from '../../common/script/diagnostic';
import type { RunContext } from '../runner/run-context';
import { startScriptRun, type ScriptRun } from '../runner/script-runner';
import { createSessionService, type RunRecording, type SessionsDeps } from './session-service';

/** Turns one channel's bytes into records and switch records: the kernel-log analyser (DESIGN §3: one analyser). */
export interface LogPipeline {
  push(chunk: Uint8Array | string, hostTimeMs: number, hostWallMs?: number): { records: LogRecord[]; switches: SwitchRecord[] };
  pushRecord(record: LogRecord): SwitchRecord[];
  end(hostTimeMs: number): { records: LogRecord[]; switches: SwitchRecord[] };
}

export interface WorkbenchDeps {
  transport: 'electron' | 'web';
  providers: TargetProvider[];
  /**
   * `initialInstance`: the kernel running when the stream starts, so its first lines are attributed before any hand-off is seen.
   * `allocateSeq`: the pipeline numbers each line with it (app-wide, across channels), so a switch record's line numbers are seq + 1 of the records the renderer holds.
   */
  createPipeline: (source: LogSource, instanceNames: Record<number, string>, initialInstance: number | null, allocateSeq: () => number) => LogPipeline;
  /** The checker's view of the phone when nothing is connected (the default profile). */
  defaultScriptContext: () => ScriptContext;
  /** Log lines are held this long and sent as one batch (the renderer repaints per batch, not per line). */
  batchMs?: number;
  recentCapacity?: number;
  /** Where sessions are recorded and read (issue 8); without it the sessions methods answer `unsupported`. */
  sessions?: SessionsDeps;
}

export interface Workbench {
  dispatch: Dispatch;
  hub: EventHub;
  close(): Promise<void>;
}

interface Connected {
  connection: TargetConnection;
  pipelines: Map<LogSource, LogPipeline>;
  runningAtConnect: number | null;
  /** The one channel switches are measured on (DESIGN §3: one analyser, and one count of each switch). */
  switchSource: LogSource | null;
}

/**
 * Every channel is analysed, but a switch is counted from one: the UART sees
 * both kernels and the hand-over, /proc/kmsg only the kernel adb talks to.
 */
const SWITCH_SOURCE_RANK: Partial<Record<LogSource, number>> = { uart: 0, sim: 1, kmsg: 2, dmesg: 3, file: 4 };
function measuresSwitches(state: Connected, source: LogSource): boolean {
  const rank = SWITCH_SOURCE_RANK[source];
  if (rank === undefined) return false;
  if (state.switchSource === null || rank < (SWITCH_SOURCE_RANK[state.switchSource] ?? Infinity)) state.switchSource = source;
  return state.switchSource === source;
}

/** The services behind the contract: targets, the live log and its analysis, scripts. Plain Node, no Electron. */
export function createWorkbenchService(deps: WorkbenchDeps): Workbench {
  const hub = new EventHub();
  const recent = new LogBuffer(deps.recentCapacity ?? 200_000);
  const switches: SwitchRecord[] = [];
  const targetInfo = new Map<string, TargetInfo>();
  let connected: Connected | null = null;
  let run: ScriptRun | null = null;
  let recording: RunRecording | null = null;
  const sessions = createSessionService(deps.sessions, hub);
  let pending: LogRecord[] = [];
  let pendingConsole: Uint8Array[] = [];
  let pendingConsoleBytes = 0;
  let expectedSwitches: number | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let nextSeq = 0;
  let nextSwitchId = 0;

  const flush = () => {
    flushTimer = null;
    if (pendingConsole.length > 0) {
      const data = Buffer.concat(pendingConsole).toString('base64');
      pendingConsole = [];
      pendingConsoleBytes = 0;
      hub.emit('console.bytes', { source: 'uart', data });
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    hub.emit('log.records', batch);
  };
  /** A terminal wants the console's bytes as they came (escapes, prompts without a newline), not framed lines. */
  const queueConsole = (bytes: Uint8Array | string) => {
    const chunk = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    // Under a flood a terminal needs the recent screenful, not every byte: keep at most 256 KiB per batch.
    if (pendingConsoleBytes > 256 * 1024) return;
    pendingConsole.push(chunk);
    pendingConsoleBytes += chunk.length;
    flushTimer ??= setTimeout(flush, deps.batchMs ?? 50);
  };
  const queueRecords = (records: LogRecord[]) => {
    if (records.length === 0) return;
    recent.push(records);
    recording?.appendLogs(records);
    for (const record of records) pending.push(record);
    flushTimer ??= setTimeout(flush, deps.batchMs ?? 50);
  };
  const addSwitches = (found: SwitchRecord[]) => {
    for (const record of found) {
      // Switch ids are the workbench's, unique across channels and reconnections.
      const numbered = { ...record, id: nextSwitchId++ };
      switches.push(numbered);
      recording?.appendSwitch(numbered);
      flush(); // the lines a switch points to reach the renderer before the switch does
      hub.emit('switch.record', numbered);
    }
  };
  // One numbering for every channel: the pipelines take their line numbers from here (see WorkbenchDeps.createPipeline).
  const allocateSeq = () => nextSeq++;

  const setTarget = (info: TargetInfo) => {
    targetInfo.set(info.id, info);
    hub.emit('target.state', info);
  };

  const pipelineFor = (state: Connected, source: LogSource) => {
    let pipeline = state.pipelines.get(source);
    if (!pipeline) {
      pipeline = deps.createPipeline(source, state.connection.instanceNames(), state.runningAtConnect, allocateSeq);
      state.pipelines.set(source, pipeline);
    }
    return pipeline;
  };

  /**
   * What a target reports before its connection is ready (the kernel log it
   * read while opening) waits in `early` and is replayed once the
   * workbench knows which kernel runs: nothing the phone said is dropped.
   */
  interface Holder {
    state: Connected | null;
    early: ((state: Connected) => void)[];
  }
  const deliver = (holder: Holder, action: (state: Connected) => void) => {
    if (holder.state) action(holder.state);
    else holder.early.push(action);
  };
  const sinkFor = (holder: Holder): TargetSink => ({
    chunk: (source, bytes, hostTimeMs, hostWallMs) =>
      deliver(holder, (state) => {
        if (source === 'uart') queueConsole(bytes);
        const out = pipelineFor(state, source).push(bytes, hostTimeMs, hostWallMs);
        queueRecords(out.records);
        if (measuresSwitches(state, source)) addSwitches(out.switches);
      }),
    record: (source, partial) =>
      deliver(holder, (state) => {
        const record: LogRecord = { ...partial, seq: nextSeq++, source };
        const found = pipelineFor(state, source).pushRecord(record);
        if (measuresSwitches(state, source)) addSwitches(found);
        queueRecords([record]);
      }),
    state: (state: DeviceState) => hub.emit('device.state', state),
    status: setTarget,
  });

  // One provider failing (no adb installed, a lab host down) must not hide the others' targets.
  const listTargets = async () => {
    const lists = await Promise.allSettled(deps.providers.map((p) => p.list()));
    for (const list of lists) {
      if (list.status === 'rejected') continue;
      for (const info of list.value) if (!targetInfo.has(info.id) || info.status !== 'disconnected') targetInfo.set(info.id, info);
    }
    return [...targetInfo.values()];
  };

  const requireConnection = (): Connected => {
    if (!connected) throw new WorkbenchError('not-connected', 'No target is connected: connect the simulator or a phone first.');
    return connected;
  };

  const disconnect = async () => {
    const state = connected;
    if (!state) return;
    run?.stop();
    connected = null;
    for (const [source, pipeline] of state.pipelines) {
      const out = pipeline.end(0);
      queueRecords(out.records);
      if (source === state.switchSource) addSwitches(out.switches);
    }
    await state.connection.close();
    setTarget({ ...state.connection.info(), status: 'disconnected', detail: undefined });
  };

  const note = (text: string, kind: 'mark' | 'line') => {
    const now = performance.now();
    queueRecords([{ seq: nextSeq++, source: 'script', hostTimeMs: now, hostWallMs: Date.now(), kernelTime: null, level: null, instance: null, text, kind }]);
  };

  const context = (state: Connected): RunContext => ({
    connection: state.connection,
    deviceState: () => state.connection.deviceState(),
    lastSwitch: () => switches.at(-1),
    countSwitches: (afterId) => {
      let n = 0;
      for (let i = switches.length - 1; i >= 0 && switches[i]!.id > afterId; i--) if (switches[i]!.outcome !== 'aborted') n++;
      return n;
    },
    status: (status: ScriptStatus) => {
      hub.emit('script.status', status);
      hub.emit('progress', progressOf(status));
    },
    note,
    waitForSwitch: async (afterId, timeoutMs, signal) => {
      // Waits on the target's clock: in fast mode the simulator runs until the analyser has measured the switch.
      const found = () => switches.find((s) => s.id > afterId);
      const arrived = await state.connection.clock.waitFor(() => found() !== undefined, timeoutMs, signal);
      const record = found();
      if (!arrived || !record) throw new WorkbenchError('timeout', `No switch appeared in the kernel log within ${Math.round(timeoutMs / 1000)} s`);
      return record;
    },
  });

  // A script run is the long work a person waits on: its switches against the count the checker expects.
  const progressOf = (status: ScriptStatus): Progress => ({
    id: status.runId,
    label: `Script${status.line ? ` · line ${status.line}` : ''} · ${status.state}`,
    done: status.switches ?? 0,
    total: expectedSwitches,
    cancellable: status.state === 'running' || status.state === 'paused',
    finished: status.state !== 'running' && status.state !== 'paused',
  });

  const diagnosticsMessage = (diagnostics: Diagnostic[]) =>
    diagnostics.map((d) => `${d.range.startLine}:${d.range.startCol}: ${d.message}`).join('\n');

  const dispatch = createRouter({
    'app.info': async () => ({ name: 'Fastswitch Workbench', version, transport: deps.transport }),
    'targets.list': listTargets,
    'targets.connect': async ({ id }) => {
      if (connected?.connection.info().id === id) return connected.connection.info();
      await disconnect();
      const holder: Holder = { state: null, early: [] };
      for (const provider of deps.providers) {
        const opening = provider.open(id, sinkFor(holder));
        if (!opening) continue;
        const info = targetInfo.get(id);
        if (info) setTarget({ ...info, status: 'connecting' });
        let connection: TargetConnection;
        try {
          connection = await opening;
        } catch (error) {
          if (info) setTarget({ ...info, status: 'disconnected', detail: (error as Error).message });
          throw error;
        }
        const initial = await connection.deviceState();
        holder.state = connected = { connection, pipelines: new Map(), runningAtConnect: initial.runningInstance, switchSource: null };
        for (const action of holder.early.splice(0)) action(connected);
        setTarget(connection.info());
        hub.emit('device.state', initial);
        return connection.info();
      }
      throw new WorkbenchError('not-found', `No target called '${id}'. Known targets: ${[...targetInfo.keys()].join(', ') || 'none'}.`, 'targets.connect.id');
    },
    'targets.disconnect': async ({ id }) => {
      const info = targetInfo.get(id);
      if (!info) throw new WorkbenchError('not-found', `No target called '${id}'.`, 'targets.disconnect.id');
      if (connected?.connection.info().id === id) await disconnect();
      return targetInfo.get(id) ?? info;
    },
    'device.state': async () => (connected ? connected.connection.deviceState() : null),
    'log.recent': async ({ limit }) => recent.recent(limit),
    'switches.list': async () => switches.slice(),
    'script.run': async ({ text, baseDir, record }) => {
      const state = requireConnection();
      if (run) throw new WorkbenchError('busy', `A script is already running (${run.runId}); stop it first.`);
      // Checked once against the phone as it is now: the diagnostics refuse the run, the dry run's count drives progress.
      const scriptContext = await state.connection.scriptContext();
      const checked = checkScript(text, scriptContext);
      const compiled = hasErrors(checked.diagnostics) ? null : compile(checked.script, scriptContext);
      if (!compiled || !compiled.ok) {
        const diagnostics = compiled ? compiled.diagnostics : checked.diagnostics.filter((d) => d.severity === 'error');
        throw new WorkbenchError('bad-request', `The script has errors:\n${diagnosticsMessage(diagnostics)}`, 'script.run.text');
      }
      const recorded = record ? await sessions.startRecording(text, record) : null;
      recording = recorded;
      expectedSwitches = checked.expectedSwitches > 0 ? checked.expectedSwitches : null;
      const started = startScriptRun(compiled.steps, { ...context(state), ...(baseDir ? { baseDir } : {}) });
      run = started;
      void started.done.then(
        async (status) => {
          if (run === started) run = null;
          if (!recorded) return;
          if (recording === recorded) recording = null;
          await recorded.finish(status);
        },
        () => {
          if (run === started) run = null;
        },
      );
      return { runId: started.runId, ...(recorded ? { sessionId: recorded.id } : {}) };
    },
    'script.stop': async ({ runId }) => {
      if (!run || run.runId !== runId) return { stopped: false };
      run.stop();
      return { stopped: true };
    },
    'script.pause': async ({ runId }) => ({ paused: run?.runId === runId ? run.pause() : false }),
    'script.resume': async ({ runId }) => ({ resumed: run?.runId === runId ? run.resume() : false }),
    'script.step': async ({ runId }) => ({ stepped: run?.runId === runId ? run.step() : false }),
    'console.write': async ({ text }) => {
      const state = requireConnection();
      if (!state.connection.consoleInput) throw new WorkbenchError('unsupported', `${state.connection.info().label} has no console that accepts input.`, 'console.write');
      const bytes = Buffer.from(text, 'utf8');
      state.connection.consoleInput(new Uint8Array(bytes));
      return { written: bytes.length };
    },
    'progress.cancel': async ({ id }) => {
      if (!run || run.runId !== id) return { cancelled: false };
      run.stop();
      return { cancelled: true };
    },
    'script.check': async ({ text }) => {
      const scriptContext = connected ? await connected.connection.scriptContext() : deps.defaultScriptContext();
      const checked = checkScript(text, scriptContext);
      return { diagnostics: checked.diagnostics, expectedSwitches: checked.expectedSwitches };
    },
    ...sessions.handlers,
  });

  return {
    dispatch,
    hub,
    close: async () => {
      await disconnect();
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    },
  };
}
