import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBuilderConfig, fpmMetadataProblems, iconProblems } from '../../../scripts/packaging/builder-config';

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation and the fields the repo relies on", async () => {
    const result = await checkBuilderConfig(resolve(__dirname, '../../..'));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("names icons electron-builder's converter reads for every platform", async () => {
    const projectDir = resolve(__dirname, '../../..');
    const result = await checkBuilderConfig(projectDir);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const out = await mkdtemp(join(tmpdir(), 'fsw-icons-'));
    try {
      expect(await iconProblems(projectDir, result.config, out)).toEqual([]);
      expect(await iconProblems(projectDir, { ...result.config, win: { ...result.config.win, icon: 'resources/icons/16x16.png' } }, out)).toHaveLength(1);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('is reported missing for a folder without one', async () => {
    const result = await checkBuilderConfig(resolve(__dirname));
    expect(result.ok).toBe(false);
  });
});

describe('what the deb and rpm targets need from package.json', () => {
  it('is a homepage and an author with an email', () => {
    expect(fpmMetadataProblems({ homepage: 'https://example.org/fsw', author: { name: 'Lab', email: 'lab@example.org' } })).toEqual([]);
    expect(fpmMetadataProblems({ homepage: 'https://example.org/fsw', author: 'Lab <lab@example.org>' })).toEqual([]);
  });

  it('names each missing field', () => {
    const problems = fpmMetadataProblems({ author: 'Lab' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('homepage');
    expect(problems[1]).toContain('author');
  });

  it('takes a maintainer from the builder config instead of the author', () => {
    expect(fpmMetadataProblems({ homepage: 'https://example.org/fsw' }, 'Lab <lab@example.org>')).toEqual([]);
  });
});
