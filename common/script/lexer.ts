import type { Diagnostic, SourceRange } from './diagnostic';
import { LineMap } from './diagnostic';

export type TokenKind = 'word' | 'number' | 'string' | 'lbrace' | 'rbrace' | 'semi' | 'dot' | 'op' | 'newline' | 'comment' | 'bad' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token, exactly. */
  text: string;
  range: SourceRange;
  /** number: the numeric part's value (NaN when malformed). */
  value?: number;
  /** number: the letters glued to it (`s`, `ms`, `M`), '' when none. */
  unit?: string;
  /** number: written in hex. */
  hex?: boolean;
  /** number: the numeric part as written (without the unit). */
  digits?: string;
  /** string: the unescaped contents. */
  str?: string;
}

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
  lines: LineMap;
}

// Plain comparisons rather than regexes: the editor re-lexes on every keystroke.
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isWordStart = (c: string) => isLetter(c) || c === '_';
const isWordPart = (c: string) => isLetter(c) || isDigit(c) || c === '_' || c === '-';
const isHexDigit = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };

/**
 * Splits a script into tokens. Never throws: anything it cannot read becomes
 * a `bad` token plus a diagnostic, and lexing carries on at the next character.
 * Newlines are tokens because the language is line-oriented.
 */
export function lex(text: string): LexResult {
  const lines = new LineMap(text);
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const push = (kind: TokenKind, start: number, end: number, extra: Partial<Token> = {}) => {
    tokens.push({ kind, text: text.slice(start, end), range: lines.range(start, end - start), ...extra });
  };
  const report = (start: number, length: number, code: string, message: string) => {
    diagnostics.push({ severity: 'error', code, message, range: lines.range(start, length) });
  };

  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\n') {
      push('newline', i, i + 1);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
    } else if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      push('comment', i, end);
      i = end;
    } else if (c === '"' || c === "'") {
      i = lexString(text, i, c, push, report);
    } else if (isDigit(c) || (c === '.' && isDigit(text.charAt(i + 1)))) {
      i = lexNumber(text, i, push, report);
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text.charAt(end))) end++;
      push('word', i, end);
      i = end;
    } else if (c === '{') {
      push('lbrace', i, ++i);
    } else if (c === '}') {
      push('rbrace', i, ++i);
    } else if (c === ';') {
      push('semi', i, ++i);
    } else if (c === '.') {
      push('dot', i, ++i);
    } else if (c === '<' || c === '>' || c === '=' || c === '!') {
      const two = text.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
        push('op', i, i + 2);
        i += 2;
      } else if (c === '<' || c === '>') {
        push('op', i, ++i);
      } else {
        // A lone '=' is the likeliest slip for '=='; the parser offers the fix.
        push('op', i, ++i);
      }
    } else {
      // One code point, so a surrogate pair is reported once and whole.
      const cp = text.codePointAt(i) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      const shown = cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
      // Reported by the parser where it meets it, so one bad line gives one message.
      push('bad', i, i + width, { str: shown });
      i += width;
    }
  }
  push('eof', text.length, text.length);
  return { tokens, diagnostics, lines };
}

type Push = (kind: TokenKind, start: number, end: number, extra?: Partial<Token>) => void;
type Report = (start: number, length: number, code: string, message: string) => void;

function lexString(text: string, start: number, quote: string, push: Push, report: Report): number {
  let i = start + 1;
  let value = '';
  while (i < text.length && text.charAt(i) !== quote && text.charAt(i) !== '\n') {
    if (text.charAt(i) === '\\' && i + 1 < text.length && text.charAt(i + 1) !== '\n') {
      const next = text.charAt(i + 1);
      const mapped = ESCAPES[next];
      if (mapped === undefined) {
        report(i, 2, 'syntax/bad-escape', `unknown escape '\\${next}' in a string: use \\\\ for a backslash`);
        value += next;
      } else {
        value += mapped;
      }
      i += 2;
    } else {
      value += text.charAt(i);
      i++;
    }
  }
  if (text.charAt(i) === quote) {
    push('string', start, i + 1, { str: value });
    return i + 1;
  }
  report(start, i - start, 'syntax/unterminated-string', `string is not closed: add ${quote} before the end of the line`);
  push('string', start, i, { str: value });
  return i;
}

function lexNumber(text: string, start: number, push: Push, report: Report): number {
  let i = start;
  let hex = false;
  if (text.charAt(i) === '0' && (text.charAt(i + 1) === 'x' || text.charAt(i + 1) === 'X')) {
    hex = true;
    i += 2;
    while (i < text.length && (isHexDigit(text.charAt(i)) || text.charAt(i) === '_')) i++;
  } else {
    while (i < text.length && (isDigit(text.charAt(i)) || text.charAt(i) === '_')) i++;
    if (text.charAt(i) === '.' && isDigit(text.charAt(i + 1))) {
      i++;
      while (i < text.length && isDigit(text.charAt(i))) i++;
    }
  }
  const digits = text.slice(start, i);
  let unitEnd = i;
  while (unitEnd < text.length && isWordStart(text.charAt(unitEnd))) unitEnd++;
  const unit = text.slice(i, unitEnd);
  const clean = digits.replace(/_/g, '');
  let value = Number.NaN;
  if (hex) {
    if (clean.length > 2) value = Number.parseInt(clean.slice(2), 16);
    else report(start, unitEnd - start, 'syntax/bad-number', `'${text.slice(start, unitEnd)}' has no hex digits after 0x`);
  } else {
    value = Number(clean);
  }
  push('number', start, unitEnd, { value, unit, hex, digits });
  return unitEnd;
}
