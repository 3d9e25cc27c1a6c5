import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../common/script/checker';
import { galaxyNexusContext } from '../../../common/script/galaxy-nexus-context';
import { SCRIPT_SNIPPETS } from '../../../renderer/src/editor/snippets';

/** A snippet as it reads once every placeholder keeps its default. */
const expand = (body: string) => body.replace(/\$\{\d+:([^}]*)\}/g, '$1');

describe('the editor snippets', () => {
  it('expand to scripts the checker accepts on the phone they are meant for', () => {
    const booted = galaxyNexusContext({ instances: [{ id: 1, name: 'ics', status: 'running' }, { id: 2, name: 'jb', status: 'sleeping' }] });
    for (const snippet of SCRIPT_SNIPPETS) {
      // Booting a second instance needs it absent; the others need it up.
      const context = snippet.label === 'boot-second-instance' ? galaxyNexusContext() : booted;
      const errors = checkScript(expand(snippet.body), context).diagnostics.filter((d) => d.severity === 'error');
      expect({ snippet: snippet.label, errors: errors.map((d) => `${d.range.startLine}:${d.range.startCol} ${d.message}`) }).toEqual({ snippet: snippet.label, errors: [] });
    }
  });

  it('leave no placeholder behind', () => {
    for (const snippet of SCRIPT_SNIPPETS) expect(expand(snippet.body)).not.toContain('$');
  });
});
