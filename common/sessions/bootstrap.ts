import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { percentile } from './statistics';

export type Statistic = 'median' | 'mean';

export interface BootstrapOptions {
  /** Number of resamples; 2,000 gives CI ends stable to about a percent of their width. */
  resamples: number;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
  rng: RandomGenerator;
}

/**
 * One set, sorted once. A resample is kept as how many times each value was
 * drawn, so its median is a walk over the counts instead of a sort: the
 * bootstrap of a 200-switch session costs O(n) per resample.
 */
class Resampler {
  readonly sorted: Float64Array;
  readonly counts: Int32Array;

  constructor(values: readonly number[]) {
    this.sorted = Float64Array.from(values).sort();
    this.counts = new Int32Array(values.length);
  }

  draw(rng: RandomGenerator): void {
    const n = this.sorted.length;
    this.counts.fill(0);
    for (let i = 0; i < n; i++) {
      const k = uniformInt(rng, 0, n - 1);
      this.counts[k] = (this.counts[k] as number) + 1;
    }
  }

  /** The value at 0-based rank `rank` of the current resample in ascending order. */
  private atRank(rank: number): number {
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen > rank) return this.sorted[i] as number;
    }
    return this.sorted[this.sorted.length - 1] as number;
  }

  /** Median of the current resample, type 7 as everywhere else. */
  median(): number {
    const h = (this.sorted.length - 1) / 2;
    const lo = Math.floor(h);
    const a = this.atRank(lo);
    return h === lo ? a : a + (h - lo) * (this.atRank(lo + 1) - a);
  }

  mean(): number {
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) sum += (this.counts[i] as number) * (this.sorted[i] as number);
    return sum / this.sorted.length;
  }
}

/**
 * Percentile bootstrap intervals of statistic(b) − statistic(a), for each
 * statistic asked, from one shared series of resamples: resample each set
 * with replacement independently, take the differences each time, and read
 * the (1 − c)/2 and (1 + c)/2 percentiles (type 7) of the differences.
 * Null when a set is empty.
 */
export function bootstrapDeltaCis<S extends Statistic>(
  a: readonly number[],
  b: readonly number[],
  statistics: readonly S[],
  options: BootstrapOptions,
): Record<S, [number, number] | null> {
  const out = {} as Record<S, [number, number] | null>;
  for (const statistic of statistics) out[statistic] = null;
  if (a.length === 0 || b.length === 0 || options.resamples < 1) return out;
  const ra = new Resampler(a);
  const rb = new Resampler(b);
  const deltas = statistics.map(() => new Float64Array(options.resamples));
  for (let r = 0; r < options.resamples; r++) {
    ra.draw(options.rng);
    rb.draw(options.rng);
    statistics.forEach((statistic, i) => {
      (deltas[i] as Float64Array)[r] = statistic === 'mean' ? rb.mean() - ra.mean() : rb.median() - ra.median();
    });
  }
  const tail = (1 - options.confidence) / 2;
  statistics.forEach((statistic, i) => {
    const d = (deltas[i] as Float64Array).sort();
    out[statistic] = [percentile(d, tail) as number, percentile(d, 1 - tail) as number];
  });
  return out;
}

/** The interval of one statistic (see `bootstrapDeltaCis`). */
export function bootstrapDeltaCi(a: readonly number[], b: readonly number[], statistic: Statistic, options: BootstrapOptions): [number, number] | null {
  return bootstrapDeltaCis(a, b, [statistic], options)[statistic];
}
