import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, exactCdf, mannWhitney } from '../../../common/sessions/mann-whitney';

/** U of the first set from its definition: pairs (a, b) with a > b, ties counting ½. */
function uByPairs(a: number[], b: number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/** P(U ≤ u) by listing every way to pick which of the m + n ranks belong to the first set. */
function cdfByEnumeration(m: number, n: number, u: number): number {
  let hits = 0;
  let total = 0;
  const ranks = Array.from({ length: m + n }, (_, i) => i + 1);
  const choose = (start: number, picked: number[]) => {
    if (picked.length === m) {
      total++;
      const rankSum = picked.reduce((s, r) => s + r, 0);
      if (rankSum - (m * (m + 1)) / 2 <= u) hits++;
      return;
    }
    for (let i = start; i < ranks.length; i++) choose(i + 1, [...picked, ranks[i]!]);
  };
  choose(0, []);
  return hits / total;
}

describe('Mann–Whitney U', () => {
  it('computes U as the count of pairs, ties counting half', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 15 }), fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 15 }), (a, b) => {
        const r = mannWhitney(a, b);
        expect(r.u1).toBe(uByPairs(a, b));
        expect(r.u1 + r.u2).toBe(a.length * b.length);
        expect(r.p).toBeGreaterThanOrEqual(0);
        expect(r.p).toBeLessThanOrEqual(1);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('gives the exact two-sided p of fully separated sets of three', () => {
    // 1 arrangement of 20 gives U = 0; two-sided: 2/20
    const r = mannWhitney([1, 2, 3], [4, 5, 6]);
    expect(r).toMatchObject({ u1: 0, u: 0, method: 'exact' });
    expect(r.p).toBeCloseTo(0.1, 12);
  });

  it('matches the textbook example (Conover; SciPy docs): U1 = 17, exact p = 0.1111, asymptotic p = 0.11135', () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const exact = mannWhitney(males, females);
    expect(exact.u1).toBe(17);
    expect(exact.method).toBe('exact');
    expect(exact.p).toBeCloseTo(1 / 9, 10);
    const normal = mannWhitney(males, females, 'normal');
    expect(normal.p).toBeCloseTo(0.11134688653314041, 6);
  });

  it('exact distribution agrees with enumerating every rank assignment', () => {
    for (const [m, n] of [[1, 1], [2, 3], [4, 5], [6, 3]] as const) {
      for (let u = 0; u <= m * n; u++) expect(exactCdf(m, n, u)).toBeCloseTo(cdfByEnumeration(m, n, u), 12);
    }
  });

  it('reproduces the two-tailed 0.05 critical values of the standard tables', () => {
    // Largest U significant at α = 0.05 (two-tailed): n1 = n2 = 5 → 2, 8 → 13, 10 → 23, 20 → 127
    for (const [n, critical] of [[5, 2], [8, 13], [10, 23], [20, 127]] as const) {
      expect(2 * exactCdf(n, n, critical)).toBeLessThanOrEqual(0.05);
      expect(2 * exactCdf(n, n, critical + 1)).toBeGreaterThan(0.05);
    }
  });

  it('uses the tie-corrected normal approximation when values tie', () => {
    const a = [1, 2, 2, 3, 3, 3];
    const b = [3, 4, 4, 5, 6];
    const r = mannWhitney(a, b);
    expect(r.method).toBe('normal');
    // Worked by hand: pooled 1 2 2 3 3 3 3 4 4 5 6 → tie groups of sizes 2, 4 and 2;
    // U1 = 0 + 0 + 0 + 3·0.5 = 1.5 (each 3 in a ties with b's 3); mean 15;
    // variance = 30/12 · (12 − (6 + 60 + 6)/(11·10)) = 2.5 · (12 − 0.654545) = 28.363636
    const z = (Math.abs(1.5 - 15) - 0.5) / Math.sqrt(2.5 * (12 - 72 / 110));
    expect(r.u1).toBe(1.5);
    expect(r.z).toBeCloseTo(-z, 10);
    expect(r.p).toBeCloseTo(erfc(z / Math.SQRT2), 12);
    expect(r.p).toBeCloseTo(0.01465, 3); // Φ(2.441) from a normal table
  });

  it('calls sets that are all the same value indistinguishable', () => {
    expect(mannWhitney([5, 5, 5], [5, 5])).toMatchObject({ p: 1, z: 0, u1: 3, probabilityFirstGreater: 0.5 });
  });

  it('has nothing to say about an empty set', () => {
    expect(mannWhitney([], [1, 2])).toMatchObject({ p: null, z: null, method: null, probabilityFirstGreater: null });
  });

  it('refuses an exact test it cannot do', () => {
    expect(() => mannWhitney([1, 2], [2, 3], 'exact')).toThrow(/untied/);
  });
});

describe('erfc', () => {
  it('matches tabulated values to 1e-7', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(0.5)).toBeCloseTo(0.4795001222, 7);
    expect(erfc(1)).toBeCloseTo(0.1572992071, 7);
    expect(erfc(2)).toBeCloseTo(0.004677734981, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
  });
});
