import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptContext } from '../../../common/script/context';
import { galaxyNexusContext as builtIn } from '../../../common/script/galaxy-nexus-context';
import { fixtures } from '../../support/fixtures';
import { GALAXY_NEXUS_FROM_NOTES, galaxyNexusContext } from './galaxy-nexus';

describe('the built-in Galaxy Nexus context', () => {
  it('is the memory map of fastswitch-real.md §2, as the tests write it out', () => {
    expect(builtIn()).toEqual(galaxyNexusContext());
  });

  it('is a valid ScriptContext', () => {
    expect(ScriptContext.safeParse(builtIn()).success).toBe(true);
  });

  it('tiles the top of RAM with carve-outs from the end of System RAM to 4 GiB', () => {
    const { carveouts } = builtIn().memory;
    const fromVram = carveouts.filter((c) => c.start >= 0xaca00000).sort((a, b) => a.start - b.start);
    for (let i = 1; i < fromVram.length; i++) {
      const before = fromVram[i - 1] as { start: number; size: number };
      expect(fromVram[i]?.start).toBe(before.start + before.size);
    }
    const last = fromVram[fromVram.length - 1] as { start: number; size: number };
    expect(last.start + last.size).toBe(0xc0000000);
  });
});

describe.skipIf(!fixtures.available)(`the test fixture against fastswitch-real.md (${fixtures.reason || 'present'})`, () => {
  const doc = fixtures.available ? readFileSync(fixtures.path('fastswitch-real.md'), 'utf8') : '';
  const values = [GALAXY_NEXUS_FROM_NOTES.ram, GALAXY_NEXUS_FROM_NOTES.sectionSize, GALAXY_NEXUS_FROM_NOTES.kernelcore, GALAXY_NEXUS_FROM_NOTES.fswBase, ...GALAXY_NEXUS_FROM_NOTES.carveouts, ...GALAXY_NEXUS_FROM_NOTES.bootloaderRanges, ...GALAXY_NEXUS_FROM_NOTES.pinned];
  for (const value of values) {
    it(`finds '${value.doc}' in the notes`, () => {
      expect(doc).toContain(value.doc);
    });
  }
});
