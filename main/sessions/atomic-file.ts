import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** fsync a directory so a rename inside it survives a power cut; a no-op where directories cannot be opened (Windows). */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; NTFS journals the rename itself.
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces `path` with `data` so a reader (or a crash) sees either the old
 * file or the new one, never half of one: write a temp file beside it, fsync,
 * rename over, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await syncDir(dirname(path));
}

/** Writes a new file and fsyncs it (for files inside a folder that is renamed into place afterwards). */
export async function writeFileSynced(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
