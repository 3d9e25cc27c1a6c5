import type { LogSource } from '../../../common/domain/log-record';
import { LOG_SOURCES, type LogStore } from './log-store';

/** What the log view shows. Empty fields do not filter. */
export interface LogFilter {
  source: LogSource | 'all';
  /** Instance number, 'none' for unattributed lines, or 'all'. */
  instance: number | 'none' | 'all';
  /** Highest syslog level shown (0 = emerg … 7 = debug); lines without a level always show. */
  maxLevel: number;
  text: string;
  regex: boolean;
}

export const NO_FILTER: LogFilter = { source: 'all', instance: 'all', maxLevel: 7, text: '', regex: false };

export type CompiledFilter = { ok: true; test: ((text: string, source: number, instance: number, level: number) => boolean) | null } | { ok: false; error: string };

/** Turns the filter into one predicate over a line's columns; a bad regular expression is an error in words, not an exception. */
export function compileFilter(filter: LogFilter): CompiledFilter {
  let matchText: ((text: string) => boolean) | null = null;
  if (filter.text !== '') {
    if (filter.regex) {
      let re: RegExp;
      try {
        re = new RegExp(filter.text, 'i');
      } catch (error) {
        return { ok: false, error: `Not a regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` };
      }
      matchText = (t) => re.test(t);
    } else {
      const needle = filter.text.toLowerCase();
      // Lower-casing every line costs more than the search: try the text as typed first.
      matchText = (t) => t.includes(filter.text) || t.toLowerCase().includes(needle);
    }
  }
  const source = filter.source === 'all' ? -1 : LOG_SOURCES.indexOf(filter.source);
  const instance = filter.instance === 'all' ? -1 : filter.instance === 'none' ? 0 : filter.instance;
  const maxLevel = filter.maxLevel;
  if (!matchText && source < 0 && instance < 0 && maxLevel >= 7) return { ok: true, test: null };
  return {
    ok: true,
    test: (text, s, i, l) => (source < 0 || s === source) && (instance < 0 || i === instance) && l <= maxLevel && (!matchText || matchText(text)),
  };
}

/**
 * The lines of a LogStore that pass a filter, as absolute indices in a
 * growable typed array. New lines are tested once as they arrive; changing
 * the filter rescans everything (about 100 ms for a million lines).
 */
export class FilteredLog {
  private indices = new Float64Array(1024);
  private count = 0;
  /** First index of the store not yet tested. */
  private scanned = 0;
  private version = -1;
  private test: ((text: string, source: number, instance: number, level: number) => boolean) | null = null;

  constructor(private readonly store: LogStore) {}

  /** Applies a filter from scratch; returns the time it took in ms. */
  apply(filter: CompiledFilter & { ok: true }): number {
    const started = performance.now();
    this.test = filter.test;
    this.count = 0;
    this.offset = 0;
    this.version = -1;
    this.scanned = this.store.first;
    this.update();
    return performance.now() - started;
  }

  /** Tests the lines that arrived since the last call. */
  update(): void {
    if (this.version === this.store.version && this.scanned >= this.store.length) return;
    this.version = this.store.version;
    const test = this.test;
    if (this.scanned < this.store.first) this.scanned = this.store.first;
    if (test) {
      this.store.scan(this.scanned, this.store.length, (text, chunk, at, index) => {
        if (test(text, chunk.source[at]!, chunk.instance[at]!, chunk.level[at]!)) this.push(index);
      });
    }
    this.scanned = this.store.length;
    this.dropEvicted();
  }

  get active(): boolean {
    return this.test !== null;
  }

  /** Number of lines shown. */
  get length(): number {
    if (!this.test) return this.store.size;
    return this.count - this.offset;
  }

  /** Absolute store index of the n-th shown line. */
  at(n: number): number {
    return this.test ? this.indices[this.offset + n]! : this.store.first + n;
  }

  /** Position in the view of the store line `index`, or of the nearest shown line after it. */
  positionOf(index: number): number {
    if (!this.test) return index - this.store.first;
    let lo = this.offset;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.indices[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.offset;
  }

  /** Lines evicted from the store are skipped from the front, not copied away. */
  private offset = 0;
  private dropEvicted(): void {
    const first = this.store.first;
    while (this.offset < this.count && this.indices[this.offset]! < first) this.offset++;
    // Compact once the dead prefix is most of the array.
    if (this.offset > 65536 && this.offset > this.count / 2) {
      this.indices.copyWithin(0, this.offset, this.count);
      this.count -= this.offset;
      this.offset = 0;
    }
  }

  private push(index: number): void {
    if (this.count === this.indices.length) {
      const grown = new Float64Array(this.indices.length * 2);
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.count++] = index;
  }
}
