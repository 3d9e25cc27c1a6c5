import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder of resources/ wherever this code runs from: the sources
 * (main/…), the build (out/main) or a packaged app, where electron-builder
 * copies it beside app.asar (`extraResources`). `probe` is a file the folder
 * must hold, so a half-matching layout is not taken.
 */
export function resourcesDir(sub: string, probe: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [resolve(here, '../resources', sub), resolve(here, '../../resources', sub), resolve(here, '../../../resources', sub), ...(packaged ? [join(packaged, sub)] : [])];
  return candidates.find((dir) => existsSync(join(dir, probe))) ?? candidates[1]!;
}
