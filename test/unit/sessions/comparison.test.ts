import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { bootstrapDeltaCi, bootstrapDeltaCis } from '../../../common/sessions/bootstrap';
import { compareSwitches, comparePhase, DEFAULT_COMPARISON_OPTIONS } from '../../../common/sessions/comparison';
import { benchmarkSwitches, makeSwitch } from '../../support/session-data';

const options = { ...DEFAULT_COMPARISON_OPTIONS, resamples: 500 };

describe('bootstrap interval of a difference', () => {
  it('is reproducible from its seed', () => {
    // Means of continuous values: two seeds practically never give the same interval ends.
    const a = [10.13, 12.71, 11.05, 15.92, 9.48, 13.3, 14.66];
    const b = [14.2, 16.87, 13.01, 18.53, 15.75, 17.09, 19.34];
    const run = (seed: number) => bootstrapDeltaCi(a, b, 'mean', { resamples: 500, confidence: 0.95, rng: xoroshiro128plus(seed) });
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('agrees with a naive bootstrap that sorts every resample', () => {
    // Same random source, same draw order (n indices for a, then n for b): same differences.
    const a = [10.13, 12.71, 11.05, 15.92, 9.48, 13.3, 14.66, 12.71];
    const b = [14.2, 16.87, 13.01, 18.53, 15.75, 17.09, 19.34];
    const rng = xoroshiro128plus(11);
    const median = (v: number[]) => {
      const s = [...v].sort((x, y) => x - y);
      const h = (s.length - 1) / 2;
      return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
    };
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const sa = [...a].sort((x, y) => x - y);
    const sb = [...b].sort((x, y) => x - y);
    const medians: number[] = [];
    const means: number[] = [];
    for (let r = 0; r < 300; r++) {
      const ra = sa.map(() => sa[uniformInt(rng, 0, sa.length - 1)]!);
      const rb = sb.map(() => sb[uniformInt(rng, 0, sb.length - 1)]!);
      medians.push(median(rb) - median(ra));
      means.push(mean(rb) - mean(ra));
    }
    const ends = (d: number[]) => {
      const s = [...d].sort((x, y) => x - y);
      const at = (p: number) => {
        const h = (s.length - 1) * p;
        return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
      };
      return [at(0.025), at(0.975)];
    };
    const cis = bootstrapDeltaCis(a, b, ['median', 'mean'], { resamples: 300, confidence: 0.95, rng: xoroshiro128plus(11) });
    expect(cis.median![0]).toBeCloseTo(ends(medians)[0]!, 9);
    expect(cis.median![1]).toBeCloseTo(ends(medians)[1]!, 9);
    expect(cis.mean![0]).toBeCloseTo(ends(means)[0]!, 9);
    expect(cis.mean![1]).toBeCloseTo(ends(means)[1]!, 9);
  });

  it('collapses to the difference itself when each side has one value', () => {
    expect(bootstrapDeltaCi([10], [13], 'mean', { resamples: 50, confidence: 0.95, rng: xoroshiro128plus(1) })).toEqual([3, 3]);
  });

  it('lies within the range of possible differences and around a pure shift', () => {
    const a = [100, 104, 98, 101, 99, 103, 102, 97, 105, 100];
    const b = a.map((v) => v + 10);
    const ci = bootstrapDeltaCi(a, b, 'median', { resamples: 1000, confidence: 0.95, rng: xoroshiro128plus(1) })!;
    // Any resampled median of a lies in [97, 105], so the difference lies in [97+10−105, 105+10−97].
    expect(ci[0]).toBeGreaterThanOrEqual(2);
    expect(ci[1]).toBeLessThanOrEqual(18);
    expect(ci[0]).toBeLessThan(10);
    expect(ci[1]).toBeGreaterThan(10);
  });

  it('is null when a side is empty', () => {
    expect(bootstrapDeltaCi([], [1], 'median', { resamples: 10, confidence: 0.95, rng: xoroshiro128plus(1) })).toBeNull();
  });
});

describe('comparing one phase', () => {
  it('reports B − A and calls a clear shift slower', () => {
    const a = [100, 104, 98, 101, 99, 103, 102, 97, 105, 100.5];
    const b = a.map((v) => v + 10);
    const c = comparePhase('total', a, b, options);
    expect(c.medianDelta).toBe(10);
    expect(c.meanDelta).toBeCloseTo(10, 12);
    expect(c.relativeMedianDelta).toBeCloseTo(10 / 100.75, 12);
    expect(c.mannWhitney.method).toBe('exact');
    expect(c.verdict).toBe('slower');
    expect(comparePhase('total', b, a, options).verdict).toBe('faster');
  });

  it('calls identical sets unchanged', () => {
    const a = [5, 6, 7, 8, 9];
    const c = comparePhase('total', a, [...a], options);
    expect(c.medianDelta).toBe(0);
    expect(c.verdict).toBe('unchanged');
  });

  it('has no verdict when one side has no value', () => {
    const c = comparePhase('total', [], [1, 2, 3], options);
    expect(c).toMatchObject({ verdict: 'insufficient', medianDelta: null, medianDeltaCi: null, meanDeltaCi: null, relativeMedianDelta: null });
  });
});

describe('comparing two sessions', () => {
  it('finds the driver that got slower, and only that one', () => {
    const before = benchmarkSwitches(60, 1);
    const after = benchmarkSwitches(60, 2, 6);
    const c = compareSwitches(before, after, options);
    expect(c.slowerDrivers.map((p) => p.phase)).toEqual(['driver:omapdss/suspend']);
    expect(c.fasterDrivers).toEqual([]);
    const dss = c.slowerDrivers[0]!;
    expect(dss.medianDeltaCi![0]).toBeGreaterThan(0);
  });

  it('gives the same result for the same seed, phase by phase independent of other phases', () => {
    const before = benchmarkSwitches(30, 1);
    const after = benchmarkSwitches(30, 2);
    const withDrivers = compareSwitches(before, after, options);
    expect(compareSwitches(before, after, options)).toEqual(withDrivers);
    const noDrivers = compareSwitches(
      before.map((s) => ({ ...s, drivers: [] })),
      after.map((s) => ({ ...s, drivers: [] })),
      options,
    );
    const total = (c: typeof withDrivers) => c.phases.find((p) => p.phase === 'total');
    expect(total(noDrivers)).toEqual(total(withDrivers));
  });

  it('compares phases present on one side only as insufficient', () => {
    const a = [makeSwitch(0), makeSwitch(1)];
    const b = [makeSwitch(0, { phases: { thaw: 3 } }), makeSwitch(1, { phases: { thaw: 4 } })];
    const thaw = compareSwitches(a, b, options).phases.find((p) => p.phase === 'phase:thaw');
    expect(thaw).toMatchObject({ verdict: 'insufficient', a: { count: 0 }, b: { count: 2 } });
  });
});
