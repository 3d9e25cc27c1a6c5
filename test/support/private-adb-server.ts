import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's real adb server on a private port, with its own HOME (its keys
 * and known hosts stay out of the user's), for integration tests. Every
 * client call goes to it with -P. Tests skip with `reason` when adb is absent.
 */
export const ADB_BINARY = process.env.FSW_ADB ?? '/usr/bin/adb';
export const adbAvailable = existsSync(ADB_BINARY);
export const adbMissingReason = adbAvailable ? '' : `adb not found at ${ADB_BINARY} (apt-get install adb, or set FSW_ADB)`;

export interface AdbResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface PrivateAdbServer {
  port: number;
  adb(args: string[], timeoutMs?: number): Promise<AdbResult>;
  stop(): Promise<void>;
}

/** A free TCP port from the kernel's ephemeral range (never the 5555–5585 the adb server scans). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivateAdbServer(): Promise<PrivateAdbServer> {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'fsw-adb-home-'));
  const env = { ...process.env, HOME: home, ANDROID_ADB_SERVER_PORT: String(port) };
  const adb = (args: string[], timeoutMs = 20_000): Promise<AdbResult> =>
    new Promise((resolve) => {
      execFile(ADB_BINARY, ['-P', String(port), ...args], { env, timeout: timeoutMs, encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
        resolve({ stdout, stderr, code });
      });
    });
  const started = await adb(['start-server']);
  if (started.code !== 0) throw new Error(`adb start-server on port ${port} failed: ${started.stderr}`);
  return {
    port,
    adb,
    stop: async () => {
      await adb(['kill-server']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
