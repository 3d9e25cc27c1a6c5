import type { SwitchKind, SwitchRecord } from '../domain/switch-record';
import type { SessionMark } from './session-meta';

/** One measured value and the switch it came from, so every figure leads back to its record. */
export interface Sample {
  switchId: number;
  value: number;
}

/**
 * Statistics of one phase. The first six fields are the public summary of
 * DESIGN §9; the rest are added. Every figure an empty (or, for `sd`,
 * one-element) set cannot support is `null`, never NaN.
 */
export interface PhaseStatistics {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
  /** Sample standard deviation (divisor n − 1); null below two values. */
  sd: number | null;
  p95: number | null;
  p99: number | null;
  /** First and third quartiles (same percentile definition) and their distance. */
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  /** Values outside Tukey's fences: below q1 − 1.5·IQR or above q3 + 1.5·IQR. */
  outliers: Sample[];
}

/** Per-phase statistics, keyed by phase name (see `phaseKey`). */
export type SessionSummary = Record<string, PhaseStatistics>;

/** The main phases of DESIGN §6, in the order people read them. */
export const MAIN_PHASES = [
  { key: 'wakelockWait', field: 'wakelockWaitMs' },
  { key: 'suspend', field: 'suspendMs' },
  { key: 'resume', field: 'resumeMs' },
  { key: 'total', field: 'totalMs' },
] as const;

/** Keys of a cycle's figures beside the main phases: suspend start to visible on the printk clock, and the time the printk clock stood still. */
export const CYCLE_KEYS = { cycle: 'cycle', asleep: 'asleep' } as const;

/** Summary keys: the main phases by name, finer phases as `phase:NAME`, drivers as `driver:NAME/PHASE`. */
export const phaseKey = {
  finer: (name: string) => `phase:${name}`,
  driver: (name: string, phase: string) => `driver:${name}/${phase}`,
};

export function isDriverKey(key: string): boolean {
  return key.startsWith('driver:');
}

/**
 * Percentile by linear interpolation between closest ranks (Hyndman & Fan
 * type 7, as numpy's default, R's default and Excel PERCENTILE.INC):
 * h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * `sorted` must be ascending; `p` is in [0, 1].
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  return sum / n;
}

/** Sample standard deviation (n − 1), two-pass for accuracy; null below two values. */
export function sampleSd(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values) as number;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

export function describe(samples: readonly Sample[]): PhaseStatistics {
  const sorted = samples.map((s) => s.value).sort((a, b) => a - b);
  const q1 = percentile(sorted, 0.25);
  const q3 = percentile(sorted, 0.75);
  const iqr = q1 === null || q3 === null ? null : q3 - q1;
  const outliers =
    q1 === null || q3 === null || iqr === null
      ? []
      : samples.filter((s) => s.value < q1 - 1.5 * iqr || s.value > q3 + 1.5 * iqr);
  return {
    count: sorted.length,
    mean: mean(sorted),
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    min: sorted.length ? (sorted[0] as number) : null,
    max: sorted.length ? (sorted[sorted.length - 1] as number) : null,
    sd: sampleSd(sorted),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    q1,
    q3,
    iqr,
    outliers,
  };
}

/**
 * Every phase's samples from the given records: the main phases first (always
 * present, possibly empty), then finer phases and drivers sorted by key. A
 * null duration is not a sample. A driver that appears several times in one
 * phase of one switch counts once, with its times added.
 */
export function phaseSamples(switches: readonly SwitchRecord[]): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const { key } of MAIN_PHASES) out.set(key, []);
  const extra = new Map<string, Sample[]>();
  const push = (map: Map<string, Sample[]>, key: string, sample: Sample) => {
    const list = map.get(key);
    if (list) list.push(sample);
    else map.set(key, [sample]);
  };
  for (const sw of switches) {
    for (const { key, field } of MAIN_PHASES) {
      const v = sw[field];
      if (v !== null && Number.isFinite(v)) push(out, key, { switchId: sw.id, value: v });
    }
    for (const [name, v] of Object.entries(sw.phases)) {
      if (Number.isFinite(v)) push(extra, phaseKey.finer(name), { switchId: sw.id, value: v });
    }
    // A plain suspend/resume has no request, so no total: its length on the printk clock, and the time asleep, instead.
    for (const [key, v] of [[CYCLE_KEYS.cycle, sw.cycleMs], [CYCLE_KEYS.asleep, sw.asleepMs]] as const) {
      if (v != null && Number.isFinite(v)) push(extra, key, { switchId: sw.id, value: v });
    }
    const perDriver = new Map<string, number>();
    for (const d of sw.drivers) {
      if (!Number.isFinite(d.ms)) continue;
      const key = phaseKey.driver(d.name, d.phase);
      perDriver.set(key, (perDriver.get(key) ?? 0) + d.ms);
    }
    for (const [key, ms] of perDriver) push(extra, key, { switchId: sw.id, value: ms });
  }
  for (const key of [...extra.keys()].sort()) out.set(key, extra.get(key) as Sample[]);
  return out;
}

/** Which records the statistics are over. */
export interface SummaryScope {
  kinds: SwitchKind[];
  outcomes: SwitchRecord['outcome'][];
}

/**
 * The default population: `ok` records of the session's main kind, which is
 * `switch`, or `plain-suspend` for a log of an ordinary kernel with no switch.
 * Boots and section transfers are never mixed into switch timings.
 */
export function defaultScope(switches: readonly SwitchRecord[]): SummaryScope {
  const hasSwitch = switches.some((s) => s.kind === 'switch');
  const hasPlain = switches.some((s) => s.kind === 'plain-suspend');
  return { kinds: [!hasSwitch && hasPlain ? 'plain-suspend' : 'switch'], outcomes: ['ok'] };
}

export function inScope(switches: readonly SwitchRecord[], scope: SummaryScope): SwitchRecord[] {
  return switches.filter((s) => scope.kinds.includes(s.kind) && scope.outcomes.includes(s.outcome));
}

export function summarize(switches: readonly SwitchRecord[], scope: SummaryScope = defaultScope(switches)): SessionSummary {
  const summary: SessionSummary = {};
  for (const [key, samples] of phaseSamples(inScope(switches, scope))) summary[key] = describe(samples);
  return summary;
}

/** A stretch of a session between two marks; an absent end means the session's start or end. */
export interface SwitchRange {
  /** Records recorded before this mark are left out (warm-up exclusion). */
  from?: string | null;
  /** Records recorded after this mark are left out. */
  to?: string | null;
}

export type RangeResult = { ok: true; switches: SwitchRecord[] } | { ok: false; kind: 'unknown-mark'; message: string };

/**
 * The records between two marks, in recording order. A label used more than
 * once means its first occurrence (a script's `mark` normally runs once).
 */
export function selectRange(switches: readonly SwitchRecord[], marks: readonly SessionMark[], range: SwitchRange): RangeResult {
  const find = (label: string) => marks.find((m) => m.label === label);
  let start = 0;
  let end = switches.length;
  for (const [which, label] of [['from', range.from], ['to', range.to]] as const) {
    if (label === undefined || label === null) continue;
    const mark = find(label);
    if (!mark) {
      const known = marks.length ? marks.map((m) => `"${m.label}"`).join(', ') : 'none';
      return { ok: false, kind: 'unknown-mark', message: `no mark "${label}" in this session (--${which}); marks: ${known}` };
    }
    if (which === 'from') start = Math.min(mark.switchIndex, switches.length);
    else end = Math.min(mark.switchIndex, switches.length);
  }
  return { ok: true, switches: switches.slice(start, Math.max(start, end)) };
}
