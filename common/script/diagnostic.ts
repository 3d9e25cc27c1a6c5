import { z } from 'zod';

/**
 * A span of script text. Lines and columns are 1-based (what an editor and
 * `FILE:LINE:COL` show); offset is 0-based in UTF-16 code units and length
 * counts code units, so `text.slice(offset, offset + length)` is the span.
 * End is exclusive: a one-character span at column 5 ends at column 6.
 */
export const SourceRange = z.object({
  startLine: z.number().int().positive(),
  startCol: z.number().int().positive(),
  endLine: z.number().int().positive(),
  endCol: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});
export type SourceRange = z.infer<typeof SourceRange>;

/** A text edit that fixes a diagnostic: replace `range` by `replacement`. */
export const DiagnosticFix = z.object({
  range: SourceRange,
  replacement: z.string(),
  title: z.string(),
});
export type DiagnosticFix = z.infer<typeof DiagnosticFix>;

export const DiagnosticSeverity = z.enum(['error', 'warning', 'info']);
export type DiagnosticSeverity = z.infer<typeof DiagnosticSeverity>;

/** One problem in a script. Crosses IPC (editor markers), so it has a schema. */
export const Diagnostic = z.object({
  severity: DiagnosticSeverity,
  message: z.string(),
  range: SourceRange,
  /** Stable identifier of the rule, e.g. `syntax/unknown-operation`, `memory/unaligned`. */
  code: z.string(),
  fix: DiagnosticFix.optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const Diagnostics = z.array(Diagnostic);

/** Turns offsets into 1-based line:column ranges for one text. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; col: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: at - (this.starts[lo] ?? 0) + 1 };
  }

  range(offset: number, length: number): SourceRange {
    const start = this.position(offset);
    const end = this.position(offset + length);
    return { startLine: start.line, startCol: start.col, endLine: end.line, endCol: end.col, offset, length };
  }

  /** Offset where a 1-based line starts (the text length past the last line). */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }
}

/** From the end of `first` to the end of `last` (empty when they end together): where text goes after `first`, or what lies between them. */
export function spanAfter(first: SourceRange, last: SourceRange = first): SourceRange {
  const start = first.offset + first.length;
  return {
    startLine: first.endLine,
    startCol: first.endCol,
    endLine: last.endLine,
    endCol: last.endCol,
    offset: start,
    length: Math.max(0, last.offset + last.length - start),
  };
}

/** The smallest range covering both. */
export function spanOf(first: SourceRange, last: SourceRange): SourceRange {
  const end = last.offset + last.length;
  return {
    startLine: first.startLine,
    startCol: first.startCol,
    endLine: last.endLine,
    endCol: last.endCol,
    offset: first.offset,
    length: Math.max(0, end - first.offset),
  };
}
