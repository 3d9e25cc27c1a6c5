import { COUNT_FIELDS, DURATION_FIELDS, INSTANCE_FIELDS, INSTANCE_STATES, OUTCOMES, QEMU_KEYWORDS, SIM_ACTIONS, SWITCH_KINDS, WORD_FIELDS } from '../../../common/script/ast';
import { lex, type Token } from '../../../common/script/lexer';
import { OPERATIONS, SECTION_WORDS } from '../../../common/script/units';

/**
 * Syntax colouring from the real lexer (common/script/lexer.ts), not a
 * second grammar: the language is line-oriented (comments and strings end
 * with their line), so lexing one line alone gives the same tokens as
 * lexing the whole file, and Monaco can ask line by line.
 */

/** Words that start a statement. */
export const OPERATION_WORDS: ReadonlySet<string> = new Set(OPERATIONS);

/** Every other word the grammar (docs/script-language.md) spells as a terminal. */
export const KEYWORD_WORDS: ReadonlySet<string> = new Set<string>([
  'at', 'for', 'as', 'kernel', 'param', 'other', 'atags', 'timeout', 'force', 'until', 'hold', 'release', 'last', 'switches',
  ...SECTION_WORDS,
  ...INSTANCE_STATES,
  ...DURATION_FIELDS,
  ...COUNT_FIELDS,
  ...WORD_FIELDS,
  ...INSTANCE_FIELDS,
  ...OUTCOMES,
  ...SWITCH_KINDS,
  ...Object.keys(SIM_ACTIONS),
  ...Object.values(SIM_ACTIONS).flat(),
  ...QEMU_KEYWORDS,
]);

/** Monaco token types (the theme colours them: keyword, string, number, comment, …). */
export type FswTokenType =
  | 'comment'
  | 'comment.directive'
  | 'string'
  | 'number'
  | 'number.hex'
  | 'keyword.operation'
  | 'keyword'
  | 'identifier'
  | 'operator'
  | 'delimiter'
  | 'delimiter.bracket'
  | 'invalid'
  | 'white';

export interface LineToken {
  /** 0-based column where the token starts. */
  startIndex: number;
  type: FswTokenType;
}

export function tokenTypeOf(token: Token, isFirstWord: boolean): FswTokenType {
  switch (token.kind) {
    case 'comment':
      return /^#\s*[\w-]+\s*:/.test(token.text) ? 'comment.directive' : 'comment';
    case 'string':
      return 'string';
    case 'number':
      return token.hex ? 'number.hex' : 'number';
    case 'word':
      if (isFirstWord && OPERATION_WORDS.has(token.text)) return 'keyword.operation';
      if (KEYWORD_WORDS.has(token.text) || OPERATION_WORDS.has(token.text)) return 'keyword';
      return 'identifier';
    case 'op':
      return 'operator';
    case 'lbrace':
    case 'rbrace':
      return 'delimiter.bracket';
    case 'semi':
    case 'dot':
      return 'delimiter';
    case 'bad':
      return 'invalid';
    default:
      return 'white';
  }
}

/** The tokens of one line, as Monaco's `TokensProvider.tokenize` wants them. */
export function tokenizeLine(line: string): LineToken[] {
  const out: LineToken[] = [];
  let expectOperation = true;
  let covered = 0;
  for (const token of lex(line).tokens) {
    if (token.kind === 'eof' || token.kind === 'newline') continue;
    const start = token.range.offset;
    if (start > covered) out.push({ startIndex: covered, type: 'white' });
    out.push({ startIndex: start, type: tokenTypeOf(token, expectOperation) });
    covered = start + token.range.length;
    // A statement starts a line, or follows `;` or `{`.
    expectOperation = token.kind === 'semi' || token.kind === 'lbrace' || token.kind === 'rbrace';
  }
  if (out.length === 0 || covered < line.length) out.push({ startIndex: covered, type: 'white' });
  return out;
}
