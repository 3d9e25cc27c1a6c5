import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { SwitchRecord } from '../domain/switch-record';
import { bootstrapDeltaCis } from './bootstrap';
import { mannWhitney, type MannWhitneyResult } from './mann-whitney';
import { describe, isDriverKey, phaseSamples, type SummaryScope, defaultScope, inScope } from './statistics';

export interface ComparisonOptions {
  /** Seed of the bootstrap's random source: the same seed gives the same intervals. */
  seed: number;
  resamples: number;
  confidence: number;
  /** Significance level of the Mann–Whitney test. */
  alpha: number;
}

export const DEFAULT_COMPARISON_OPTIONS: ComparisonOptions = { seed: 1, resamples: 2000, confidence: 0.95, alpha: 0.05 };

export interface SideFigures {
  count: number;
  mean: number | null;
  median: number | null;
}

/** `B − A` for one phase: positive deltas mean B took longer. */
export interface PhaseComparison {
  phase: string;
  a: SideFigures;
  b: SideFigures;
  medianDelta: number | null;
  medianDeltaCi: [number, number] | null;
  meanDelta: number | null;
  meanDeltaCi: [number, number] | null;
  /** medianDelta / median(A); null when median(A) is 0 or unknown. */
  relativeMedianDelta: number | null;
  mannWhitney: MannWhitneyResult;
  /**
   * `slower`/`faster` when the Mann–Whitney p-value is below alpha, in the
   * direction of P(B > A) vs ½; `unchanged` otherwise; `insufficient` when a
   * side has no value.
   */
  verdict: 'slower' | 'faster' | 'unchanged' | 'insufficient';
}

export interface SessionComparison {
  options: ComparisonOptions;
  scope: SummaryScope;
  phases: PhaseComparison[];
  /** Driver phases that got significantly slower in B, largest median delta first. */
  slowerDrivers: PhaseComparison[];
  /** Driver phases that got significantly faster in B, largest gain first. */
  fasterDrivers: PhaseComparison[];
}

/** A 32-bit FNV-1a hash, so each phase gets its own reproducible random stream. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function side(values: number[]): SideFigures {
  const d = describe(values.map((value, i) => ({ switchId: i, value })));
  return { count: d.count, mean: d.mean, median: d.median };
}

export function comparePhase(phase: string, a: number[], b: number[], options: ComparisonOptions): PhaseComparison {
  const sa = side(a);
  const sb = side(b);
  // Each phase draws from a stream derived from (seed, phase), so adding a driver never moves another phase's interval.
  const rng = xoroshiro128plus((options.seed ^ hash(phase)) | 0);
  const boot = { resamples: options.resamples, confidence: options.confidence, rng };
  const medianDelta = sa.median === null || sb.median === null ? null : sb.median - sa.median;
  const meanDelta = sa.mean === null || sb.mean === null ? null : sb.mean - sa.mean;
  const mw = mannWhitney(a, b);
  const cis = bootstrapDeltaCis(a, b, ['median', 'mean'], boot);
  let verdict: PhaseComparison['verdict'] = 'insufficient';
  if (mw.p !== null && mw.probabilityFirstGreater !== null) {
    verdict = mw.p < options.alpha && mw.probabilityFirstGreater !== 0.5 ? (mw.probabilityFirstGreater < 0.5 ? 'slower' : 'faster') : 'unchanged';
  }
  return {
    phase,
    a: sa,
    b: sb,
    medianDelta,
    medianDeltaCi: cis.median,
    meanDelta,
    meanDeltaCi: cis.mean,
    relativeMedianDelta: medianDelta === null || !sa.median ? null : medianDelta / sa.median,
    mannWhitney: mw,
    verdict,
  };
}

/**
 * Compares two sets of switch records (two sessions, or two marked ranges),
 * phase by phase, over the same population (default: that of A, see
 * `defaultScope`).
 */
export function compareSwitches(
  a: readonly SwitchRecord[],
  b: readonly SwitchRecord[],
  options: Partial<ComparisonOptions> = {},
  scope: SummaryScope = defaultScope(a.length ? a : b),
): SessionComparison {
  const opts = { ...DEFAULT_COMPARISON_OPTIONS, ...options };
  const samplesA = phaseSamples(inScope(a, scope));
  const samplesB = phaseSamples(inScope(b, scope));
  const keys = [...samplesA.keys()];
  for (const key of samplesB.keys()) if (!samplesA.has(key)) keys.push(key);
  const values = (m: Map<string, { value: number }[]>, key: string) => (m.get(key) ?? []).map((s) => s.value);
  const phases = keys.map((key) => comparePhase(key, values(samplesA, key), values(samplesB, key), opts));
  const drivers = phases.filter((p) => isDriverKey(p.phase));
  const byDelta = (x: PhaseComparison, y: PhaseComparison) => (y.medianDelta ?? 0) - (x.medianDelta ?? 0);
  return {
    options: opts,
    scope,
    phases,
    slowerDrivers: drivers.filter((p) => p.verdict === 'slower').sort(byDelta),
    fasterDrivers: drivers.filter((p) => p.verdict === 'faster').sort((x, y) => byDelta(y, x)),
  };
}
