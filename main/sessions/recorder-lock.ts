import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * `recorder.lock` says which process is recording a session. A session whose
 * meta says `running` but whose recorder process is gone was interrupted.
 */
export const RecorderLock = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** ISO time the recording started, for people reading the file. */
  started: z.string(),
});
export type RecorderLock = z.infer<typeof RecorderLock>;

export type LockReading = { kind: 'missing' } | { kind: 'unreadable'; message: string } | { kind: 'ok'; lock: RecorderLock };

export async function readRecorderLock(path: string): Promise<LockReading> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', message: (error as Error).message };
  }
  try {
    const parsed = RecorderLock.safeParse(JSON.parse(text));
    return parsed.success ? { kind: 'ok', lock: parsed.data } : { kind: 'unreadable', message: parsed.error.message };
  } catch (error) {
    return { kind: 'unreadable', message: (error as Error).message };
  }
}

/**
 * Whether a process with this pid exists on this host. EPERM means it exists
 * but belongs to someone else. A recycled pid reads as alive: the session is
 * then left `running` rather than wrongly declared dead.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
