import { posix } from 'node:path';
import type { SimDeviceBackend } from '../device-backend';

/** A word after variable expansion: pieces of text, some of them pattern characters. */
export type Piece = { text: string; glob: boolean };

function segmentPattern(pieces: Piece[]): RegExp {
  const source = pieces.map((p) => (p.glob ? (p.text === '*' ? '.*' : '.') : p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's');
}

/** Splits the pieces at `/` in their text, keeping which characters are patterns. */
function segments(pieces: Piece[]): Piece[][] {
  const out: Piece[][] = [[]];
  for (const piece of pieces) {
    if (piece.glob) {
      out[out.length - 1]!.push(piece);
      continue;
    }
    const parts = piece.text.split('/');
    parts.forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part) out[out.length - 1]!.push({ text: part, glob: false });
    });
  }
  return out;
}

/**
 * mksh's file name expansion for `*` and `?`: the sorted matching paths, or
 * the word itself when nothing matches. A pattern never matches a leading dot.
 */
export function expandGlob(backend: SimDeviceBackend, cwd: string, pieces: Piece[]): string[] {
  const literal = pieces.map((p) => p.text).join('');
  if (!pieces.some((p) => p.glob)) return [literal];
  const absolute = literal.startsWith('/');
  let matches = [absolute ? '/' : ''];
  for (const segment of segments(pieces)) {
    if (segment.length === 0) continue;
    const next: string[] = [];
    const hasGlob = segment.some((p) => p.glob);
    for (const base of matches) {
      if (!hasGlob) {
        next.push(base ? posix.join(base, segment.map((p) => p.text).join('')) : segment.map((p) => p.text).join(''));
        continue;
      }
      const dir = posix.resolve(cwd, base || '.');
      const names = backend.files.list(dir);
      if (!names.ok) continue;
      const pattern = segmentPattern(segment);
      for (const name of [...names.value].sort()) {
        if (name.startsWith('.') || !pattern.test(name)) continue;
        next.push(base ? posix.join(base, name) : name);
      }
    }
    matches = next.filter((path) => path === '/' || backend.files.stat(posix.resolve(cwd, path)).ok);
    if (matches.length === 0) return [literal];
  }
  return matches;
}
