import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../common/script/checker';
import { hoverAt } from '../../../common/script/hover';
import { expandSnippet, SNIPPETS } from '../../../common/script/snippets';
import { galaxyNexusContext } from './galaxy-nexus';

describe('hover', () => {
  it('documents the operation under the cursor, with its range', () => {
    const text = 'wait 1s\n  switch ics force';
    const hover = hoverAt(text, text.indexOf('itch'));
    expect(hover?.operation).toBe('switch');
    expect(text.slice(hover?.range.offset, (hover?.range.offset ?? 0) + (hover?.range.length ?? 0))).toBe('switch');
    expect(hover?.doc.summary).toBe('Suspend the running instance and resume a sleeping one.');
  });

  it('finds operations after ; and { on one line, and nothing elsewhere', () => {
    const text = 'repeat 2 { switch jb; wait 1s }';
    expect(hoverAt(text, text.indexOf('switch'))?.operation).toBe('switch');
    expect(hoverAt(text, text.indexOf('wait'))?.operation).toBe('wait');
    expect(hoverAt(text, text.indexOf('jb'))).toBeNull();
    expect(hoverAt('# switch', 3)).toBeNull();
  });
});

describe('snippets', () => {
  it('expand with their defaults to scripts that check clean, in order', () => {
    const script = ['boot a second instance', 'switch benchmark', 'self-switch timing', 'switch under a wakelock']
      .map((label) => expandSnippet(SNIPPETS.find((s) => s.label === label)?.body ?? ''))
      .join('\n');
    expect(checkScript(script, galaxyNexusContext()).diagnostics).toEqual([]);
  });
});
