import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBuilderConfig, fpmMetadataProblems } from '../../../scripts/packaging/builder-config';

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation and the fields the repo relies on", async () => {
    const result = await checkBuilderConfig(resolve(__dirname, '../../..'));
    expect(result.ok ? [] : result.problems).toEqual([]);
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
