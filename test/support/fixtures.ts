import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The public fixtures live outside the repo (../shared/fixtures, or
 * FSW_FIXTURES). Tests that need them use `describe.skipIf(!fixtures.available)`
 * and name `fixtures.reason` so a skipped run says why.
 */
const dir = process.env.FSW_FIXTURES ?? resolve(__dirname, '../../../shared/fixtures');
const available = existsSync(join(dir, 'logs'));

export const fixtures = {
  dir,
  available,
  reason: available ? '' : `fixtures not found at ${dir} (set FSW_FIXTURES or put ../shared beside the repo)`,
  path: (...parts: string[]) => join(dir, ...parts),
};
