/**
 * CI check of everything up to the installers (issue 9): electron-builder.yml
 * validates, the files it names exist, and `electron-builder --dir` around a
 * stub Electron produces the layout the app, the fsw launcher and the udev
 * scripts expect. Needs `npm run build` first.
 *
 *   node --import tsx scripts/check-packaging.ts [--keep]
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkBuilderConfig, fpmMetadataProblems, iconProblems } from './packaging/builder-config';
import { type Finding, inspectPackagedApp, packLinuxDir } from './packaging/packaged-layout';

export async function checkPackaging(projectDir: string, workDir: string): Promise<Finding[]> {
  const config = await checkBuilderConfig(projectDir);
  const findings: Finding[] = config.ok
    ? [{ ok: true, check: 'electron-builder.yml passes electron-builder validation and the project schema' }]
    : config.problems.map((detail) => ({ ok: false, check: 'electron-builder.yml', detail }));
  const built = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html'].filter((f) => !existsSync(join(projectDir, f)));
  if (built.length > 0) return [...findings, { ok: false, check: 'out/ is built (npm run build)', detail: `missing ${built.join(', ')}` }];
  if (!config.ok) return findings;
  const fpm = fpmMetadataProblems(JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>, config.config.linux.maintainer);
  const icons = await iconProblems(projectDir, config.config, workDir);
  findings.push({ ok: icons.length === 0, check: "the icons resolve with electron-builder's converter (Linux set, .ico, .icns)", ...(icons.length ? { detail: icons.join('; ') } : {}) });
  const fpmCheck = 'package.json has what the deb and rpm targets need';
  findings.push(fpm.length === 0 ? { ok: true, check: fpmCheck } : { ok: false, warning: true, check: fpmCheck, detail: `${fpm.join('; ')}: npm run dist would stop at deb/rpm` });
  const pack = await packLinuxDir(projectDir, workDir);
  if (!pack.ok) return [...findings, { ok: false, check: 'electron-builder --dir (stub Electron)', detail: pack.output.slice(-2000) }];
  findings.push({ ok: true, check: 'electron-builder --dir --linux packs the app around a stub Electron' });
  return [...findings, ...(await inspectPackagedApp(projectDir, pack.appOutDir, workDir))];
}

async function main(): Promise<void> {
  const projectDir = resolve(import.meta.dirname ?? '.', '..');
  const workDir = await mkdtemp(join(tmpdir(), 'fsw-packaging-'));
  try {
    const findings = await checkPackaging(projectDir, workDir);
    for (const f of findings) console.log(`${f.ok ? '✓' : f.warning ? '⚠' : '✖'} ${f.check}${f.detail ? `\n    ${f.detail.replace(/\n/g, '\n    ')}` : ''}`);
    const failed = findings.filter((f) => !f.ok && !f.warning).length;
    console.log(failed === 0 ? `\nPackaging check passed (${findings.length} checks).` : `\nPackaging check failed: ${failed} of ${findings.length}.`);
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    if (process.argv.includes('--keep')) console.log(`Kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  await main();
}
