import type { SwitchRecord } from '../../common/domain/switch-record';
import { roundMs } from './switch-record-builder';

export interface PhaseStats {
  count: number;
  mean: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/**
 * The DESIGN §9 summary: per phase (wakelockWait, suspend, resume, total and
 * the finer phases) count, mean, median, p90 (nearest rank), min, max in ms.
 * Only cycles that completed (outcome `ok`) count, and boots are left out:
 * an aborted attempt or a whole kernel boot would say nothing about how long
 * a switch takes. Phases are summarised over the cycles that have them.
 */
export function summarizeSwitches(switches: SwitchRecord[]): Record<string, PhaseStats> {
  const values = new Map<string, number[]>();
  const put = (name: string, v: number | null | undefined) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    let list = values.get(name);
    if (!list) values.set(name, (list = []));
    list.push(v);
  };
  for (const s of switches) {
    if (s.outcome !== 'ok' || s.kind === 'boot') continue;
    put('wakelockWait', s.wakelockWaitMs);
    put('suspend', s.suspendMs);
    put('resume', s.resumeMs);
    put('total', s.totalMs);
    for (const [phase, ms] of Object.entries(s.phases)) if (phase !== 'wakelockWait') put(phase, ms);
  }
  const out: Record<string, PhaseStats> = {};
  for (const [name, list] of values) out[name] = stats(list);
  return out;
}

export function stats(list: number[]): PhaseStats {
  const sorted = [...list].sort((a, b) => a - b);
  const n = sorted.length;
  const sum = sorted.reduce((a, b) => a + b, 0);
  const mid = n >> 1;
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    count: n,
    mean: roundMs(sum / n),
    median: roundMs(median),
    p90: sorted[Math.max(0, Math.ceil(0.9 * n) - 1)]!,
    min: sorted[0]!,
    max: sorted[n - 1]!,
  };
}
