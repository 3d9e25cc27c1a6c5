import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SessionFiles, type SessionMeta } from '../../common/sessions/session-meta';
import { writeFileAtomic } from './atomic-file';
import { readMetaFile } from './meta-file';
import { readRecorderLock } from './recorder-lock';
import type { SessionStore } from './session-store';

export interface RecoveryReport {
  id: string;
  recovered: boolean;
  /** What was found: who died, or why the session was left alone. */
  message: string;
}

export interface RecoveryContext {
  host: string;
  clock: () => number;
  isProcessAlive: (pid: number) => boolean;
  /** Sessions the calling store is recording itself are never touched. */
  isRecording: (id: string) => boolean;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Finds sessions left `running` by a recorder process that no longer exists
 * on this host, marks them `interrupted` and rebuilds their summary from the
 * records on disk. Sessions recorded by this store, by a live process, or
 * on another host are left alone (and reported).
 */
export async function recoverSessions(store: SessionStore, ctx: RecoveryContext): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const id of await store.sessionIds()) {
    if (ctx.isRecording(id)) continue;
    const dir = join(store.dir, id);
    const { meta } = await readMetaFile(dir);
    if (!meta || meta.status !== 'running') continue;
    const lock = await readRecorderLock(join(dir, SessionFiles.lock));
    let who: string;
    if (lock.kind === 'ok') {
      if (lock.lock.host !== ctx.host) {
        reports.push({ id, recovered: false, message: `recorded on host ${lock.lock.host} by process ${lock.lock.pid}; cannot tell from ${ctx.host} whether it still runs` });
        continue;
      }
      if (ctx.isProcessAlive(lock.lock.pid)) {
        reports.push({ id, recovered: false, message: `still being recorded by process ${lock.lock.pid}` });
        continue;
      }
      who = `the recorder (process ${lock.lock.pid} on ${lock.lock.host}) stopped without finishing`;
    } else {
      who = lock.kind === 'missing' ? 'no recorder lock was left (the recorder died before writing it, or it was removed)' : `its recorder lock is unreadable (${lock.message})`;
    }
    try {
      reports.push(await markInterrupted(store, ctx, id, dir, meta, who));
    } catch (error) {
      // One session that cannot be repaired (a read-only folder, a full disk) never stops the others' recovery.
      reports.push({ id, recovered: false, message: `${who}, but it could not be marked interrupted: ${(error as Error).message}` });
    }
  }
  return reports;
}

async function markInterrupted(store: SessionStore, ctx: RecoveryContext, id: string, dir: string, meta: SessionMeta, who: string): Promise<RecoveryReport> {
  const loaded = await store.load(id, { logs: true });
  // The last moment data reached the disk is the best estimate of when it ended.
  let lastWrite = Date.parse(meta.started);
  for (const file of [SessionFiles.log, SessionFiles.switches, SessionFiles.marks]) {
    try {
      lastWrite = Math.max(lastWrite, (await stat(join(dir, file))).mtimeMs);
    } catch {
      // a missing file is reported by load
    }
  }
  const lost = loaded.problems.filter((p) => p.line !== undefined);
  const message = [
    `${who}; recovered ${new Date(ctx.clock()).toISOString()} with ${loaded.logs.length} log records and ${loaded.switches.length} switch records`,
    lost.length ? `unreadable lines: ${lost.map((p) => `${p.file}:${p.line}`).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  await writeFileAtomic(join(dir, SessionFiles.summary), json(loaded.summary));
  const updated: SessionMeta = { ...meta, status: 'interrupted', ended: new Date(lastWrite).toISOString(), ending: { how: 'interrupted', message } };
  await writeFileAtomic(join(dir, SessionFiles.meta), json(updated));
  await rm(join(dir, SessionFiles.lock), { force: true });
  return { id, recovered: true, message };
}
