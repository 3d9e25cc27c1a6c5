import { Buffer, isUtf8 } from 'node:buffer';

/**
 * Bytes or text as received → whole lines. A line ends at `\n`, `\r\n` or a
 * lone `\r`; a `\r` right after a line end is swallowed so `\n\r` consoles do
 * not double every line. Invalid UTF-8 and control bytes are shown as `\xNN`
 * in `text`, never dropped, and then `raw` keeps the original bytes (base64).
 * Partial lines wait for the next chunk without re-copying what came before,
 * so feeding a long line byte by byte stays linear.
 */
export type LineSink = (text: string, raw: string | undefined, truncated: boolean) => void;

/** A line longer than this is cut (and says so) so one runaway stream cannot exhaust memory. */
export const MAX_LINE_BYTES = 16 * 1024;

const LF = 10;
const CR = 13;

export class LineFramer {
  private byteParts: Uint8Array[] = [];
  private byteLen = 0;
  private textParts: string[] = [];
  private textClean = true;
  /** Some part of the pending partial line came from a chunk with control characters. */
  private partsDirty = false;
  private textLen = 0;
  /** After a line break: the character (LF or CR) that, coming next, completes that break instead of ending an empty line. */
  private swallow = 0;
  /** Work done, in bytes or characters scanned and copied; the fuzz test checks it grows linearly. */
  work = 0;

  pushBytes(chunk: Uint8Array, sink: LineSink): void {
    // Fast path: a chunk of valid UTF-8 (the usual case) is decoded once, natively, and framed
    // as text; its lines then need no raw copy, since re-encoding gives the same bytes.
    if (this.byteLen === 0) {
      const cut = completeUtf8Length(chunk);
      const head = chunk.subarray(0, cut);
      const kind = scanBytes(head);
      if (kind !== NOT_UTF8) {
        this.work += cut;
        const buf = Buffer.from(head.buffer, head.byteOffset, head.length);
        this.frameText(buf.toString(kind === ASCII ? 'latin1' : 'utf8'), sink, kind !== UTF8_WITH_CONTROLS && kind !== ASCII_WITH_CONTROLS);
        if (cut < chunk.length) {
          // An incomplete character at the end: the partial line continues as bytes.
          this.textToBytes();
          this.appendPartialBytes(chunk.subarray(cut), sink);
        }
        return;
      }
    }
    if (this.textLen > 0) this.textToBytes();
    this.frameBytes(chunk, sink);
  }

  /** A pending partial text line becomes bytes (exactly: it came from valid UTF-8). */
  private textToBytes(): void {
    if (this.textLen === 0) return;
    const bytes = Buffer.from(this.textParts.join(''), 'utf8');
    this.textParts = [];
    this.textLen = 0;
    this.partsDirty = false;
    this.byteParts.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    this.byteLen += bytes.length;
  }

  private frameBytes(chunk: Uint8Array, sink: LineSink): void {
    const n = chunk.length;
    this.work += n;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (b !== LF && b !== CR) continue;
      if (i === start && b === this.swallow && this.byteLen === 0) {
        // The second half of `\r\n` or `\n\r`, possibly split across chunks.
        start = i + 1;
        this.swallow = 0;
        continue;
      }
      this.emitBytes(chunk, start, i, sink);
      if (b === CR && i + 1 < n && chunk[i + 1] === LF) i++;
      this.swallow = b === CR && chunk[i] !== LF ? LF : CR;
      start = i + 1;
    }
    if (start < n) {
      this.swallow = 0;
      this.appendPartialBytes(chunk.subarray(start, n), sink);
    }
  }

  pushText(chunk: string, sink: LineSink): void {
    this.frameText(chunk, sink, !hasControls(chunk));
  }

  /** `clean`: the chunk has no control characters besides TAB, CR and LF, so its lines need no check. */
  private frameText(chunk: string, sink: LineSink, clean: boolean): void {
    const n = chunk.length;
    this.work += n;
    this.textClean = clean;
    let start = 0;
    let lf = chunk.indexOf('\n');
    let cr = chunk.indexOf('\r');
    while (lf >= 0 || cr >= 0) {
      // indexOf is native and far faster than a per-character loop.
      const at = lf < 0 ? cr : cr < 0 ? lf : lf < cr ? lf : cr;
      const c = chunk.charCodeAt(at);
      let next = at + 1;
      if (at === start && c === this.swallow && this.textLen === 0) {
        this.swallow = 0;
      } else {
        this.emitText(chunk, start, at, sink);
        if (c === CR && next < n && chunk.charCodeAt(next) === LF) next++;
        this.swallow = c === CR && next === at + 1 ? LF : CR;
      }
      start = next;
      if (lf >= 0 && lf < next) lf = chunk.indexOf('\n', next);
      if (cr >= 0 && cr < next) cr = chunk.indexOf('\r', next);
    }
    if (start < n) {
      this.swallow = 0;
      this.appendPartialText(chunk.slice(start), sink);
    }
  }

  /** End of stream: a partial line still counts as a line. */
  flush(sink: LineSink): void {
    if (this.byteLen > 0) this.emitBytes(new Uint8Array(0), 0, 0, sink);
    if (this.textLen > 0) this.emitText('', 0, 0, sink);
  }

  private appendPartialBytes(part: Uint8Array, sink: LineSink): void {
    // Copy: the caller may reuse its buffer (and Buffer#slice would not copy).
    this.byteParts.push(Uint8Array.prototype.slice.call(part));
    this.byteLen += part.length;
    if (this.byteLen > MAX_LINE_BYTES) {
      const all = joinBytes(this.byteParts, this.byteLen);
      this.byteParts = [];
      this.byteLen = 0;
      this.work += all.length;
      emitBytePieces(all, sink, true);
    }
  }

  private appendPartialText(part: string, sink: LineSink): void {
    this.textParts.push(part);
    if (!this.textClean) this.partsDirty = true;
    this.textLen += part.length;
    if (this.textLen > MAX_LINE_BYTES) {
      const all = this.textParts.join('');
      this.textParts = [];
      this.textLen = 0;
      this.work += all.length;
      emitTextPieces(all, sink, true, false);
      this.partsDirty = false;
    }
  }

  private emitBytes(chunk: Uint8Array, start: number, end: number, sink: LineSink): void {
    let line: Uint8Array;
    if (this.byteLen > 0) {
      this.byteParts.push(chunk.subarray(start, end));
      line = joinBytes(this.byteParts, this.byteLen + end - start);
      this.work += line.length;
      this.byteParts = [];
      this.byteLen = 0;
    } else {
      line = chunk.subarray(start, end);
    }
    emitBytePieces(line, sink);
  }

  private emitText(chunk: string, start: number, end: number, sink: LineSink): void {
    let line: string;
    let clean = this.textClean;
    if (this.textLen > 0) {
      this.textParts.push(chunk.slice(start, end));
      line = this.textParts.join('');
      this.work += line.length;
      this.textParts = [];
      this.textLen = 0;
      clean = clean && !this.partsDirty;
      this.partsDirty = false;
    } else {
      line = chunk.slice(start, end);
    }
    emitTextPieces(line, sink, false, clean);
  }
}

/** A line over MAX_LINE_BYTES goes out in pieces, each flagged as cut: nothing is dropped. */
function emitBytePieces(line: Uint8Array, sink: LineSink, cut = false): void {
  if (line.length <= MAX_LINE_BYTES) return decodeLine(line, sink, cut);
  for (let at = 0; at < line.length; at += MAX_LINE_BYTES) decodeLine(line.subarray(at, at + MAX_LINE_BYTES), sink, true);
}

function emitTextPieces(line: string, sink: LineSink, cut: boolean, clean: boolean): void {
  if (line.length <= MAX_LINE_BYTES) {
    if (clean) sink(line, undefined, cut);
    else sinkText(line, sink, cut);
    return;
  }
  for (let at = 0; at < line.length; at += MAX_LINE_BYTES) sinkText(line.slice(at, at + MAX_LINE_BYTES), sink, true);
}

/** Length of the chunk without a trailing, incomplete UTF-8 sequence (0–3 bytes cut). */
function completeUtf8Length(chunk: Uint8Array): number {
  const n = chunk.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = chunk[n - back]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}

function joinBytes(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Control characters except TAB, and DEL; in a whole chunk CR and LF are line ends, not content.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

const ASCII = 0;
const ASCII_WITH_CONTROLS = 1;
const UTF8 = 2;
const UTF8_WITH_CONTROLS = 3;
const NOT_UTF8 = 4;

/** One pass over a chunk: plain ASCII? control bytes other than TAB, CR, LF? (A JS loop beats a regex here.) */
function scanBytes(b: Uint8Array): number {
  let controls = false;
  let high = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x20) {
      if (c !== 10 && c !== 13 && c !== 9) controls = true;
    } else if (c >= 0x7f) {
      if (c === 0x7f) controls = true;
      else high = true;
    }
  }
  if (!high) return controls ? ASCII_WITH_CONTROLS : ASCII;
  if (!isUtf8(b)) return NOT_UTF8;
  return controls ? UTF8_WITH_CONTROLS : UTF8;
}

function hasControls(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 ? c !== 10 && c !== 13 && c !== 9 : c === 0x7f) return true;
  }
  return false;
}

function sinkText(line: string, sink: LineSink, truncated: boolean): void {
  if (!CONTROL.test(line)) {
    sink(line, undefined, truncated);
    return;
  }
  sink(escapeControls(line), Buffer.from(line, 'utf8').toString('base64'), truncated);
}

function decodeLine(bytes: Uint8Array, sink: LineSink, truncated: boolean): void {
  // Fast path: printable ASCII, the overwhelming case for kernel output.
  let plain = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 ? b !== 9 : b >= 0x7f) {
      plain = false;
      break;
    }
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (plain) {
    sink(buf.toString('latin1'), undefined, truncated);
    return;
  }
  const raw = buf.toString('base64');
  if (isUtf8(bytes)) {
    const text = buf.toString('utf8');
    sink(CONTROL.test(text) ? escapeControls(text) : text, CONTROL.test(text) ? raw : undefined, truncated);
    return;
  }
  sink(escapeInvalidUtf8(bytes), raw, truncated);
}

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

function escapeControls(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += (c < 0x20 && c !== 9) || c === 0x7f ? hex(c) : text[i];
  }
  return out;
}

/** Decodes valid UTF-8 sequences and shows every other byte (and control bytes) as `\xNN`. */
function escapeInvalidUtf8(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += (b < 0x20 && b !== 9) || b === 0x7f ? hex(b) : String.fromCharCode(b);
      i++;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? (b <= 0xef ? 3 : 0) : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    if (len > 0 && i + len <= n && isUtf8(bytes.subarray(i, i + len))) {
      out += Buffer.from(bytes.buffer, bytes.byteOffset + i, len).toString('utf8');
      i += len;
    } else {
      out += hex(b);
      i++;
    }
  }
  return out;
}
