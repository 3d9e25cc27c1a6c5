import type { SourceRange } from './diagnostic';
import { LineMap } from './diagnostic';
import { lex } from './lexer';
import { OPERATION_DOCS, type OperationDoc } from './operation-docs';
import type { OperationWord } from './units';

/** The documentation of the operation word under `offset`, if there is one there. */
export function hoverAt(text: string, offset: number): { range: SourceRange; operation: OperationWord; doc: OperationDoc } | null {
  const lines = new LineMap(text);
  const line = lines.position(Math.max(0, Math.min(offset, text.length))).line;
  const start = lines.lineStart(line);
  const end = text.indexOf('\n', start);
  const tokens = lex(text.slice(start, end < 0 ? text.length : end)).tokens;
  let statementStart = true;
  for (const token of tokens) {
    const from = start + token.range.offset;
    if (token.kind === 'word' && statementStart && from <= offset && offset <= from + token.range.length && token.text in OPERATION_DOCS) {
      const operation = token.text as OperationWord;
      return { range: lines.range(from, token.range.length), operation, doc: OPERATION_DOCS[operation] };
    }
    statementStart = token.kind === 'semi' || token.kind === 'lbrace' || token.kind === 'rbrace';
  }
  return null;
}
