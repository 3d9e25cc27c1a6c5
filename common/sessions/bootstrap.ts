import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { mean, percentile } from './statistics';

export type Statistic = 'median' | 'mean';

export interface BootstrapOptions {
  /** Number of resamples; 2,000 gives CI ends stable to about a percent of their width. */
  resamples: number;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
  rng: RandomGenerator;
}

function statisticOf(values: Float64Array, statistic: Statistic): number {
  if (statistic === 'mean') return mean(values) as number;
  values.sort();
  return percentile(values, 0.5) as number;
}

function resample(from: Float64Array, into: Float64Array, rng: RandomGenerator): Float64Array {
  const last = from.length - 1;
  for (let i = 0; i < into.length; i++) into[i] = from[uniformInt(rng, 0, last)] as number;
  return into;
}

/**
 * Percentile bootstrap interval of statistic(b) − statistic(a): resample each
 * set with replacement independently, take the difference each time, and read
 * the (1 − c)/2 and (1 + c)/2 percentiles (type 7) of the differences.
 * Null when a set is empty.
 */
export function bootstrapDeltaCi(a: readonly number[], b: readonly number[], statistic: Statistic, options: BootstrapOptions): [number, number] | null {
  if (a.length === 0 || b.length === 0 || options.resamples < 1) return null;
  const fromA = Float64Array.from(a);
  const fromB = Float64Array.from(b);
  const bufA = new Float64Array(a.length);
  const bufB = new Float64Array(b.length);
  const deltas = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    const sa = statisticOf(resample(fromA, bufA, options.rng), statistic);
    const sb = statisticOf(resample(fromB, bufB, options.rng), statistic);
    deltas[r] = sb - sa;
  }
  deltas.sort();
  const tail = (1 - options.confidence) / 2;
  return [percentile(deltas, tail) as number, percentile(deltas, 1 - tail) as number];
}
