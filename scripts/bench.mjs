// `npm run bench`: runs every bench/*.ts in turn under tsx and lets each print its figures.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { buildIfStale } from './build-if-stale.mjs';

const only = process.argv.slice(2);
// The UI benchmark drives the built renderer in Chromium.
buildIfStale();
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
