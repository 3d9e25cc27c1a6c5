/**
 * Mann–Whitney U test (Wilcoxon rank-sum), two-sided: does one set of timings
 * tend to be larger than the other? It assumes nothing about the shape of the
 * distributions, which suits switch timings (skewed, with a long wakelock tail).
 *
 * - Exact p-value from the permutation distribution of U when there are no
 *   ties and both sets have at most EXACT_LIMIT values.
 * - Otherwise the normal approximation with the tie-corrected variance and a
 *   continuity correction of ½.
 */
export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U of the first set: pairs (a, b) with a > b, plus ½ per tie. U1 + U2 = n1·n2. */
  u1: number;
  u2: number;
  /** min(U1, U2), the figure printed in tables. */
  u: number;
  /** Standardised statistic of the normal approximation (signed: > 0 when a tends to be larger); null when exact or empty. */
  z: number | null;
  /** Two-sided p-value; null when a set is empty. */
  p: number | null;
  method: 'exact' | 'normal' | null;
  /** U1 / (n1·n2): the probability that a value of the first set exceeds one of the second (ties ½). */
  probabilityFirstGreater: number | null;
}

export const EXACT_LIMIT = 50;

/** Midranks (1-based) of the values of both sets pooled, and the tie-group sizes. */
function rankPooled(a: readonly number[], b: readonly number[]): { rankSumA: number; tieGroups: number[] } {
  const pooled = [...a.map((v) => ({ v, fromA: true })), ...b.map((v) => ({ v, fromA: false }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  const tieGroups: number[] = [];
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && (pooled[j + 1] as { v: number }).v === (pooled[i] as { v: number }).v) j++;
    const midrank = (i + 1 + j + 1) / 2;
    for (let k = i; k <= j; k++) if ((pooled[k] as { fromA: boolean }).fromA) rankSumA += midrank;
    if (j > i) tieGroups.push(j - i + 1);
    i = j + 1;
  }
  return { rankSumA, tieGroups };
}

/**
 * P(U ≤ u) under the null hypothesis for sets of sizes m and n without ties,
 * by the recurrence p(m,n,u) = m/(m+n)·p(m−1,n,u−n) + n/(m+n)·p(m,n−1,u),
 * carried as probabilities so large counts never overflow.
 */
export function exactCdf(m: number, n: number, u: number): number {
  // dist[j] holds the distribution of U for (i, j) at the current i.
  let prev: Float64Array[] = [];
  for (let i = 0; i <= m; i++) {
    const row: Float64Array[] = [];
    for (let j = 0; j <= n; j++) {
      const d = new Float64Array(i * j + 1);
      if (i === 0 || j === 0) d[0] = 1;
      else {
        const left = prev[j] as Float64Array; // (i−1, j): the largest value is from the first set, adds j to U
        const up = row[j - 1] as Float64Array; // (i, j−1): the largest value is from the second set
        const wa = i / (i + j);
        const wb = j / (i + j);
        for (let k = 0; k < left.length; k++) d[k + j] = (d[k + j] as number) + wa * (left[k] as number);
        for (let k = 0; k < up.length; k++) d[k] = (d[k] as number) + wb * (up[k] as number);
      }
      row.push(d);
    }
    prev = row;
  }
  const dist = prev[n] as Float64Array;
  let cdf = 0;
  for (let k = 0; k <= Math.min(u, dist.length - 1); k++) cdf += dist[k] as number;
  return Math.min(1, cdf);
}

/**
 * erfc(x) with fractional error below 1.2e-7 (Chebyshev fit of Press et al.,
 * Numerical Recipes §6.2), ample for p-values.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** `auto` (default): exact when possible (no ties, both n ≤ EXACT_LIMIT), else normal. */
export type MannWhitneyMethod = 'auto' | 'exact' | 'normal';

export function mannWhitney(a: readonly number[], b: readonly number[], method: MannWhitneyMethod = 'auto'): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) {
    return { n1, n2, u1: 0, u2: 0, u: 0, z: null, p: null, method: null, probabilityFirstGreater: null };
  }
  const { rankSumA, tieGroups } = rankPooled(a, b);
  const u1 = rankSumA - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.min(u1, u2);
  const probabilityFirstGreater = u1 / (n1 * n2);
  const exactPossible = tieGroups.length === 0 && n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT;
  if (method === 'exact' && !exactPossible) throw new RangeError(`the exact Mann–Whitney distribution needs untied values and n ≤ ${EXACT_LIMIT} (got ${n1}, ${n2}, ${tieGroups.length} tie groups)`);
  if (exactPossible && method !== 'normal') {
    const p = Math.min(1, 2 * exactCdf(n1, n2, u));
    return { n1, n2, u1, u2, u, z: null, p, method: 'exact', probabilityFirstGreater };
  }
  const total = n1 + n2;
  const tieTerm = tieGroups.reduce((s, t) => s + (t * t * t - t), 0) / (total * (total - 1));
  const variance = ((n1 * n2) / 12) * (total + 1 - tieTerm);
  const mu = (n1 * n2) / 2;
  if (variance <= 0) {
    // Every value is the same: nothing tells the sets apart.
    return { n1, n2, u1, u2, u, z: 0, p: 1, method: 'normal', probabilityFirstGreater };
  }
  const magnitude = Math.max(0, Math.abs(u1 - mu) - 0.5) / Math.sqrt(variance);
  const z = u1 >= mu ? magnitude : -magnitude;
  const p = Math.min(1, erfc(magnitude / Math.SQRT2));
  return { n1, n2, u1, u2, u, z, p, method: 'normal', probabilityFirstGreater };
}
