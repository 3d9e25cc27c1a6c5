import type { Diagnostic, DiagnosticFix, SourceRange } from './diagnostic';
import { spanAfter, spanOf } from './diagnostic';
import type { LineMap } from './diagnostic';
import type { Token } from './lexer';
import { closest } from './units';

/** Thrown inside the parser to abandon one statement; never escapes `parse`. */
export class StatementError {
  constructor(readonly diagnostic: Diagnostic | null) {}
}

/**
 * A cursor over one script's tokens, with the helpers every parsing step
 * needs: where it is, what comes next, and how to report a problem there.
 */
export class TokenCursor {
  protected pos = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly text: string,
    protected readonly lines: LineMap,
    protected readonly diagnostics: Diagnostic[],
  ) {}

  current(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)] as Token;
  }

  protected advance(): Token {
    const token = this.current();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  protected previous(): Token {
    return this.tokens[Math.max(0, this.pos - 1)] as Token;
  }


  protected atEnd(): boolean {
    const kind = this.current().kind;
    return kind === 'newline' || kind === 'semi' || kind === 'eof' || kind === 'comment' || kind === 'rbrace';
  }

  /** Range from the current token to the last one of the statement (before a comment). */
  protected restOfStatement(): SourceRange {
    const first = this.current();
    let last = first;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === 'newline' || t.kind === 'semi' || t.kind === 'eof' || t.kind === 'comment' || t.kind === 'rbrace') break;
      last = t;
    }
    return spanOf(first.range, last.range);
  }


  protected isWord(text: string): boolean {
    const token = this.current();
    return token.kind === 'word' && token.text === text;
  }

  protected expectWord(text: string, message: string): Token {
    const token = this.current();
    if (token.kind === 'word' && token.text === text) return this.advance();
    const insertAt = this.here();
    const fix = token.kind === 'word' && closest(token.text, [text]) === text
      ? { range: token.range, replacement: text, title: `change to '${text}'` }
      : undefined;
    return this.fail(insertAt, 'syntax/expected-keyword', `${message}, found ${describe(token)}`, fix);
  }

  /** Where the current token is; at the end of a line, a zero-length range there. */
  protected here(): SourceRange {
    const token = this.current();
    if (token.kind === 'newline' || token.kind === 'eof' || token.kind === 'comment') {
      const end = token.kind === 'comment' ? this.previous().range : token.range;
      if (token.kind === 'comment') {
        return spanAfter(end);
      }
      return { ...token.range, endLine: token.range.startLine, endCol: token.range.startCol, length: 0 };
    }
    return token.range;
  }

  /** From the current token up to (not including) the word `stop` or the end of the statement. */
  protected spanUntilWord(stop: string): SourceRange {
    const first = this.current();
    let last = first;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === 'newline' || t.kind === 'semi' || t.kind === 'eof' || t.kind === 'comment' || t.kind === 'rbrace') break;
      if (t.kind === 'word' && t.text === stop && i > this.pos) break;
      last = t;
    }
    return spanOf(first.range, last.range);
  }

  protected quoteFix(range: SourceRange, title: string): DiagnosticFix {
    const raw = this.text.slice(range.offset, range.offset + range.length);
    return { range, replacement: JSON.stringify(raw), title };
  }

  protected error(range: SourceRange, code: string, message: string, fix?: DiagnosticFix): void {
    this.diagnostics.push(fix ? { severity: 'error', code, message, range, fix } : { severity: 'error', code, message, range });
  }

  protected fail(range: SourceRange, code: string, message: string, fix?: DiagnosticFix): never {
    throw new StatementError(fix ? { severity: 'error', code, message, range, fix } : { severity: 'error', code, message, range });
  }
}

export function describe(token: Token): string {
  switch (token.kind) {
    case 'newline':
    case 'comment':
      return 'the end of the line';
    case 'eof':
      return 'the end of the file';
    case 'bad':
      return `character ${token.str ?? token.text}`;
    case 'string':
      return token.text.length > 24 ? `${token.text.slice(0, 21)}…` : token.text;
    default:
      return `'${token.text.length > 24 ? `${token.text.slice(0, 21)}…` : token.text}'`;
  }
}
