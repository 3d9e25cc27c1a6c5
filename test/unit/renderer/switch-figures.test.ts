import { describe, expect, it } from 'vitest';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { histogram, slowestDrivers, timelineOf, toSwitchBars } from '../../../renderer/src/charts/switch-figures';
import { SwitchLines } from '../../../renderer/src/state/switch-lines';
import { largestTotal, phaseBars } from '../../../renderer/src/sessions/session-charts';

const base: SwitchRecord = {
  id: 0,
  kind: 'switch',
  from: 'ics',
  to: 'jb',
  outcome: 'ok',
  wakelockWaitMs: 200,
  suspendMs: 470,
  resumeMs: 480,
  totalMs: 1160,
  clock: 'host',
  phases: { wakelockWait: 200, sync: 100, freeze: 200, deviceSuspend: 120, platformSuspend: 50, platformResume: 80, deviceResume: 120, thaw: 280 },
  drivers: [
    { name: 'omapdss', phase: 'deviceSuspend', ms: 38, line: 12 },
    { name: 'pvrsrvkm', phase: 'deviceSuspend', ms: 49, line: 14 },
    { name: 'omapdss', phase: 'deviceResume', ms: 20, line: 30 },
  ],
  blockingWakelocks: ['PowerManagerService'],
  anomalies: [],
  lines: [10, 40],
  boundaries: {
    request: { kernelTime: 1, hostTimeMs: 1, instance: 1, line: 10 },
    visible: { kernelTime: 2, hostTimeMs: 2, instance: 2, line: 40 },
  } as SwitchRecord['boundaries'],
};

describe('switch figures for the charts', () => {
  it('splits a bar into wakelock wait, suspend, hand-over and resume that add up to the total', () => {
    const [bar] = toSwitchBars([base]);
    expect(bar).toMatchObject({ wakelockWait: 200, suspend: 470, handover: 10, resume: 480, total: 1160, suspendResume: 960 });
    expect(bar!.wakelockWait + bar!.suspend + bar!.handover + bar!.resume).toBeCloseTo(bar!.total, 6);
  });

  it('draws a plain suspend/resume over its cycle on the printk clock, without a wakelock wait', () => {
    const plain: SwitchRecord = { ...base, id: 7, kind: 'plain-suspend', wakelockWaitMs: null, totalMs: null, suspendMs: 45, resumeMs: 50, cycleMs: 118.5, host: { suspendMs: 45.2, resumeMs: 50.3, totalMs: null, cycleMs: 2120 }, asleepMs: 2001.5 };
    const [bar] = toSwitchBars([plain]);
    expect(bar).toMatchObject({ id: 7, wakelockWait: 0, suspend: 45, handover: 23.5, resume: 50, total: 118.5 });
    // A switch without a request line still has no bar: its total is not known.
    expect(toSwitchBars([{ ...base, wakelockWaitMs: null }])).toEqual([]);
  });

  it("charts a session's population: its switches, or its plain suspends when it has no switch", () => {
    const plain = (id: number): SwitchRecord => ({ ...base, id, kind: 'plain-suspend', wakelockWaitMs: null, totalMs: null, suspendMs: 40, resumeMs: 50, cycleMs: 100 });
    expect(phaseBars([plain(1), plain(2), { ...plain(3), outcome: 'aborted' }]).map((b) => b.name)).toEqual(['#1', '#2']);
    // Beside switches, plain suspends are not switch timings.
    expect(phaseBars([base, plain(1)]).map((b) => b.name)).toEqual(['#0']);
    expect(largestTotal([plain(1)])).toBe(90);
  });

  it('bins totals into a histogram whose cumulative share reaches 100 %', () => {
    const bins = histogram([1400, 1410, 1420, 1450, 1500, 2600]);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(6);
    expect(bins.at(-1)!.cdf).toBe(100);
    for (const bin of bins) expect(bin.to - bin.from).toBeCloseTo(bins[0]!.to - bins[0]!.from, 6);
  });

  it('ranks drivers by their mean over the switches', () => {
    const other = { ...base, id: 1, drivers: [{ name: 'omapdss', phase: 'deviceSuspend', ms: 40 }] };
    const drivers = slowestDrivers([base, other]);
    expect(drivers[0]).toMatchObject({ name: 'pvrsrvkm', mean: 49, count: 1 });
    expect(drivers.find((d) => d.key === 'omapdss (deviceSuspend)')).toMatchObject({ mean: 39, max: 40, count: 2 });
  });

  it('lays out the phases end to end with the hand-over between the kernels, and drivers inside their phase', () => {
    const { segments, drivers, total } = timelineOf(base);
    expect(segments.map((s) => s.phase)).toEqual(['wakelockWait', 'sync', 'freeze', 'deviceSuspend', 'platformSuspend', 'handover', 'platformResume', 'deviceResume', 'thaw']);
    expect(segments.find((s) => s.phase === 'handover')!.ms).toBeCloseTo(10, 6);
    expect(total).toBeCloseTo(1160, 6);
    const deviceSuspend = segments.find((s) => s.phase === 'deviceSuspend')!;
    expect(drivers[0]).toMatchObject({ name: 'omapdss', start: deviceSuspend.start });
    expect(drivers[1]).toMatchObject({ name: 'pvrsrvkm', start: deviceSuspend.start + 38 });
  });
});

describe('which log lines belong to which switch', () => {
  it('finds the switch of a line and its boundary lines (line numbers are seq + 1)', () => {
    const lines = new SwitchLines([base, { ...base, id: 1, lines: [50, 80], boundaries: { request: { kernelTime: 3, hostTimeMs: 3, instance: 2, line: 50 } } as SwitchRecord['boundaries'] }]);
    expect(lines.switchAt(9)).toBe(0);
    expect(lines.switchAt(39)).toBe(0);
    expect(lines.switchAt(40)).toBeNull();
    expect(lines.switchAt(49)).toBe(1);
    expect(lines.boundaryAt(9)).toEqual([{ id: 0, name: 'request' }]);
    expect(lines.boundaryAt(49)).toEqual([{ id: 1, name: 'request' }]);
    expect(lines.boundaryAt(10)).toBeUndefined();
  });
});
