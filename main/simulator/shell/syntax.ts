/**
 * The part of mksh's grammar the workbench and a person use on the phone:
 * words with "…", '…' and \ quoting, `$?`/`$NAME` expansion, `*`/`?` patterns, redirections
 * (`>`, `>>`, `<`, `2>&1`), and lists joined by `;`, `&`, `&&`, `||`, `|`.
 */

/** `glob` is an unquoted `*` or `?`: a pattern character for file name expansion. */
export type WordPart = { kind: 'text'; text: string } | { kind: 'var'; name: string } | { kind: 'glob'; text: '*' | '?' };
export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}

/** Commands joined by `|`. */
export type Pipeline = SimpleCommand[];

/** Pipelines joined by `&&` / `||`. */
export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  background: boolean;
}

export type ParseResult = { ok: true; list: AndOr[] } | { ok: false; incomplete: boolean; message: string };

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string } | { kind: 'redirect'; fd: number; op: Redirect['op'] };

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly incomplete: boolean,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function pushText(word: Word, text: string): void {
  const last = word[word.length - 1];
  if (last?.kind === 'text') last.text += text;
  else word.push({ kind: 'text', text });
}

/** Reads `$…` at `i` (pointing after the `$`); returns the part and the index after it. */
function readVariable(input: string, i: number): { part: WordPart; next: number } {
  const c = input[i];
  if (c === '?' || c === '$' || c === '#' || c === '!') return { part: { kind: 'var', name: c }, next: i + 1 };
  if (c === '{') {
    const close = input.indexOf('}', i);
    if (close < 0) throw new SyntaxProblem("missing '}'", true);
    return { part: { kind: 'var', name: input.slice(i + 1, close) }, next: close + 1 };
  }
  const match = NAME.exec(input.slice(i));
  if (match) return { part: { kind: 'var', name: match[0] }, next: i + match[0].length };
  return { part: { kind: 'text', text: '$' }, next: i };
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word: Word | undefined;
  const endWord = () => {
    if (word) tokens.push({ kind: 'word', word });
    word = undefined;
  };
  const current = () => (word ??= []);

  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i += 1;
    } else if (c === '\n') {
      endWord();
      tokens.push({ kind: 'op', op: ';' });
      i += 1;
    } else if (c === '#' && !word) {
      while (i < input.length && input[i] !== '\n') i += 1;
    } else if (c === '\\') {
      if (i + 1 >= input.length) throw new SyntaxProblem('unexpected end after \\', true);
      if (input[i + 1] !== '\n') pushText(current(), input[i + 1]!);
      i += 2;
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new SyntaxProblem("no closing quote", true);
      pushText(current(), input.slice(i + 1, close));
      i = close + 1;
    } else if (c === '"') {
      const w = current();
      pushText(w, '');
      i += 1;
      for (;;) {
        if (i >= input.length) throw new SyntaxProblem('no closing quote', true);
        const d = input[i]!;
        if (d === '"') {
          i += 1;
          break;
        }
        if (d === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1]!)) {
          if (input[i + 1] !== '\n') pushText(w, input[i + 1]!);
          i += 2;
        } else if (d === '$') {
          const { part, next } = readVariable(input, i + 1);
          if (part.kind === 'text') pushText(w, part.text);
          else w.push(part);
          i = next;
        } else {
          pushText(w, d);
          i += 1;
        }
      }
    } else if (c === '$') {
      const { part, next } = readVariable(input, i + 1);
      if (part.kind === 'text') pushText(current(), part.text);
      else current().push(part);
      i = next;
    } else if (c === ';' || c === '&' || c === '|') {
      endWord();
      const two = input.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === ';;') {
        tokens.push({ kind: 'op', op: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', op: c });
        i += 1;
      }
    } else if (c === '>' || c === '<') {
      // A word made only of digits just before the operator is its fd (`2>&1`).
      let fd = c === '>' ? 1 : 0;
      if (word && word.length === 1 && word[0]!.kind === 'text' && /^\d$/.test(word[0]!.text)) {
        fd = Number(word[0]!.text);
        word = undefined;
      }
      endWord();
      let op: Redirect['op'];
      if (c === '<') op = '<';
      else if (input[i + 1] === '>') op = '>>';
      else if (input[i + 1] === '&') op = '>&';
      else op = '>';
      tokens.push({ kind: 'redirect', fd, op });
      i += op.length;
    } else if (c === '*' || c === '?') {
      current().push({ kind: 'glob', text: c });
      i += 1;
    } else if (c === '(' || c === ')' || c === '`') {
      throw new SyntaxProblem(`'${c}' unexpected`, false);
    } else {
      pushText(current(), c);
      i += 1;
    }
  }
  endWord();
  return tokens;
}

export function parse(input: string): ParseResult {
  let tokens: Token[];
  try {
    tokens = tokenize(input);
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, incomplete: error.incomplete, message: error.message };
    throw error;
  }
  let pos = 0;
  const list: AndOr[] = [];

  const parseCommand = (): SimpleCommand => {
    const command: SimpleCommand = { words: [], redirects: [] };
    for (;;) {
      const token = tokens[pos];
      if (!token || token.kind === 'op') break;
      pos += 1;
      if (token.kind === 'word') {
        command.words.push(token.word);
        continue;
      }
      const target = tokens[pos];
      if (!target || target.kind !== 'word') throw new SyntaxProblem(`'${token.op}' unexpected`, !target);
      pos += 1;
      command.redirects.push({ fd: token.fd, op: token.op, target: target.word });
    }
    if (command.words.length === 0 && command.redirects.length === 0) {
      const token = tokens[pos];
      throw new SyntaxProblem(token ? `'${(token as { op: string }).op}' unexpected` : 'unexpected end of input', !token);
    }
    return command;
  };

  const parsePipeline = (): Pipeline => {
    const pipeline = [parseCommand()];
    while (tokens[pos]?.kind === 'op' && (tokens[pos] as { op: string }).op === '|') {
      pos += 1;
      pipeline.push(parseCommand());
    }
    return pipeline;
  };

  try {
    while (pos < tokens.length) {
      const token = tokens[pos]!;
      if (token.kind === 'op' && token.op === ';') {
        pos += 1;
        continue;
      }
      const andOr: AndOr = { first: parsePipeline(), rest: [], background: false };
      for (;;) {
        const next = tokens[pos];
        if (next?.kind !== 'op') break;
        if (next.op === '&&' || next.op === '||') {
          pos += 1;
          andOr.rest.push({ op: next.op, pipeline: parsePipeline() });
        } else if (next.op === ';' || next.op === '&') {
          pos += 1;
          andOr.background = next.op === '&';
          break;
        } else {
          throw new SyntaxProblem(`'${next.op}' unexpected`, false);
        }
      }
      list.push(andOr);
    }
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, incomplete: error.incomplete, message: error.message };
    throw error;
  }
  return { ok: true, list };
}
