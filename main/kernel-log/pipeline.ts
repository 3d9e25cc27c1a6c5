import type { LogRecord, LogSource } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import type { Cycle } from './cycle';
import { CycleMachine } from './cycle-machine';
import { parseEnvelope, type Envelope } from './envelope';
import { InstanceTracker } from './instance-tracker';
import { LineFramer } from './line-framer';
import { classify as classifyImport, Ev as EvImport, newPmEvent } from './pm-events';
import { buildSwitchRecord } from './switch-record-builder';

export interface PipelineOutput {
  records: LogRecord[];
  switches: SwitchRecord[];
}

export interface PipelineOptions {
  source: LogSource;
  /** Instance number → name (the profile's; Galaxy Nexus: { 1: 'ics', 2: 'jb' }). */
  instanceNames?: Record<number, string>;
  /** seq of the first line (a resumed recording continues its numbering). */
  firstSeq?: number;
  /** Instance printing when the stream begins, if known (e.g. the one adb talks to). */
  initialInstance?: number | null;
  /**
   * Whether hostTimeMs is a real receive clock. False for files, where only
   * printk time exists: spans across kernels are then null, not guessed.
   */
  hostClock?: boolean;
  /** Return LogRecords from push (default true). Off for pure analysis, to save the allocation. */
  keepRecords?: boolean;
  /** The kernel's CONFIG_HZ, to turn `time left N` jiffies into ms (default 128, tuna's). */
  hz?: number;
  /**
   * Hands out each line's seq. The workbench numbers lines app-wide across
   * channels with one allocator, so every line number in a switch record
   * (boundaries, drivers, anomalies) is the seq + 1 of the record it names.
   */
  allocateSeq?: () => number;
}

/** What the input looked like, for `fsw analyze` to refuse what is not a kernel log. */
export interface DetectedFormat {
  lines: number;
  /** Lines with a printk timestamp `[ ts]`. */
  timestamped: number;
  /** Lines with a syslog level `<N>` (kmsg, dmesg). */
  leveled: number;
  /** Lines the analyser recognised as PM / Fastswitch messages. */
  pmLines: number;
  envelope: 'kmsg' | 'printk' | 'bare';
  flavour: 'fastswitch' | 'android' | 'upstream' | 'unknown';
  isKernelLog: boolean;
}

export interface KernelLogPipeline {
  /** Feed raw bytes (UART, kmsg stream) or text as received at hostTimeMs (monotonic ms; for the simulator its virtual clock). */
  push(chunk: Uint8Array | string, hostTimeMs: number, hostWallMs?: number): PipelineOutput;
  /** Feed a record that is already framed (e.g. from a recorded session, or a `gap` record from a target). */
  pushRecord(record: LogRecord): SwitchRecord[];
  /** End of stream: flush a partial line and close/mark open cycles (missing boundaries as anomalies). */
  end(hostTimeMs: number): PipelineOutput;
  /** What the stream looked like so far. */
  format(): DetectedFormat;
  /** Work counters: lines read and characters scanned (the fuzz test checks they grow linearly). */
  stats(): { lines: number; work: number };
  /**
   * Per instance, host receive time minus printk time (ms) since the instance last woke:
   * host ≈ printk + offsetMs. The smallest difference seen is kept, which strips the UART
   * latency down to its floor. Reset at every wake, because the printk clock stood still
   * while the instance slept. Empty without a host clock.
   */
  clockOffsets(): Record<number, { offsetMs: number; samples: number; sinceLine: number }>;
}

// Module-local aliases: under a CommonJS transform (tsx) every access to an imported binding
// is a getter call, which costs more than the rest of the per-line work.
const classify = classifyImport;
const Ev = EvImport;
const parse = parseEnvelope;

export const GALAXY_NEXUS_INSTANCES: Record<number, string> = { 1: 'ics', 2: 'jb' };

export function createKernelLogPipeline(options: PipelineOptions): KernelLogPipeline {
  const names = options.instanceNames ?? GALAXY_NEXUS_INSTANCES;
  const hostClock = options.hostClock ?? true;
  const keep = options.keepRecords ?? true;
  const source = options.source;
  const framer = new LineFramer();
  const tracker = new InstanceTracker(options.initialInstance ?? null);
  const event = newPmEvent();
  const env: Envelope = { level: null, kernelTime: null, bodyStart: 0 };
  let seq = options.firstSeq ?? 0;
  const allocate = options.allocateSeq ?? (() => seq++);
  let nextId = 0;
  let records: LogRecord[] = [];
  let switches: SwitchRecord[] = [];
  let hostNow = 0;
  let wallNow = 0;
  const fmt = { lines: 0, timestamped: 0, leveled: 0, pmLines: 0, fastswitch: 0, android: 0, upstream: 0 };

  const nameOf = (i: number | null): string | null => (i === null ? null : (names[i] ?? String(i)));
  const machine = new CycleMachine((cycle: Cycle) => {
    switches.push(buildSwitchRecord(cycle, nextId++, nameOf));
  }, options.hz ?? 128);

  // Results of the last analyse() call, kept in closure variables so no object is made per line.
  let lastKernelTime: number | null = null;
  let lastLevel: number | null = null;
  let lastInstance: number | null = null;

  const offsets = new Map<number, { offsetMs: number; samples: number; sinceLine: number }>();
  function noteOffset(instance: number, d: number, line: number, woke: boolean): void {
    const o = offsets.get(instance);
    if (!o || woke) offsets.set(instance, { offsetMs: d, samples: 1, sinceLine: line });
    else {
      o.samples++;
      if (d < o.offsetMs) o.offsetMs = d;
    }
  }

  function analyse(text: string, line: number, kernelTimeHint: number | null, levelHint: number | null, host: number): void {
    parse(text, env);
    const kernelTime = env.kernelTime ?? kernelTimeHint;
    const level = env.level ?? levelHint;
    fmt.lines++;
    if (env.kernelTime !== null) fmt.timestamped++;
    if (env.level !== null) fmt.leveled++;
    const code = classify(text, env.bodyStart, event);
    if (code !== Ev.NONE) {
      fmt.pmLines++;
      if (code >= Ev.FSW_REQUEST && code <= Ev.FSW_TRANSFER) fmt.fastswitch++;
      else if (code === Ev.ACTIVE_WAKELOCK || code === Ev.SUSPEND_EXIT || code === Ev.REQ_SLEEP || code === Ev.WAKEUP_WAKELOCK) fmt.android++;
      else if (code === Ev.PM_SUSPEND_ENTRY || code === Ev.PM_SUSPEND_EXIT) fmt.upstream++;
    }
    const instance = tracker.attribute(event, kernelTime, hostClock ? host : null);
    if (hostClock && kernelTime !== null && instance !== null) noteOffset(instance, host - kernelTime * 1000, line, tracker.changed || code === Ev.WAKE);
    machine.line(event, line, kernelTime, hostClock ? host : null, instance, tracker.clock, tracker.changed, tracker.booted);
    lastKernelTime = kernelTime;
    lastLevel = level;
    lastInstance = instance;
  }

  // A cut runaway line arrives as several records; its text is never altered.
  function onLine(text: string, raw: string | undefined): void {
    const s = allocate();
    analyse(text, s + 1, null, null, hostNow);
    if (!keep) return;
    const record: LogRecord = {
      seq: s,
      source,
      hostTimeMs: hostNow,
      hostWallMs: wallNow,
      kernelTime: lastKernelTime,
      level: lastLevel,
      instance: lastInstance,
      text,
      kind: 'line',
    };
    if (raw !== undefined) record.raw = raw;
    records.push(record);
  }

  function take(): PipelineOutput {
    const out = { records, switches };
    records = [];
    switches = [];
    return out;
  }

  return {
    push(chunk, hostTimeMs, hostWallMs) {
      hostNow = hostTimeMs;
      wallNow = hostWallMs ?? hostTimeMs;
      if (typeof chunk === 'string') framer.pushText(chunk, onLine);
      else framer.pushBytes(chunk, onLine);
      return take();
    },
    pushRecord(record) {
      if (record.kind === 'line') {
        if (!options.allocateSeq) seq = record.seq + 1;
        analyse(record.text, record.seq + 1, record.kernelTime, record.level, record.hostTimeMs);
      } else if (record.kind === 'gap') {
        machine.gap(record.seq + 1, record.text);
      }
      const out = switches;
      switches = [];
      return out;
    },
    end(hostTimeMs) {
      hostNow = hostTimeMs;
      framer.flush(onLine);
      machine.end();
      return take();
    },
    format() {
      const envelope = fmt.leveled > 0 && fmt.leveled >= fmt.timestamped / 2 ? 'kmsg' : fmt.timestamped > 0 ? 'printk' : 'bare';
      const flavour = fmt.fastswitch > 0 ? 'fastswitch' : fmt.android > 0 ? 'android' : fmt.upstream > 0 ? 'upstream' : 'unknown';
      // A kernel log has printk stamps on a good share of its lines, or at least recognisable PM lines.
      const isKernelLog = (fmt.timestamped > 0 && fmt.timestamped >= fmt.lines * 0.2) || fmt.pmLines >= 2;
      return { lines: fmt.lines, timestamped: fmt.timestamped, leveled: fmt.leveled, pmLines: fmt.pmLines, envelope, flavour, isKernelLog };
    },
    stats() {
      return { lines: fmt.lines, work: framer.work + fmt.lines };
    },
    clockOffsets() {
      const out: Record<number, { offsetMs: number; samples: number; sinceLine: number }> = {};
      for (const [i, o] of offsets) out[i] = { offsetMs: Math.round(o.offsetMs * 1000) / 1000, samples: o.samples, sinceLine: o.sinceLine };
      return out;
    },
  };
}
