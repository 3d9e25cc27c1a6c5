import type { SwitchRecord } from '../../common/domain/switch-record';
import { defaultScope, describe, inScope, isDriverKey, phaseSamples } from '../../common/sessions/statistics';
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
 * The DESIGN §9 summary: per phase (wakelockWait, suspend, resume, total,
 * the finer phases, and for plain suspend/resume cycles `cycle` and
 * `asleep`) count, mean, median, p90, min, max in ms. It is the sessions'
 * statistics over the same records, so `fsw run --json`, `fsw analyze` and
 * a recorded session agree: `ok` records of the main kind (`switch`, or
 * `plain-suspend` in a log with no switch); boots, section transfers and
 * aborted attempts say nothing about how long a switch takes.
 */
export function summarizeSwitches(switches: SwitchRecord[]): Record<string, PhaseStats> {
  const out: Record<string, PhaseStats> = {};
  for (const [key, samples] of phaseSamples(inScope(switches, defaultScope(switches)))) {
    if (isDriverKey(key) || samples.length === 0) continue;
    const name = key.startsWith('phase:') ? key.slice('phase:'.length) : key;
    // The wakelock wait is a main phase already.
    if (name in out) continue;
    const s = describe(samples);
    out[name] = { count: s.count, mean: roundMs(s.mean!), median: roundMs(s.median!), p90: roundMs(s.p90!), min: s.min!, max: s.max! };
  }
  return out;
}
