import { describe, expect, it } from 'vitest';
import { completeAt } from '../../../common/script/completion';
import type { ScriptContext } from '../../../common/script/context';
import { galaxyNexusContext } from './galaxy-nexus';

/** Completions where `|` stands in the text. */
function at(marked: string, context: Partial<ScriptContext> = {}) {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const result = completeAt(text, offset, galaxyNexusContext(context));
  return { labels: result.items.map((i) => i.label), replaced: text.slice(result.range.offset, result.range.offset + result.range.length), items: result.items };
}

describe('completion', () => {
  it('offers every operation at the start of a line, with its syntax', () => {
    const { labels, items } = at('|');
    expect(labels).toContain('switch');
    expect(labels).toHaveLength(18);
    expect(items.find((i) => i.label === 'load')?.detail).toBe('load "FILE"|atags at ADDRESS [as kernel|param|other] [for INSTANCE]');
  });

  it('replaces the word being typed', () => {
    expect(at('wait 1s\nswi|')).toMatchObject({ replaced: 'swi' });
    expect(at('repeat 2 { sw|')).toMatchObject({ replaced: 'sw' });
  });

  it('offers the phone\'s instances and those a boot introduces', () => {
    const { labels, items } = at('boot cm10\nswitch |');
    expect(labels).toEqual(['ics', 'jb', 'cm10']);
    expect(items.map((i) => i.detail)).toEqual(['instance 1, running', 'instance 2, absent', 'booted by this script']);
  });

  it('offers force and timeout after a switch target, once each', () => {
    expect(at('switch jb |').labels).toEqual(['force', 'timeout']);
    expect(at('switch jb force |').labels).toEqual(['timeout']);
  });

  it('offers movable sections online in the running instance after reserve … at', () => {
    const { labels } = at('reserve 2 sections at |');
    expect(labels[0]).toBe('0x90000000');
    expect(labels).not.toContain('0x88000000'); // kernelcore and a boot-loader range
    expect(labels).not.toContain('0xac000000'); // the fsw page
    expect(labels).not.toContain('0xa0000000'); // holds the ram console
    expect(labels).toHaveLength(27); // 0x90..0xab but 0xa0
  });

  it('offers sections offline everywhere after load … at', () => {
    const sections = [144, 145, 146].map((index) => ({ index, owner: null, onlineIn: index === 146 ? [1] : [] }));
    expect(at('load "x" at |', { sections }).labels).toEqual(['0x90000000', '0x91000000']);
  });

  it('offers units, natures, fields and values where they go', () => {
    expect(at('reserve 2 |').labels).toEqual(['sections']);
    expect(at('load atags at 0x90000100 as |').labels).toEqual(['kernel', 'param', 'other']);
    expect(at('expect last.|').labels).toEqual(['total', 'wakelockWait', 'suspend', 'resume', 'anomalies', 'blockingWakelocks', 'outcome', 'kind', 'from', 'to']);
    expect(at('expect last.outcome == |').labels).toEqual(['ok', 'aborted', 'failed']);
    expect(at('expect jb |').labels).toEqual(['running', 'sleeping', 'booting', 'absent']);
    expect(at('wait until jb |').labels).toEqual(['running', 'sleeping']);
    expect(at('sim audio |').labels).toEqual(['play', 'stop']);
  });

  it('offers nothing inside a comment or an open string', () => {
    expect(at('# swi|').labels).toEqual([]);
    expect(at('shell "ca|').labels).toEqual([]);
    expect(at('load "x" |').labels).toEqual(['at']);
  });
});
