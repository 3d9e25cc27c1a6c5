// `npm test`: typecheck, lint, build, then the unit, integration and browser suites.
// Exits non-zero when any step fails, and when the suites ran no test at all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
const step = (label, command, args) => {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n✖ ${label} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
};

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
step('build', 'npx', ['electron-vite', 'build']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
if (existsSync(report)) rmSync(report);
const projects = (process.env.FSW_TEST_PROJECTS ?? 'unit,integration,browser').split(',');
const vitest = spawnSync('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile=${report}`], { stdio: 'inherit', env });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (vitest.status !== 0 || failed > 0) process.exit(1);
if (passed === 0) {
  console.error('No test ran: that is a failure, not a pass.');
  process.exit(1);
}
