import { describe, expect, it } from 'vitest';
import type { Statement } from '../../../common/script/ast';
import { OPERATION_DOCS } from '../../../common/script/operation-docs';
import { parse } from '../../../common/script/parser';
import { OPERATIONS } from '../../../common/script/units';
import { DESIGN_SKETCH, exampleScripts } from './examples';

/** Every object in the tree that has a range, with the path to it. */
function rangedNodes(value: unknown, path = '$'): { path: string; node: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => rangedNodes(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const here = 'range' in node ? [{ path, node }] : [];
  return [...here, ...Object.entries(node).filter(([k]) => k !== 'range' && k !== 'countRange').flatMap(([k, v]) => rangedNodes(v, `${path}.${k}`))];
}

function only(text: string): Statement {
  const { script, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  expect(script.statements).toHaveLength(1);
  return script.statements[0] as Statement;
}

describe('parse', () => {
  it('reads DESIGN §5 sketch into its 12 top-level statements', () => {
    const { script, diagnostics } = parse(DESIGN_SKETCH);
    expect(diagnostics).toEqual([]);
    expect(script.statements.map((s) => s.op)).toEqual(['reserve', 'load', 'load', 'load', 'boot', 'wait-until', 'repeat', 'request', 'wakelock-hold', 'switch', 'shell', 'mark']);
  });

  it('gives every node a range whose text is the node as written', () => {
    for (const text of [DESIGN_SKETCH, ...exampleScripts().map((e) => e.text)]) {
      const nodes = rangedNodes(parse(text).script);
      expect(nodes.length).toBeGreaterThan(10);
      for (const { path, node } of nodes) {
        const range = node.range as { offset: number; length: number };
        expect(range.offset + range.length, path).toBeLessThanOrEqual(text.length);
        if (typeof node.text === 'string' && !('kind' in node && node.kind === 'sections') && !('op' in node)) {
          // A name written in quotes keeps its unquoted value in `text`.
          const written = text.slice(range.offset, range.offset + range.length);
          expect([node.text, JSON.stringify(node.text)], path).toContain(written);
        }
      }
    }
  });

  it('converts values to base units', () => {
    expect(only('reserve 352M at 0x9000_0000 for jb')).toMatchObject({ op: 'reserve', amount: { kind: 'bytes', bytes: 352 * 1024 * 1024 }, at: { value: 0x90000000 }, for: { name: 'jb' } });
    expect(only('wait 1.5s')).toMatchObject({ duration: { ms: 1500 } });
    expect(only('wait 250us')).toMatchObject({ duration: { ms: 0.25 } });
    expect(only('reserve 1 block at 2415919104')).toMatchObject({ amount: { kind: 'sections', count: 1 }, at: { value: 0x90000000 } });
  });

  it('reads instances by name or number', () => {
    expect(only('switch 2')).toMatchObject({ instance: { name: '2', id: 2 } });
    expect(only('switch cm10-miui force timeout 30s')).toMatchObject({ instance: { name: 'cm10-miui' }, force: { text: 'force' }, timeout: { ms: 30_000 } });
  });

  it('takes load clauses in either order, and device: paths', () => {
    expect(only('load "device:/sdcard/z" at 0x91808000 for jb as kernel')).toMatchObject({ source: { kind: 'file', path: '/sdcard/z', onDevice: true }, nature: { value: 'kernel' }, for: { name: 'jb' } });
  });

  it('reads every kind of expectation', () => {
    expect(only('expect last.total < 2s')).toMatchObject({ expectation: { kind: 'last-duration', field: 'total', op: '<', value: { ms: 2000 } }, text: 'last.total < 2s' });
    expect(only('expect last.blockingWakelocks == 0')).toMatchObject({ expectation: { kind: 'last-count', value: 0 } });
    expect(only('expect last.kind != section-transfer')).toMatchObject({ expectation: { kind: 'last-word', op: '!=', value: 'section-transfer' } });
    expect(only('expect last.from == ics')).toMatchObject({ expectation: { kind: 'last-instance', value: { name: 'ics' } } });
    expect(only('expect jb sleeping')).toMatchObject({ expectation: { kind: 'instance-state', state: 'sleeping' } });
    expect(only('expect switches >= 100')).toMatchObject({ expectation: { kind: 'switch-count', op: '>=', value: 100 } });
  });

  it('reads sim scenario lines', () => {
    expect(only('sim audio play for 6s')).toMatchObject({ device: 'audio', action: 'play', duration: { ms: 6000 } });
    expect(only('sim cable detach')).toMatchObject({ device: 'cable', action: 'detach' });
  });

  it('reads one-line repeats with ; and nested repeats', () => {
    const repeat = only('repeat 3 { switch jb; repeat 2 { wait 1s } }');
    expect(repeat).toMatchObject({ op: 'repeat', count: 3, body: [{ op: 'switch' }, { op: 'repeat', count: 2, body: [{ op: 'wait' }] }] });
  });

  it('reads string escapes and single quotes', () => {
    expect(only(String.raw`shell "echo \"a\tb\" > /x\\y"`)).toMatchObject({ command: 'echo "a\tb" > /x\\y' });
    expect(only(String.raw`mark 'it\'s'`)).toMatchObject({ label: "it's" });
  });

  it('collects header directives before the first statement only', () => {
    const { script } = parse('# expect-switches: 51\n#interface:fsw-notes\n# Some prose here\nswitch ics\n# target: adb\n');
    expect(script.directives.map((d) => [d.key, d.value])).toEqual([
      ['expect-switches', '51'],
      ['interface', 'fsw-notes'],
    ]);
  });

  it('keeps a line it cannot read as an invalid statement, and goes on', () => {
    const { script } = parse('switch\nwait 1s');
    expect(script.statements.map((s) => [s.op, s.range.startLine])).toEqual([
      ['invalid', 1],
      ['wait', 2],
    ]);
  });

  it('reads CRLF line ends and a byte-order mark', () => {
    expect(parse('\uFEFFswitch ics\r\nwait 1s\r\n').diagnostics).toEqual([]);
  });

  it('points at the end of the line when something is missing there', () => {
    const [d] = parse('reserve 2 sections at   # where?').diagnostics;
    expect(d).toMatchObject({ message: "expected an address such as 0x90000000 but found the end of the line", range: { startLine: 1, startCol: 22, length: 0 } });
  });
});

describe('operation docs', () => {
  it('document every operation with an example that parses clean', () => {
    expect(Object.keys(OPERATION_DOCS).sort()).toEqual([...OPERATIONS].sort());
    for (const doc of Object.values(OPERATION_DOCS)) expect(parse(doc.example).diagnostics, doc.example).toEqual([]);
  });
});
