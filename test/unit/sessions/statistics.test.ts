import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { defaultScope, describe, percentile, phaseSamples, selectRange, summarize } from '../../../common/sessions/statistics';
import { makeSwitch } from '../../support/session-data';

const samples = (values: number[]) => values.map((value, i) => ({ switchId: i, value }));

/** Straightforward reference: type-7 percentile from the definition, mean and sample sd from their formulas. */
const reference = {
  percentile(values: number[], p: number): number {
    const x = [...values].sort((a, b) => a - b);
    const rank = 1 + (x.length - 1) * p; // 1-based fractional rank
    const below = Math.floor(rank);
    const above = Math.ceil(rank);
    return x[below - 1]! + (rank - below) * (x[above - 1]! - x[below - 1]!);
  },
  mean: (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length,
  sd(values: number[]): number {
    const m = reference.mean(values);
    return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
  },
};

suite('percentile (linear interpolation between closest ranks, type 7)', () => {
  it('interpolates between ranks as worked by hand', () => {
    // [1,2,3,4]: h = 3·0.9 = 2.7 → 3 + 0.7·(4 − 3)
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    // h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
    expect(percentile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('is null for an empty set', () => {
    expect(percentile([], 0.5)).toBeNull();
  });
});

suite('describe', () => {
  it('matches a hand-worked set', () => {
    // 2 4 4 4 5 5 7 9: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32 → sample sd √(32/7)
    const d = describe(samples([9, 4, 5, 4, 2, 7, 4, 5]));
    expect(d.count).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(d.median).toBe(4.5);
    expect(d.min).toBe(2);
    expect(d.max).toBe(9);
    // q1: h = 7·0.25 = 1.75 → 4; q3: h = 5.25 → 5 + 0.25·2 = 5.5; p90: h = 6.3 → 7 + 0.3·2 = 7.6
    expect(d.q1).toBe(4);
    expect(d.q3).toBe(5.5);
    expect(d.iqr).toBe(1.5);
    expect(d.p90).toBeCloseTo(7.6, 12);
    // Tukey fences: 4 − 2.25 = 1.75 and 5.5 + 2.25 = 7.75: only 9 (switch 0) is outside
    expect(d.outliers).toEqual([{ switchId: 0, value: 9 }]);
  });

  it('handles a set of ties: no spread, no outliers', () => {
    const d = describe(samples([3, 3, 3, 3]));
    expect(d).toMatchObject({ count: 4, mean: 3, median: 3, p90: 3, p99: 3, min: 3, max: 3, sd: 0, iqr: 0, outliers: [] });
  });

  it('flags values away from a tied majority', () => {
    // q1 = q3 = 3, IQR 0: anything but 3 is outside the fences
    const d = describe(samples([3, 3, 3, 3, 3, 3, 10]));
    expect(d.outliers).toEqual([{ switchId: 6, value: 10 }]);
  });

  it('gives every figure of a one-element set but the sample sd, which is null', () => {
    const d = describe(samples([42]));
    expect(d).toMatchObject({ count: 1, mean: 42, median: 42, p90: 42, p95: 42, p99: 42, min: 42, max: 42, q1: 42, q3: 42, sd: null, outliers: [] });
  });

  it('gives nulls, never NaN, for an empty set', () => {
    const d = describe([]);
    expect(d.count).toBe(0);
    for (const key of ['mean', 'median', 'p90', 'min', 'max', 'sd', 'p95', 'p99', 'q1', 'q3', 'iqr'] as const) expect(d[key]).toBeNull();
    expect(d.outliers).toEqual([]);
  });

  it('agrees with the reference implementation on arbitrary sets', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }).map((v) => v / 10), { minLength: 2, maxLength: 60 }), (values) => {
        const d = describe(samples(values));
        expect(d.mean).toBeCloseTo(reference.mean(values), 9);
        expect(d.sd).toBeCloseTo(reference.sd(values), 9);
        expect(d.min).toBe(Math.min(...values));
        expect(d.max).toBe(Math.max(...values));
        for (const [key, p] of [['median', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99], ['q1', 0.25], ['q3', 0.75]] as const) {
          expect(d[key]).toBeCloseTo(reference.percentile(values, p), 9);
        }
        const q1 = reference.percentile(values, 0.25);
        const q3 = reference.percentile(values, 0.75);
        const outside = values.filter((v) => v < q1 - 1.5 * (q3 - q1) || v > q3 + 1.5 * (q3 - q1));
        expect(d.outliers.map((o) => o.value).sort((a, b) => a - b)).toEqual(outside.sort((a, b) => a - b));
      }),
      { seed: 8, numRuns: 200 },
    );
  });
});

suite('phase samples and summary', () => {
  it('skips null durations and names finer phases and drivers', () => {
    const switches = [
      makeSwitch(0, { wakelockWaitMs: null, phases: { freeze: 12 }, drivers: [{ name: 'omapdss', phase: 'suspend', ms: 38 }] }),
      makeSwitch(1, { phases: { freeze: 14 } }),
    ];
    const m = phaseSamples(switches);
    expect([...m.keys()]).toEqual(['wakelockWait', 'suspend', 'resume', 'total', 'driver:omapdss/suspend', 'phase:freeze']);
    expect(m.get('wakelockWait')).toEqual([{ switchId: 1, value: 200 }]);
    expect(m.get('total')).toEqual([{ switchId: 1, value: 1440 }]);
    expect(m.get('phase:freeze')?.map((s) => s.value)).toEqual([12, 14]);
  });

  it('adds the times of a driver that appears twice in one phase of one switch', () => {
    const sw = makeSwitch(0, { drivers: [{ name: 'omap_i2c', phase: 'suspend', ms: 1.5 }, { name: 'omap_i2c', phase: 'suspend', ms: 2 }] });
    expect(phaseSamples([sw]).get('driver:omap_i2c/suspend')).toEqual([{ switchId: 0, value: 3.5 }]);
  });

  it('keeps boots, section transfers and failed switches out of switch timings', () => {
    const switches = [makeSwitch(0, { kind: 'boot', totalMs: 30_000 }), makeSwitch(1), makeSwitch(2, { outcome: 'aborted', totalMs: 99 }), makeSwitch(3, { kind: 'section-transfer' })];
    const summary = summarize(switches);
    expect(summary.total?.count).toBe(1);
    expect(summary.total?.max).toBe(1440);
  });

  it('summarises plain suspend/resume cycles when a log has no switch', () => {
    const switches = [makeSwitch(0, { kind: 'plain-suspend' }), makeSwitch(1, { kind: 'boot' })];
    expect(defaultScope(switches).kinds).toEqual(['plain-suspend']);
    expect(summarize(switches).total?.count).toBe(1);
  });

  it('an empty session has every main phase with count 0', () => {
    const summary = summarize([]);
    expect(Object.keys(summary)).toEqual(['wakelockWait', 'suspend', 'resume', 'total']);
    expect(summary.total).toMatchObject({ count: 0, mean: null, median: null });
  });
});

suite('warm-up exclusion and ranges by mark', () => {
  const switches = [0, 1, 2, 3, 4, 5].map((id) => makeSwitch(id, { totalMs: id === 0 ? 9000 : 1000 + id }));
  const marks = [
    { label: 'warm-up done', switchIndex: 2, hostWallMs: 0 },
    { label: 'driver reloaded', switchIndex: 5, hostWallMs: 0 },
  ];

  it('leaves out the records before the from-mark', () => {
    const r = selectRange(switches, marks, { from: 'warm-up done' });
    expect(r.ok && r.switches.map((s) => s.id)).toEqual([2, 3, 4, 5]);
    expect(r.ok && summarize(r.switches).total?.max).toBe(1005);
  });

  it('takes the records between two marks', () => {
    const r = selectRange(switches, marks, { from: 'warm-up done', to: 'driver reloaded' });
    expect(r.ok && r.switches.map((s) => s.id)).toEqual([2, 3, 4]);
  });

  it('names the known marks when asked for an unknown one', () => {
    const r = selectRange(switches, marks, { from: 'warmup' });
    expect(r).toEqual({ ok: false, kind: 'unknown-mark', message: 'no mark "warmup" in this session (--from); marks: "warm-up done", "driver reloaded"' });
  });

  it('gives an empty range when the marks are in the wrong order', () => {
    const r = selectRange(switches, marks, { from: 'driver reloaded', to: 'warm-up done' });
    expect(r.ok && r.switches).toEqual([]);
  });
});
