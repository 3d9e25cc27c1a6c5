/**
 * Runs Doyensec's electronegativity over the app's sources and fails on any
 * high or medium finding that docs/electronegativity-accepted.json does not
 * accept with a reason. electronegativity is not a dependency of the repo
 * (docs/security.md says why); without it this script says so and stops.
 * The CI audit that always runs is test/unit/security/electron-checklist.test.ts.
 *
 *   node --import tsx scripts/electronegativity.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AcceptedFindings, parseReport, triage } from './packaging/electronegativity-triage';

const projectDir = resolve(import.meta.dirname ?? '.', '..');
const bin = join(projectDir, 'node_modules', '.bin', 'electronegativity');

async function main(): Promise<number> {
  if (!existsSync(bin)) {
    console.log('electronegativity is not installed (npm install -D @doyensec/electronegativity to run it); skipped.');
    console.log('The checklist test (test/unit/security/electron-checklist.test.ts) covers the same ground in CI.');
    return 0;
  }
  const electronVersion = (JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const work = await mkdtemp(join(tmpdir(), 'fsw-electronegativity-'));
  try {
    // Only what ships: the sources of main, preload, renderer and common, and package.json.
    for (const entry of ['main', 'preload', 'renderer', 'common', 'package.json']) await cp(join(projectDir, entry), join(work, 'src', entry), { recursive: true });
    const report = join(work, 'report.csv');
    const run = spawnSync(bin, ['-i', join(work, 'src'), '-o', report, '-r', '-e', electronVersion], { encoding: 'utf8', timeout: 300_000 });
    if (!existsSync(report)) {
      console.error(`electronegativity wrote no report (exit ${run.status}):\n${run.stderr || run.stdout}`);
      return 1;
    }
    const accepted = AcceptedFindings.parse(JSON.parse(readFileSync(join(projectDir, 'docs/electronegativity-accepted.json'), 'utf8')));
    const sorted = triage(parseReport(readFileSync(report, 'utf8')), accepted);
    for (const { finding, reason } of sorted.accepted) console.log(`accepted ${finding.severity} ${finding.check} ${finding.file}:${finding.location}: ${reason}`);
    for (const f of sorted.notes) console.log(`note     ${f.severity} ${f.check} ${f.file}:${f.location}: ${f.description}`);
    for (const a of sorted.stale) console.log(`stale    ${a.check} ${a.file}: accepted but no longer reported; remove it from docs/electronegativity-accepted.json`);
    for (const f of sorted.blocking) console.error(`FINDING  ${f.severity} ${f.check} ${f.file}:${f.location}: ${f.description}\n         ${f.sample}`);
    console.log(sorted.blocking.length === 0 ? 'electronegativity: no unexplained high or medium finding.' : `electronegativity: ${sorted.blocking.length} finding(s) to fix or explain.`);
    return sorted.blocking.length === 0 ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
