import { gunzipSync, gzipSync } from 'node:zlib';
import { SessionError } from './session-error';

/**
 * A small reader and writer of POSIX ustar archives (optionally gzipped),
 * enough to exchange session folders without a dependency. The reader
 * accepts only regular files and folders: links, devices and every path
 * that is absolute, has a drive letter, a backslash or a `..` segment make
 * the whole archive refused, so nothing read from it can point outside the
 * folder it is unpacked into.
 */
export interface TarEntry {
  /** Normalised relative path with `/` separators, no `.` or `..` segments. */
  path: string;
  type: 'file' | 'directory';
  data: Uint8Array;
}

const BLOCK = 512;
/** Refuse archives that unpack to more than this (a session of a million log lines is far below). */
export const MAX_UNPACKED_BYTES = 2 ** 30;

function cString(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return Buffer.from(block.subarray(start, end)).toString('utf8');
}

function octal(block: Uint8Array, start: number, length: number, field: string, entry: string): number {
  if (((block[start] as number) & 0x80) !== 0) throw new SessionError('bad-archive', `archive entry '${entry}': ${field} in binary form is not supported`);
  const text = cString(block, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new SessionError('bad-archive', `archive entry '${entry}': ${field} '${text}' is not an octal number`);
  return parseInt(text, 8);
}

/** Normalises an archive path, or explains why it could reach outside the folder it is unpacked into. */
export function safeArchivePath(raw: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (raw.includes('\0')) return { ok: false, reason: 'contains a NUL byte' };
  if (raw.includes('\\')) return { ok: false, reason: 'contains a backslash' };
  if (raw.startsWith('/')) return { ok: false, reason: 'is absolute' };
  if (/^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'starts with a drive letter' };
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, reason: 'has a ".." segment' };
  return { ok: true, path: segments.join('/') };
}

function paxPath(data: Uint8Array): string | null {
  const text = Buffer.from(data).toString('utf8');
  let found: string | null = null;
  for (let at = 0; at < text.length; ) {
    const space = text.indexOf(' ', at);
    if (space < 0) break;
    const length = Number(text.slice(at, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    at += length;
  }
  return found;
}

/** Reads a tar archive, gunzipping it first when it starts with the gzip magic. */
export function readTar(input: Uint8Array): TarEntry[] {
  let bytes = input;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
    } catch (error) {
      throw new SessionError('bad-archive', `the archive is not a readable gzip file: ${(error as Error).message}`);
    }
  }
  const entries: TarEntry[] = [];
  let longName: string | null = null;
  for (let offset = 0; offset + BLOCK <= bytes.length; ) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const rawName = cString(header, 0, 100);
    const stored = octal(header, 148, 8, 'checksum', rawName);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
    if (sum !== stored) throw new SessionError('bad-archive', `archive header at byte ${offset} ('${rawName}') has a bad checksum: not a tar file, or a damaged one`);
    const size = octal(header, 124, 12, 'size', rawName);
    const type = String.fromCharCode(header[156] as number);
    const isUstar = cString(header, 257, 6) === 'ustar';
    const prefix = isUstar ? cString(header, 345, 155) : '';
    const dataStart = offset + BLOCK;
    if (dataStart + size > bytes.length) throw new SessionError('bad-archive', `archive entry '${rawName}' is cut short: ${size} bytes announced, ${bytes.length - dataStart} present`);
    const data = bytes.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = cString(data, 0, data.length);
      continue;
    }
    const name = longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    longName = null;
    const safe = safeArchivePath(name);
    if (!safe.ok) throw new SessionError('unsafe-archive', `archive entry '${name}' ${safe.reason}: refusing the whole archive`);
    if (safe.path === '') {
      // `./` itself, as `tar -C dir .` writes it.
      if (type === '5') continue;
      throw new SessionError('bad-archive', `archive entry '${name}' has no file name`);
    }
    if (type === '0' || type === '\0' || type === '7') entries.push({ path: safe.path, type: 'file', data });
    else if (type === '5') entries.push({ path: safe.path, type: 'directory', data: new Uint8Array() });
    else {
      const what = { '1': 'a hard link', '2': 'a symbolic link', '3': 'a character device', '4': 'a block device', '6': 'a FIFO' }[type] ?? `of type '${type}'`;
      throw new SessionError('unsafe-archive', `archive entry '${name}' is ${what}; only plain files and folders are accepted: refusing the whole archive`);
    }
  }
  return entries;
}

function putString(block: Uint8Array, start: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new Error(`'${text}' does not fit in ${length} bytes`);
  block.set(bytes, start);
}

function putOctal(block: Uint8Array, start: number, length: number, value: number): void {
  putString(block, start, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a ustar archive: ${path}`);
}

/** Writes a ustar archive of plain files (folders are implied by the paths), gzipped when asked. */
export function writeTar(files: readonly { path: string; data: Uint8Array | string; mtimeMs?: number }[], options: { gzip?: boolean } = {}): Buffer {
  const blocks: Uint8Array[] = [];
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
    const header = new Uint8Array(BLOCK);
    const { prefix, name } = splitPath(file.path);
    putString(header, 0, 100, name);
    putOctal(header, 100, 8, 0o644);
    putOctal(header, 108, 8, 0);
    putOctal(header, 116, 8, 0);
    putOctal(header, 124, 12, data.length);
    putOctal(header, 136, 12, Math.floor((file.mtimeMs ?? 0) / 1000));
    header[156] = '0'.charCodeAt(0);
    putString(header, 257, 6, 'ustar\0');
    putString(header, 263, 2, '00');
    putString(header, 345, 155, prefix);
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    putString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data);
    const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (padding) blocks.push(new Uint8Array(padding));
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  const tar = Buffer.concat(blocks);
  return options.gzip ? gzipSync(tar) : tar;
}
