import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LogRecord } from '../../common/domain/log-record';
import { SwitchRecord } from '../../common/domain/switch-record';
import {
  NewSessionMeta,
  SessionFiles,
  SessionId,
  SessionMark,
  SessionMeta,
  type SessionProblem,
  type SessionStatus,
} from '../../common/sessions/session-meta';
import { defaultScope, summarize, type SessionSummary, type SummaryScope } from '../../common/sessions/statistics';
import { syncDir, writeFileAtomic, writeFileSynced } from './atomic-file';
import { checkSummaryFile, readMetaFile } from './meta-file';
import { readNdjson } from './ndjson';
import { isProcessAlive, readRecorderLock, type RecorderLock } from './recorder-lock';
import { SessionError } from './session-error';
import { importSessions, exportArchive, type ImportOptions, type ImportResult } from './session-import';
import { idFromTime } from './session-id';
import { recoverSessions, type RecoveryReport } from './session-recovery';
import { SessionRecorder, type RecorderCounts } from './session-recorder';

export type { RecoveryReport } from './session-recovery';

export interface SessionStoreOptions {
  /** How often buffered log records are synced to disk (default 1000 ms). */
  syncIntervalMs?: number;
  clock?: () => number;
  host?: string;
  pid?: number;
  isProcessAlive?: (pid: number) => boolean;
  /** Called after each sync of any recorder of this store. */
  onSynced?: (id: string, durable: RecorderCounts) => void;
}

/** One line of `fsw sessions list`. */
export interface SessionListing {
  id: string;
  status: SessionStatus;
  switches: number;
  started: string | null;
  ended: string | null;
  profile: string | null;
  tags: string[];
  note: string;
  problems: SessionProblem[];
}

export interface LoadedSession {
  id: string;
  dir: string;
  /** Null when meta.json is missing or invalid (see problems). */
  meta: SessionMeta | null;
  script: string | null;
  /** Empty unless loaded with `{ logs: true }`. */
  logs: LogRecord[];
  switches: SwitchRecord[];
  marks: SessionMark[];
  /** Recomputed from the switch records (the file summary.json is for people). */
  summary: SessionSummary;
  scope: SummaryScope;
  problems: SessionProblem[];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`).join('; ');
}

/**
 * A sessions directory: one folder per session (docs/sessions.md). Reading
 * is tolerant (a broken session never hides the others, and a broken file
 * never hides the readable parts of its session); writing is crash-safe.
 */
export class SessionStore {
  private readonly recording = new Map<string, SessionRecorder>();

  private constructor(
    readonly dir: string,
    private readonly options: Required<Omit<SessionStoreOptions, 'onSynced'>> & Pick<SessionStoreOptions, 'onSynced'>,
  ) {}

  static async open(dir: string, options: SessionStoreOptions = {}): Promise<SessionStore> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new SessionError('io', `cannot use ${dir} as the sessions directory: ${(error as Error).message}`);
    }
    return new SessionStore(dir, {
      syncIntervalMs: options.syncIntervalMs ?? 1000,
      clock: options.clock ?? Date.now,
      host: options.host ?? hostname(),
      pid: options.pid ?? process.pid,
      isProcessAlive: options.isProcessAlive ?? isProcessAlive,
      onSynced: options.onSynced,
    });
  }

  /** The folder of a session; throws `invalid-id` for anything that is not a plain id. */
  sessionDir(id: string): string {
    const parsed = SessionId.safeParse(id);
    if (!parsed.success) throw new SessionError('invalid-id', `'${id}' is not a session id (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return join(this.dir, id);
  }

  /** Starts a recording: the folder, its lock, the exact script and `running` metadata are on disk before this resolves. */
  async create(input: NewSessionMeta, script: string): Promise<SessionRecorder> {
    const parsed = NewSessionMeta.safeParse(input);
    if (!parsed.success) throw new SessionError('invalid-meta', `session metadata is invalid: ${describeIssues(parsed.error)}`);
    const now = this.options.clock();
    const { id, dir } = await this.claimFolder(parsed.data.id ?? idFromTime(now));
    const lock: RecorderLock = { pid: this.options.pid, host: this.options.host, started: new Date(now).toISOString() };
    const meta: SessionMeta = {
      format: 'fastswitch-session-meta/1',
      id,
      profile: parsed.data.profile,
      device: parsed.data.device,
      appVersion: parsed.data.appVersion,
      target: parsed.data.target,
      note: parsed.data.note,
      tags: parsed.data.tags,
      started: new Date(now).toISOString(),
      ended: null,
      status: 'running',
      ending: null,
    };
    try {
      await writeFileAtomic(join(dir, SessionFiles.lock), json(lock));
      await writeFileAtomic(join(dir, SessionFiles.script), script);
      await writeFileAtomic(join(dir, SessionFiles.meta), json(meta));
      const recorder = await SessionRecorder.start(dir, meta, {
        syncIntervalMs: this.options.syncIntervalMs,
        clock: this.options.clock,
        onSynced: this.options.onSynced ? (d) => this.options.onSynced?.(id, d) : undefined,
        onClosed: () => this.recording.delete(id),
      });
      this.recording.set(id, recorder);
      return recorder;
    } catch (error) {
      throw new SessionError('io', `could not start session ${id} in ${dir}: ${(error as Error).message}`);
    }
  }

  /** Creates the session folder, adding `-2`, `-3`… when the id is taken; mkdir is the atomic claim. */
  private async claimFolder(wanted: string): Promise<{ id: string; dir: string }> {
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? wanted : `${wanted}-${n}`;
      const dir = this.sessionDir(id);
      try {
        await mkdir(dir);
        await syncDir(this.dir);
        return { id, dir };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SessionError('io', `cannot create ${dir}: ${(error as Error).message}`);
      }
    }
    throw new SessionError('io', `no free session id near '${wanted}' in ${this.dir}`);
  }

  /** Every session folder, oldest first; a folder whose metadata is broken is listed with its problems. */
  async list(): Promise<SessionListing[]> {
    const ids = await this.sessionIds();
    const listings = await Promise.all(ids.map((id) => this.listing(id)));
    return listings.sort((a, b) => (a.started ?? '').localeCompare(b.started ?? '') || a.id.localeCompare(b.id));
  }

  /** Names of the session folders (unordered). */
  async sessionIds(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && SessionId.safeParse(e.name).success).map((e) => e.name);
  }

  private async listing(id: string): Promise<SessionListing> {
    const dir = join(this.dir, id);
    const { meta, problems } = await readMetaFile(dir);
    const switches = await readNdjson(join(dir, SessionFiles.switches), SessionFiles.switches, SwitchRecord, 'switch record', meta?.status === 'running');
    return {
      id,
      // A session whose metadata cannot be read is not known to be complete.
      status: meta?.status ?? 'interrupted',
      switches: switches.records.length,
      started: meta?.started ?? null,
      ended: meta?.ended ?? null,
      profile: meta?.profile ?? null,
      tags: meta?.tags ?? [],
      note: meta?.note ?? '',
      problems: [...problems, ...switches.problems],
    };
  }

  /**
   * Everything readable of one session and a precise list of what was not.
   * Throws only when there is no such session folder.
   */
  async load(id: string, options: { logs?: boolean } = {}): Promise<LoadedSession> {
    const dir = this.sessionDir(id);
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new SessionError('not-found', `no session '${id}' in ${this.dir}`);
    }
    const problems: SessionProblem[] = [];
    const metaRead = await readMetaFile(dir);
    problems.push(...metaRead.problems);
    const meta = metaRead.meta ? { ...metaRead.meta, id } : null;
    const live = meta?.status === 'running';

    let script: string | null = null;
    try {
      script = await readFile(join(dir, SessionFiles.script), 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({ file: SessionFiles.script, message: missing ? `${SessionFiles.script} is missing` : `${SessionFiles.script} could not be read: ${(error as Error).message}` });
    }

    let logs: LogRecord[] = [];
    if (options.logs) {
      const read = await readNdjson(join(dir, SessionFiles.log), SessionFiles.log, LogRecord, 'log record', live);
      logs = read.records;
      problems.push(...read.problems);
    } else {
      try {
        await stat(join(dir, SessionFiles.log));
      } catch {
        problems.push({ file: SessionFiles.log, message: `${SessionFiles.log} is missing` });
      }
    }
    const switches = await readNdjson(join(dir, SessionFiles.switches), SessionFiles.switches, SwitchRecord, 'switch record', live);
    problems.push(...switches.problems);
    const marks = await readNdjson(join(dir, SessionFiles.marks), SessionFiles.marks, SessionMark, 'mark', live);
    // A session without marks may simply have none (or come from an older recorder): only bad lines are problems.
    if (marks.found) problems.push(...marks.problems);

    if (meta && meta.status !== 'running') problems.push(...(await checkSummaryFile(dir)));
    const scope = defaultScope(switches.records);
    return { id, dir, meta, script, logs, switches: switches.records, marks: marks.records, summary: summarize(switches.records, scope), scope, problems };
  }

  /**
   * Finds sessions left `running` by a recorder process that no longer exists
   * on this host, marks them `interrupted` and rebuilds their summary from the
   * records on disk (see session-recovery.ts).
   */
  recoverInterrupted(): Promise<RecoveryReport[]> {
    return recoverSessions(this, {
      host: this.options.host,
      clock: this.options.clock,
      isProcessAlive: this.options.isProcessAlive,
      isRecording: (id) => this.recording.has(id),
    });
  }

  /** Deletes a session folder; refuses while it is being recorded. */
  async remove(id: string): Promise<void> {
    const dir = this.sessionDir(id);
    if (this.recording.has(id)) throw new SessionError('busy', `session ${id} is being recorded; finish it before removing it`);
    try {
      await stat(dir);
    } catch {
      throw new SessionError('not-found', `no session '${id}' in ${this.dir}`);
    }
    const { meta } = await readMetaFile(dir);
    if (meta?.status === 'running') {
      const lock = await readRecorderLock(join(dir, SessionFiles.lock));
      if (lock.kind === 'ok' && lock.lock.host === this.options.host && this.options.isProcessAlive(lock.lock.pid)) {
        throw new SessionError('busy', `session ${id} is being recorded by process ${lock.lock.pid}`);
      }
    }
    // Rename first so the session disappears at once, even if deleting its files takes a while.
    const trash = join(this.dir, `.trash-${id}-${this.options.clock().toString(36)}`);
    await rename(dir, trash);
    await rm(trash, { recursive: true, force: true });
  }

  /**
   * Imports a session folder, a folder of sessions, a tar / tar.gz archive, or
   * (with `options.analyze`) a bare kernel log as a new session.
   */
  import(path: string, options: ImportOptions = {}): Promise<ImportResult> {
    return importSessions(this, path, { clock: this.options.clock, ...options });
  }

  /** A gzipped tar of one session (its files under `ID/`). */
  exportArchive(id: string): Promise<Buffer> {
    return exportArchive(this, id);
  }

  /** Writes a complete session folder from its parts (import); the folder appears whole or not at all. */
  async writeSession(files: SessionFileSet): Promise<string> {
    const meta = files.meta;
    const staging = join(this.dir, `.import-${process.pid}-${Math.random().toString(36).slice(2)}`);
    await mkdir(staging);
    try {
      for (const [name, data] of Object.entries(files.other)) {
        if (data === undefined) continue;
        await writeFileSynced(join(staging, name), data);
      }
      for (let n = 1; n < 1000; n++) {
        const id = n === 1 ? meta.id : `${meta.id}-${n}`;
        const target = this.sessionDir(id);
        await writeFileSynced(join(staging, SessionFiles.meta), json({ ...meta, id }));
        try {
          await stat(target);
          continue;
        } catch {
          // free
        }
        await rename(staging, target);
        await syncDir(this.dir);
        return id;
      }
      throw new SessionError('io', `no free session id near '${meta.id}' in ${this.dir}`);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error instanceof SessionError ? error : new SessionError('io', `could not write the imported session into ${this.dir}: ${(error as Error).message}`);
    }
  }
}

/** A session's files as bytes, keyed by their fixed names; `meta` already validated. */
export interface SessionFileSet {
  meta: SessionMeta;
  other: Partial<Record<Exclude<(typeof SessionFiles)[keyof typeof SessionFiles], 'meta.json' | 'recorder.lock'>, Uint8Array | string>>;
}
