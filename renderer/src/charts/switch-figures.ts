import { measuredTotal, type SwitchRecord } from '../../../common/domain/switch-record';

export interface SwitchBar {
  name: string;
  id: number;
  wakelockWait: number;
  suspend: number;
  /** Hand-over to wake: the platform's own time between the two kernels (total − the three measured parts). */
  handover: number;
  resume: number;
  /** Everything after the wakelock wait (suspend start to visible). */
  suspendResume: number;
  total: number;
  record: SwitchRecord;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * A plain suspend/resume (no request, so no wakelock wait and no total) is
 * drawn over its cycle on the printk clock: suspend start to visible, the
 * time asleep left out (the printk clock stood still), so the middle part
 * is the platform's own suspend and wake.
 */
function barFigures(s: SwitchRecord): { total: number; wait: number } | null {
  const total = measuredTotal(s);
  if (total === null) return null;
  if (s.wakelockWaitMs !== null) return { total, wait: s.wakelockWaitMs };
  return s.kind === 'plain-suspend' ? { total, wait: 0 } : null;
}

/** One bar per measured switch: wakelock wait | suspend | hand-over | resume, adding up to the total. */
export function toSwitchBars(switches: readonly SwitchRecord[]): SwitchBar[] {
  return switches.flatMap((s) => {
    const figures = barFigures(s);
    if (!figures) return [];
    const { total, wait } = figures;
    const suspend = s.suspendMs ?? 0;
    const resume = s.resumeMs ?? 0;
    return [
      {
        name: `#${s.id} ${s.from ?? '?'}→${s.to ?? '?'}`,
        id: s.id,
        wakelockWait: round(wait),
        suspend: round(suspend),
        handover: round(Math.max(0, total - wait - suspend - resume)),
        resume: round(resume),
        suspendResume: round(total - wait),
        total: round(total),
        record: s,
      },
    ];
  });
}

export interface HistogramBin {
  label: string;
  from: number;
  to: number;
  count: number;
  /** Share of switches at or below `to`, in percent. */
  cdf: number;
}

/** Totals in bins of a round width (about √n bins, at most 30), with the cumulative share at each bin's upper edge. */
export function histogram(totals: readonly number[]): HistogramBin[] {
  if (totals.length === 0) return [];
  const sorted = [...totals].sort((a, b) => a - b);
  const min = sorted[0]!;
  const max = sorted.at(-1)!;
  const bins = Math.min(30, Math.max(5, Math.ceil(Math.sqrt(sorted.length))));
  const raw = Math.max((max - min) / bins, 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * magnitude).find((w) => w >= raw) ?? raw;
  const start = Math.floor(min / width) * width;
  const out: HistogramBin[] = [];
  let seen = 0;
  for (let from = start; from <= max; from += width) {
    const to = from + width;
    let count = 0;
    while (seen + count < sorted.length && sorted[seen + count]! < to) count++;
    seen += count;
    out.push({ label: `${Math.round(from)}–${Math.round(to)}`, from, to, count, cdf: Math.round((seen / sorted.length) * 1000) / 10 });
  }
  return out;
}

export interface DriverFigure {
  key: string;
  name: string;
  phase: string;
  mean: number;
  max: number;
  count: number;
}

/** Driver callbacks over the switches given, slowest mean first. */
export function slowestDrivers(switches: readonly SwitchRecord[], limit = 15): DriverFigure[] {
  const byKey = new Map<string, { name: string; phase: string; sum: number; max: number; count: number }>();
  for (const s of switches) {
    for (const d of s.drivers) {
      const key = `${d.name} (${d.phase})`;
      const entry = byKey.get(key) ?? { name: d.name, phase: d.phase, sum: 0, max: 0, count: 0 };
      entry.sum += d.ms;
      entry.max = Math.max(entry.max, d.ms);
      entry.count++;
      byKey.set(key, entry);
    }
  }
  return [...byKey.entries()]
    .map(([key, e]) => ({ key, name: e.name, phase: e.phase, mean: round(e.sum / e.count), max: round(e.max), count: e.count }))
    .sort((a, b) => b.mean - a.mean)
    .slice(0, limit);
}

/** The phases of a switch in the order the kernel runs them; `handover` is the platform's gap between the two kernels. */
export const PHASE_ORDER = [
  'wakelockWait',
  'sync',
  'freeze',
  'earlySuspend',
  'deviceSuspend',
  'platformPrepare',
  'lateSuspend',
  'noirqSuspend',
  'platformSuspend',
  'handover',
  'platformResume',
  'noirqResume',
  'earlyResume',
  'platformFinish',
  'deviceResume',
  'resumeComplete',
  'lateResume',
  'thaw',
] as const;

export type Side = 'wait' | 'suspend' | 'handover' | 'resume';

export interface TimelineSegment {
  phase: string;
  side: Side;
  start: number;
  ms: number;
}

export interface TimelineDriver {
  name: string;
  phase: string;
  start: number;
  ms: number;
  line?: number;
}

/**
 * A sleepgraph-like layout of one switch: its phases end to end from the
 * request, and each driver callback inside its phase. The log gives a
 * callback's duration, not its start: callbacks are placed one after the
 * other in the order they returned (dpm runs a phase's callbacks in turn).
 */
export function timelineOf(s: SwitchRecord): { segments: TimelineSegment[]; drivers: TimelineDriver[]; total: number } {
  const phases = { ...s.phases };
  const suspendSide = PHASE_ORDER.slice(0, PHASE_ORDER.indexOf('handover'));
  const measured = Object.values(phases).reduce((a, b) => a + b, 0);
  if (s.totalMs !== null && phases.handover === undefined && s.totalMs - measured > 0.05) phases.handover = s.totalMs - measured;
  const known = new Set<string>(PHASE_ORDER);
  const order = [...PHASE_ORDER.filter((p) => phases[p] !== undefined), ...Object.keys(phases).filter((p) => !known.has(p))];
  const segments: TimelineSegment[] = [];
  let at = 0;
  for (const phase of order) {
    const ms = phases[phase]!;
    const side: Side = phase === 'wakelockWait' ? 'wait' : phase === 'handover' ? 'handover' : (suspendSide as readonly string[]).includes(phase) ? 'suspend' : 'resume';
    segments.push({ phase, side, start: at, ms });
    at += ms;
  }
  const startOf = new Map(segments.map((g) => [g.phase, g.start]));
  const cursor = new Map<string, number>();
  const drivers = [...s.drivers]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .map((d) => {
      const base = cursor.get(d.phase) ?? startOf.get(d.phase) ?? 0;
      cursor.set(d.phase, base + d.ms);
      return { name: d.name, phase: d.phase, start: base, ms: d.ms, ...(d.line !== undefined ? { line: d.line } : {}) };
    });
  return { segments, drivers, total: Math.max(at, s.totalMs ?? 0) };
}
