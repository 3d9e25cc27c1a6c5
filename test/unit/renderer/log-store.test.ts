import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../common/domain/log-record';
import { compileFilter, FilteredLog, NO_FILTER, type LogFilter } from '../../../renderer/src/state/log-filter';
import { LogStore } from '../../../renderer/src/state/log-store';

const record = (seq: number, text: string, extra: Partial<LogRecord> = {}): LogRecord => ({
  seq,
  source: 'uart',
  hostTimeMs: seq,
  hostWallMs: 0,
  kernelTime: seq / 1000,
  level: null,
  instance: seq % 2 === 0 ? 1 : 2,
  text,
  kind: 'line',
  ...extra,
});

const lines = (from: number, n: number, text = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => record(from + i, text(from + i)));

const compiled = (change: Partial<LogFilter>) => {
  const c = compileFilter({ ...NO_FILTER, ...change });
  if (!c.ok) throw new Error(c.error);
  return c;
};

describe('the renderer log store', () => {
  it('appends across chunk boundaries and gives every field back', () => {
    const store = new LogStore();
    store.append(lines(0, 10_000));
    store.append([record(10_000, 'gap text', { kind: 'gap', kernelTime: null, level: 3, instance: null, source: 'kmsg' })]);
    expect(store.size).toBe(10_001);
    expect(store.line(8191)?.text).toBe('line 8191');
    expect(store.line(8192)?.text).toBe('line 8192');
    expect(store.line(10_000)).toMatchObject({ seq: 10_000, kind: 'gap', kernelTime: null, level: 3, instance: null, source: 'kmsg', text: 'gap text' });
    expect(store.line(5)).toMatchObject({ kernelTime: 0.005, level: null, instance: 2 });
  });

  it('drops whole oldest chunks past its capacity, keeping indices stable', () => {
    const store = new LogStore(20_000);
    store.append(lines(0, 30_000));
    expect(store.size).toBeLessThanOrEqual(20_000 + 8192);
    expect(store.first).toBeGreaterThan(0);
    expect(store.line(store.first)?.seq).toBe(store.first);
    expect(store.line(29_999)?.text).toBe('line 29999');
    expect(store.line(0)).toBeNull();
  });

  it('finds a line by seq', () => {
    const store = new LogStore();
    store.append(lines(100, 20_000));
    expect(store.indexOfSeq(100)).toBe(0);
    expect(store.indexOfSeq(12_345)).toBe(12_245);
    expect(store.indexOfSeq(99)).toBe(-1);
    expect(store.indexOfSeq(20_100)).toBe(-1);
  });
});

describe('filtering the log', () => {
  it('matches a regular expression, case-insensitively, and keeps up with new lines', () => {
    const store = new LogStore();
    store.append(lines(0, 1000, (i) => (i % 10 === 0 ? `PM: suspend of devices complete after ${i} msecs` : `noise ${i}`)));
    const view = new FilteredLog(store);
    view.apply(compiled({ text: 'pm: SUSPEND of devices complete after \\d*0 msecs', regex: true }));
    expect(view.length).toBe(100);
    expect(store.text(view.at(3))).toBe('PM: suspend of devices complete after 30 msecs');
    store.append(lines(1000, 20, (i) => (i === 1010 ? 'PM: suspend of devices complete after 1010 msecs' : 'noise')));
    view.update();
    expect(view.length).toBe(101);
  });

  it('filters by instance, source and level together', () => {
    const store = new LogStore();
    store.append([
      record(0, 'a', { instance: 1, level: 3 }),
      record(1, 'b', { instance: 2, level: 3 }),
      record(2, 'c', { instance: 2, level: 7 }),
      record(3, 'd', { instance: 2, level: 3, source: 'kmsg' }),
      record(4, 'e', { instance: null, level: null }),
    ]);
    const view = new FilteredLog(store);
    view.apply(compiled({ instance: 2, maxLevel: 4, source: 'uart' }));
    expect([...Array(view.length)].map((_, n) => store.text(view.at(n)))).toEqual(['b']);
    view.apply(compiled({ instance: 'none' }));
    expect(view.length).toBe(1);
    expect(store.text(view.at(0))).toBe('e');
  });

  it('says what is wrong with a bad regular expression instead of throwing', () => {
    const result = compileFilter({ ...NO_FILTER, text: 'PM: (suspend', regex: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Not a regular expression: .*unterminated group/i);
    expect(compileFilter({ ...NO_FILTER, text: 'PM: (suspend', regex: false }).ok).toBe(true);
  });

  it('maps a store line to its position in the filtered view', () => {
    const store = new LogStore();
    store.append(lines(0, 100, (i) => (i % 2 === 0 ? 'even' : 'odd')));
    const view = new FilteredLog(store);
    view.apply(compiled({ text: 'odd' }));
    expect(view.positionOf(51)).toBe(25);
    expect(view.positionOf(50)).toBe(25);
  });
});

describe('lines lost on the way to the window', () => {
  it('are marked as a gap where the numbering jumps', () => {
    const store = new LogStore();
    store.append(lines(0, 5));
    store.append(lines(12, 3));
    expect(store.size).toBe(9);
    expect(store.line(5)).toMatchObject({ kind: 'gap', text: expect.stringContaining('7 lines did not reach this window') });
    expect(store.line(6)?.seq).toBe(12);
    expect(store.indexOfSeq(13)).toBe(7);
  });

  it('are not reported after the view was cleared', () => {
    const store = new LogStore();
    store.append(lines(0, 5));
    store.clear();
    store.append(lines(5, 2));
    expect(store.size).toBe(2);
    expect(store.line(store.first)?.kind).toBe('line');
  });
});
