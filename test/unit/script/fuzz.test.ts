import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../common/script/checker';
import { compile } from '../../../common/script/compile';
import { completeAt } from '../../../common/script/completion';
import type { Diagnostic, SourceRange } from '../../../common/script/diagnostic';
import { LineMap } from '../../../common/script/diagnostic';
import { parse } from '../../../common/script/parser';
import { DESIGN_SKETCH, exampleScripts } from './examples';
import { galaxyNexusContext } from './galaxy-nexus';

const context = galaxyNexusContext({ interface: 'fsw-notes' });
const seeds = [DESIGN_SKETCH, ...exampleScripts().map((e) => e.text)];

/** A range lies inside the text and its line:column agree with its offsets. */
function rangeProblem(text: string, lines: LineMap, range: SourceRange): string | null {
  if (range.offset < 0 || range.length < 0 || range.offset + range.length > text.length) return `offsets ${range.offset}+${range.length} outside ${text.length}`;
  const start = lines.position(range.offset);
  const end = lines.position(range.offset + range.length);
  if (start.line !== range.startLine || start.col !== range.startCol) return `start ${range.startLine}:${range.startCol} != ${start.line}:${start.col}`;
  if (end.line !== range.endLine || end.col !== range.endCol) return `end ${range.endLine}:${range.endCol} != ${end.line}:${end.col}`;
  return null;
}

function assertInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = new LineMap(text);
  for (const d of diagnostics) {
    const problem = rangeProblem(text, lines, d.range) ?? (d.fix ? rangeProblem(text, lines, d.fix.range) : null);
    if (problem) throw new Error(`${d.code} '${d.message}': ${problem}`);
  }
}

function checkAll(text: string): void {
  const result = checkScript(text, context);
  assertInside(text, result.diagnostics);
  // The compiler must not throw either, even on a script with errors.
  compile(result.script, context);
}

/** Words and symbols of the language, so mutations make near-valid scripts. */
const vocabulary = ['reserve', 'release', 'load', 'boot', 'switch', 'request', 'terminate', 'wait', 'until', 'repeat', 'wakelock', 'hold', 'shell', 'mark', 'expect', 'sim', 'at', 'for', 'as', 'kernel', 'timeout', 'force', 'last', '.', 'total', '{', '}', ';', '"', "'", '\\', '#', '\n', '\r\n', '0x', '0x90000000', '3s', '16M', 'sections', 'jb', 'ics', '<=', '=', '==', '\u00e9', '\u{1F600}', '\uD800', '\t', ' '];

type Mutation = { kind: 'delete' | 'insert' | 'replace'; at: number; length: number; piece: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'replace'),
  at: fc.nat(),
  length: fc.integer({ min: 0, max: 12 }),
  piece: fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 6, unit: 'binary' })),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.piece + out.slice(at);
    else out = out.slice(0, at) + m.piece + out.slice(at + m.length);
  }
  return out;
}

describe('the parser and checker on any input', () => {
  it('never throw on random text, and every position lies inside it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        checkAll(text);
      }),
      { numRuns: 400 },
    );
  });

  it('never throw on random sequences of the language\'s own tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 60 }), (pieces) => {
        checkAll(pieces.join(' '));
      }),
      { numRuns: 400 },
    );
  });

  it('never throw on mutated valid scripts, and every position lies inside them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        checkAll(mutate(seed, mutations));
      }),
      { numRuns: 400 },
    );
  });

  it('complete at any offset of mutated scripts without throwing, replacing text inside them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 4 }), fc.nat(), (seed, mutations, at) => {
        const text = mutate(seed, mutations);
        const { range } = completeAt(text, at % (text.length + 1), context);
        expect(rangeProblem(text, new LineMap(text), range)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('recover at the next line: garbage on one line gives syntax errors on that line only', () => {
    const lines = DESIGN_SKETCH.trimEnd().split('\n');
    const plain = vocabulary.filter((v) => !/[{}"'#;\\\n\r]/.test(v));
    const replaceable = lines.map((l, i) => i).filter((i) => !/[{}]/.test(lines[i] ?? ''));
    fc.assert(
      fc.property(fc.constantFrom(...replaceable), fc.array(fc.constantFrom(...plain), { minLength: 1, maxLength: 8 }), (index, words) => {
        const broken = lines.map((l, i) => (i === index ? words.join(' ') : l)).join('\n');
        for (const d of parse(broken).diagnostics) expect(d.range.startLine, d.message).toBe(index + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('survive deep nesting and very long lines', () => {
    const deep = 'repeat 2 {\n'.repeat(200) + 'switch ics\n' + '}\n'.repeat(200);
    const long = `shell "${'x'.repeat(100_000)}"`;
    for (const text of [deep, long, '{'.repeat(5000), '"'.repeat(5000), '\n'.repeat(5000)]) {
      expect(() => checkAll(text)).not.toThrow();
    }
    expect(parse(deep).diagnostics.map((d) => d.code)).toContain('syntax/too-deep');
  });
});
