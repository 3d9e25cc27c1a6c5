import type { SwitchRecord } from '../../common/domain/switch-record';
import { percentile } from '../../common/sessions/statistics';
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
 * the finer phases) count, mean, median, p90, min, max in ms. Percentiles
 * use the one definition the sessions' statistics use (linear between
 * closest ranks), so `fsw run --json` and a recorded session agree.
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

function stats(list: number[]): PhaseStats {
  const sorted = [...list].sort((a, b) => a - b);
  const n = sorted.length;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: n,
    mean: roundMs(sum / n),
    median: roundMs(percentile(sorted, 0.5)!),
    p90: roundMs(percentile(sorted, 0.9)!),
    min: sorted[0]!,
    max: sorted[n - 1]!,
  };
}
