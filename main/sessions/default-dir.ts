import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** The product name Electron uses for the user-data folder (package.json `productName`). */
export const APP_FOLDER = 'Fastswitch Workbench';

export interface PlatformFacts {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

/**
 * Where sessions live unless the user picks a folder: `sessions` inside the
 * app's user-data folder, the same place Electron's `app.getPath('userData')`
 * points to, so the CLI and the app share recordings.
 * Linux: $XDG_CONFIG_HOME or ~/.config; macOS: ~/Library/Application Support;
 * Windows: %APPDATA%.
 */
export function defaultSessionsDir(facts: PlatformFacts = { platform: process.platform, env: process.env, home: homedir() }): string {
  const { platform, env, home } = facts;
  // Paths are built for the platform asked about, so the rule is testable from any OS.
  const join = platform === 'win32' ? win32.join : posix.join;
  let base: string;
  if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.APPDATA || join(home, 'AppData', 'Roaming');
  else base = env.XDG_CONFIG_HOME || join(home, '.config');
  return join(base, APP_FOLDER, 'sessions');
}
