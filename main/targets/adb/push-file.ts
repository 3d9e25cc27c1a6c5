import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { WorkbenchError } from '../../../common/api/errors';
import { shellQuote, type ShellResult } from '../shell-command';
import type { DeviceClient } from './adbkit';

export interface PushProgress {
  bytes: number;
  total: number;
}

export interface PushResult {
  bytes: number;
  md5: string;
  /** How the copy on the phone was checked: its own md5sum, or pulled back and hashed here. */
  verifiedBy: 'md5sum' | 'pull';
}

async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The phone's md5 of a file: busybox/toolbox md5sum, or `md5` on toolboxes that have only that. */
async function phoneMd5(run: (command: string) => Promise<ShellResult>, remotePath: string): Promise<string | null> {
  for (const tool of ['md5sum', 'busybox md5sum', 'md5']) {
    const result = await run(`${tool} ${shellQuote(remotePath)}`);
    const m = /\b([0-9a-f]{32})\b/.exec(result.output);
    if (result.code === 0 && m) return m[1] ?? null;
  }
  return null;
}

async function pulledMd5(device: DeviceClient, remotePath: string): Promise<string> {
  const transfer = await device.pull(remotePath);
  const hash = createHash('md5');
  await new Promise<void>((resolve, reject) => {
    transfer.on('data', (chunk: Buffer) => hash.update(chunk));
    transfer.once('end', resolve);
    transfer.once('error', reject);
  });
  return hash.digest('hex');
}

/** Pushes a file over adb's sync service with progress, then compares checksums. */
export async function pushFile(o: {
  device: DeviceClient;
  run: (command: string) => Promise<ShellResult>;
  localPath: string;
  remotePath: string;
  onProgress?: (progress: PushProgress) => void;
}): Promise<PushResult> {
  let total: number;
  try {
    total = (await stat(o.localPath)).size;
  } catch (error) {
    throw new WorkbenchError('not-found', `Cannot push ${o.localPath}: ${(error as Error).message}`, o.localPath);
  }
  const localMd5 = md5OfFile(o.localPath);
  const transfer = await o.device.push(o.localPath, o.remotePath, 0o644);
  await new Promise<void>((resolve, reject) => {
    transfer.on('progress', (stats: { bytesTransferred: number }) => o.onProgress?.({ bytes: stats.bytesTransferred, total }));
    transfer.once('end', resolve);
    transfer.once('error', (error: Error) => reject(new WorkbenchError('device', `Pushing ${o.localPath} to ${o.remotePath} failed: ${error.message}`, o.remotePath)));
  });
  o.onProgress?.({ bytes: total, total });
  const expected = await localMd5;
  let got = await phoneMd5(o.run, o.remotePath);
  let verifiedBy: PushResult['verifiedBy'] = 'md5sum';
  if (got === null) {
    got = await pulledMd5(o.device, o.remotePath);
    verifiedBy = 'pull';
  }
  if (got !== expected) {
    throw new WorkbenchError('device', `${o.remotePath} on the phone does not match ${o.localPath} (md5 ${got} there, ${expected} here): push it again; if it keeps failing, check free space (df /data).`, o.remotePath);
  }
  return { bytes: total, md5: expected, verifiedBy };
}
