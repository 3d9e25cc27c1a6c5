import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackaging } from '../../../scripts/check-packaging';
import type { Finding } from '../../../scripts/packaging/packaged-layout';

const projectDir = resolve(__dirname, '../../..');

// electron-builder --dir around a stub Electron, then the packaged layout (issue 9, item 6).
describe('the packaged app (electron-builder --dir, stub Electron)', () => {
  let workDir: string;
  let findings: Finding[];
  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['-e', "import('./scripts/build-if-stale.mjs').then((m) => m.buildIfStale())"], { cwd: projectDir, stdio: 'inherit' });
    expect(build.status).toBe(0);
    workDir = await mkdtemp(join(tmpdir(), 'fsw-packaging-'));
    findings = await checkPackaging(projectDir, workDir);
  }, 300_000);
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('passes every packaging check', () => {
    expect(findings.filter((f) => !f.ok && !f.warning)).toEqual([]);
  });

  it.each([
    ['electron-builder.yml passes'],
    ['electron-builder --dir --linux packs the app'],
    ['app.asar holds main, cli, preload, renderer'],
    ['app.asar has no sources, tests, source maps'],
    ['native modules are unpacked'],
    ['afterPack flipped the fuses'],
    ['the packaged CLI runs from the extracted app.asar'],
    ['fsw launcher (through a symlink)'],
  ])('ran the check: %s', (name) => {
    expect(findings.some((f) => f.check.startsWith(name))).toBe(true);
  });
});
