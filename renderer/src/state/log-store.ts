import type { LogRecord, LogSource } from '../../../common/domain/log-record';

/** Lines per chunk: big enough that a flood appends into typed arrays, small enough that evicting one is cheap. */
const CHUNK = 8192;

const SOURCES: readonly LogSource[] = ['uart', 'kmsg', 'dmesg', 'logcat', 'sim', 'file', 'script'];
const KINDS = ['line', 'gap', 'mark'] as const;

/** One chunk of lines, column by column: numbers in typed arrays, so a million lines cost their text and little else. */
class Chunk {
  readonly seq = new Float64Array(CHUNK);
  readonly kernelTime = new Float64Array(CHUNK);
  readonly hostTimeMs = new Float64Array(CHUNK);
  readonly hostWallMs = new Float64Array(CHUNK);
  /** syslog level 0..7, or -1 when the channel carried none. */
  readonly level = new Int8Array(CHUNK);
  /** instance number, or 0 when not attributed. */
  readonly instance = new Uint8Array(CHUNK);
  readonly source = new Uint8Array(CHUNK);
  readonly kind = new Uint8Array(CHUNK);
  readonly text: string[] = [];
  /** Original bytes (base64) of the few lines whose text had to be escaped. */
  raw: Map<number, string> | null = null;
  length = 0;
}

/** A line as the log view reads it: the record without allocation-heavy extras. */
export interface LogLine {
  index: number;
  seq: number;
  source: LogSource;
  kernelTime: number | null;
  hostTimeMs: number;
  level: number | null;
  instance: number | null;
  text: string;
  kind: LogRecord['kind'];
}

/**
 * The renderer's kernel log: append-only, chunked, columnar. Appending a
 * batch writes into the last chunk (no array is copied, whatever the
 * length), and the oldest chunk is dropped whole once `capacity` is passed.
 * Lines are addressed by an absolute index that never changes for a line
 * (index `first` is the oldest one kept).
 */
export class LogStore {
  private chunks: Chunk[] = [];
  /** Absolute index of chunks[0][0]. */
  private base = 0;
  private end = 0;
  /** Bumped on every append or clear: views compare it to know they are stale. */
  version = 0;
  private readonly sourcesSeen = new Set<LogSource>();
  private readonly instancesSeen = new Set<number>();

  constructor(readonly capacity = 1_500_000) {}

  get first(): number {
    return this.base;
  }
  /** One past the newest line's index. */
  get length(): number {
    return this.end;
  }
  get size(): number {
    return this.end - this.base;
  }
  sources(): LogSource[] {
    return [...this.sourcesSeen];
  }
  instances(): number[] {
    return [...this.instancesSeen].sort((a, b) => a - b);
  }

  /** Seq of the newest line appended: the service numbers lines without holes, so a jump means lines were lost on the way. */
  private lastSeq = -1;

  append(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) {
      const missing = this.lastSeq >= 0 ? r.seq - this.lastSeq - 1 : 0;
      // A window that falls far behind a flood is sent fewer batches (web mode): say so where the lines are missing.
      if (missing > 0) this.put({ ...r, seq: r.seq - 0.5, kind: 'gap', level: null, instance: null, kernelTime: null, text: `${missing.toLocaleString()} line${missing === 1 ? '' : 's'} did not reach this window (it fell behind the stream); the service and a recorded session keep them` });
      if (r.seq > this.lastSeq) this.lastSeq = r.seq;
      this.put(r);
    }
    while (this.end - this.base > this.capacity && this.chunks.length > 1) {
      this.base += this.chunks[0]!.length;
      this.chunks.shift();
    }
    this.version++;
  }

  private put(r: LogRecord): void {
    let chunk = this.chunks.at(-1);
    if (!chunk || chunk.length === CHUNK) {
      chunk = new Chunk();
      this.chunks.push(chunk);
    }
    const i = chunk.length++;
    chunk.seq[i] = r.seq;
    chunk.kernelTime[i] = r.kernelTime ?? Number.NaN;
    chunk.hostTimeMs[i] = r.hostTimeMs;
    chunk.hostWallMs[i] = r.hostWallMs;
    chunk.level[i] = r.level ?? -1;
    chunk.instance[i] = r.instance ?? 0;
    chunk.source[i] = SOURCES.indexOf(r.source);
    chunk.kind[i] = KINDS.indexOf(r.kind ?? 'line');
    chunk.text.push(r.text);
    if (r.raw !== undefined) (chunk.raw ??= new Map()).set(i, r.raw);
    if (!this.sourcesSeen.has(r.source)) this.sourcesSeen.add(r.source);
    if (r.instance !== null && !this.instancesSeen.has(r.instance)) this.instancesSeen.add(r.instance);
    this.end++;
  }

  clear(): void {
    // lastSeq stays: lines after a clear continue the numbering, and no gap is reported for the cleared ones.
    this.chunks = [];
    this.base = this.end;
    this.version++;
  }

  private locate(index: number): [Chunk, number] | null {
    if (index < this.base || index >= this.end) return null;
    const offset = index - this.base;
    // Every chunk but the last is full, so the position is arithmetic.
    const chunk = this.chunks[Math.floor(offset / CHUNK)];
    return chunk ? [chunk, offset % CHUNK] : null;
  }

  /** Empties the store and forgets the numbering (used when a catch-up rebuilds it from older lines). */
  reset(): void {
    this.chunks = [];
    this.base = this.end;
    this.lastSeq = -1;
    this.version++;
  }

  text(index: number): string {
    const at = this.locate(index);
    return at ? (at[0].text[at[1]] ?? '') : '';
  }

  seq(index: number): number {
    const at = this.locate(index);
    return at ? at[0].seq[at[1]]! : -1;
  }

  line(index: number): LogLine | null {
    const at = this.locate(index);
    if (!at) return null;
    const [c, i] = at;
    const kernelTime = c.kernelTime[i]!;
    const level = c.level[i]!;
    const instance = c.instance[i]!;
    return {
      index,
      seq: c.seq[i]!,
      source: SOURCES[c.source[i]!] ?? 'uart',
      kernelTime: Number.isNaN(kernelTime) ? null : kernelTime,
      hostTimeMs: c.hostTimeMs[i]!,
      level: level < 0 ? null : level,
      instance: instance === 0 ? null : instance,
      text: c.text[i] ?? '',
      kind: KINDS[c.kind[i]!] ?? 'line',
    };
  }

  /** Column access for filters, which read one field of every line and should not build objects. */
  columns(index: number): { chunk: Chunk; at: number } | null {
    const at = this.locate(index);
    return at ? { chunk: at[0], at: at[1] } : null;
  }

  /** Runs `visit` over lines [from, to) chunk by chunk: the fast path for filters. */
  scan(from: number, to: number, visit: (text: string, chunk: Chunk, at: number, index: number) => void): void {
    let index = Math.max(from, this.base);
    const stop = Math.min(to, this.end);
    while (index < stop) {
      const [chunk, at] = this.locate(index)!;
      const n = Math.min(chunk.length - at, stop - index);
      const texts = chunk.text;
      for (let k = 0; k < n; k++) visit(texts[at + k]!, chunk, at + k, index + k);
      index += n;
    }
  }

  /** Index of the line with this seq (seqs rise through the store), or -1. */
  indexOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid]!;
      if (seq < c.seq[0]!) hi = mid - 1;
      else if (seq > c.seq[c.length - 1]!) lo = mid + 1;
      else {
        let a = 0;
        let b = c.length - 1;
        while (a <= b) {
          const m = (a + b) >> 1;
          const s = c.seq[m]!;
          if (s === seq) return this.base + mid * CHUNK + m;
          if (s < seq) a = m + 1;
          else b = m - 1;
        }
        return -1;
      }
    }
    return -1;
  }
}

export type { Chunk as LogChunk };
export { SOURCES as LOG_SOURCES };
