import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenizeLine } from '../../../renderer/src/editor/fsw-tokens';

/** Every quoted terminal of the EBNF in docs/script-language.md: the grammar the editor must colour. */
function grammarTerminals(): string[] {
  const doc = readFileSync(join(__dirname, '../../../docs/script-language.md'), 'utf8');
  const ebnf = /```ebnf\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const withoutComments = ebnf.replace(/\(\*[\s\S]*?\*\)/g, '');
  return [...new Set([...withoutComments.matchAll(/"([^"]+)"/g)].map((m) => m[1]!))];
}

const typesOf = (line: string) => {
  const tokens = tokenizeLine(line);
  return tokens.map((t, i) => ({ text: line.slice(t.startIndex, tokens[i + 1]?.startIndex ?? line.length), type: t.type })).filter((t) => t.type !== 'white');
};

describe('syntax colouring from the real lexer', () => {
  const terminals = grammarTerminals();

  it('finds the grammar in the docs (so the next test checks something)', () => {
    expect(terminals).toContain('reserve');
    expect(terminals).toContain('wakelockWait');
    expect(terminals.length).toBeGreaterThan(50);
  });

  it('colours every word of the grammar as a keyword', () => {
    const words = terminals.filter((t) => /^[A-Za-z]/.test(t) && !['K', 'M', 'G', 'KiB', 'MiB', 'GiB', 'us', 'ms', 's'].includes(t));
    const uncoloured = words.filter((w) => !typesOf(`x ${w}`).at(-1)?.type.startsWith('keyword'));
    expect(uncoloured).toEqual([]);
  });

  it('colours every operator and bracket of the grammar as punctuation', () => {
    const symbols = terminals.filter((t) => !/^[A-Za-z]/.test(t));
    expect(symbols.length).toBeGreaterThan(5);
    for (const symbol of symbols) expect(['operator', 'delimiter', 'delimiter.bracket']).toContain(typesOf(symbol)[0]?.type);
  });

  it('marks the operation that starts a statement, and not the same word used as an argument', () => {
    expect(typesOf('wakelock release bench')).toEqual([
      { text: 'wakelock', type: 'keyword.operation' },
      { text: 'release', type: 'keyword' },
      { text: 'bench', type: 'identifier' },
    ]);
    expect(typesOf('repeat 2 { switch jb; wait 1s }').map((t) => t.type)).toEqual([
      'keyword.operation',
      'number',
      'delimiter.bracket',
      'keyword.operation',
      'identifier',
      'delimiter',
      'keyword.operation',
      'number',
      'delimiter.bracket',
    ]);
  });

  it('reads numbers with units and hex, strings, comments and directives', () => {
    expect(typesOf('reserve 22 sections at 0x90000000 # note')).toEqual([
      { text: 'reserve', type: 'keyword.operation' },
      { text: '22', type: 'number' },
      { text: 'sections', type: 'keyword' },
      { text: 'at', type: 'keyword' },
      { text: '0x90000000', type: 'number.hex' },
      { text: '# note', type: 'comment' },
    ]);
    expect(typesOf('shell "cat /proc/wakelocks"')[1]).toEqual({ text: '"cat /proc/wakelocks"', type: 'string' });
    expect(typesOf('# expect-switches: 51')[0]?.type).toBe('comment.directive');
  });

  it('covers every character of a line, starting at column 0, in order', () => {
    for (const line of ['', '   ', '  switch jb force  ', 'load "a b" at 0x1 as kernel for jb', 'wait until jb running timeout 90s', 'expect last.total <= 2s', '"unclosed', '@@@ switch']) {
      const tokens = tokenizeLine(line);
      expect(tokens[0]?.startIndex).toBe(0);
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.startIndex).toBeGreaterThan(tokens[i - 1]!.startIndex);
      expect(tokens.at(-1)!.startIndex).toBeLessThanOrEqual(Math.max(0, line.length));
    }
  });
});
