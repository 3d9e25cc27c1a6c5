/** Units of `.fsw` numbers and the words the language knows, for the parser, checker and editor. */

/** Time units to milliseconds. */
export const DURATION_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

/** Binary size units to bytes (K = KiB, as the kernel's `mem=` counts). */
export const SIZE_UNITS: Record<string, number> = { K: 1024, KiB: 1024, M: 1024 ** 2, MiB: 1024 ** 2, G: 1024 ** 3, GiB: 1024 ** 3 };

export const SECTION_WORDS = ['sections', 'section', 'blocks', 'block'] as const;

export const OPERATIONS = ['reserve', 'release', 'load', 'boot', 'switch', 'request', 'terminate', 'wait', 'repeat', 'wakelock', 'shell', 'mark', 'expect', 'sim', 'suspend', 'dimm', 'online', 'offline'] as const;
export type OperationWord = (typeof OPERATIONS)[number];

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = Math.min(up + 1, (row[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest candidate within a small distance (case-insensitive first), or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** 0x-prefixed lower-case hex, as the author wrote addresses. */
export function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** A byte size in the largest unit that divides it (16M, 352M, 4K, 100). */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}`;
}

/** A duration in the unit it reads best in (90s, 300ms, 1.5s). */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(3))}s`;
  if (ms >= 1) return `${Number(ms.toFixed(3))}ms`;
  return `${Number((ms * 1000).toFixed(3))}us`;
}
