import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LogRecord } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import { SessionFiles, SessionMeta, type SessionMark } from '../../common/sessions/session-meta';
import { summarize } from '../../common/sessions/statistics';
import { SessionError } from './session-error';
import { idFromTime } from './session-id';
import type { SessionFileSet, SessionStore } from './session-store';
import { readTar, writeTar } from './tar';

/** The kernel-log analyser, passed in: turns a log file's text into records and derived switches. */
export type AnalyzeLog = (
  text: string,
  source: { path: string; bytes: Uint8Array },
) => { records: LogRecord[]; switches: SwitchRecord[] } | Promise<{ records: LogRecord[]; switches: SwitchRecord[] }>;

export interface ImportOptions {
  /** Needed only to import a bare log file. */
  analyze?: AnalyzeLog;
  /** Version written into the metadata of a session made from a log file. */
  appVersion?: string;
  clock?: () => number;
}

export interface ImportResult {
  /** Ids the imported sessions got in this store (an id already taken gets a suffix). */
  ids: string[];
  /** What was skipped or changed, for a person to read. */
  notes: string[];
}

/** Files copied from a session folder or archive; anything else in it is ignored (and said so). */
const COPIED = [SessionFiles.script, SessionFiles.log, SessionFiles.switches, SessionFiles.marks, SessionFiles.summary] as const;
type CopiedName = (typeof COPIED)[number];

function isCopied(name: string): name is CopiedName {
  return (COPIED as readonly string[]).includes(name);
}

function parseMeta(bytes: Uint8Array, where: string): SessionMeta {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new SessionError('invalid-meta', `${where}/meta.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = SessionMeta.safeParse(value);
  if (!parsed.success) {
    throw new SessionError('invalid-meta', `${where}/meta.json does not fit the session metadata schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Imported files only ever land under the store's own names: the source's paths are never written. */
async function importGroup(store: SessionStore, where: string, files: Map<string, Uint8Array>, notes: string[]): Promise<string> {
  const metaBytes = files.get(SessionFiles.meta);
  if (!metaBytes) throw new SessionError('invalid-meta', `${where} has no meta.json: not a session`);
  let meta = parseMeta(metaBytes, where);
  if (meta.status === 'running') {
    meta = { ...meta, status: 'interrupted', ending: { how: 'interrupted', message: 'imported while its metadata still said running: the recording did not finish where it was made' } };
    notes.push(`${where}: was still marked running; imported as interrupted`);
  }
  const other: SessionFileSet['other'] = {};
  for (const [name, data] of files) {
    if (isCopied(name)) other[name] = data;
    else if (name !== SessionFiles.meta && name !== SessionFiles.lock) notes.push(`${where}: ignored ${name} (not a session file)`);
  }
  const id = await store.writeSession({ meta, other });
  if (id !== meta.id) notes.push(`${where}: session id ${meta.id} is taken here; imported as ${id}`);
  return id;
}

async function readFolder(dir: string, notes: string[]): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const name of await readdir(dir)) {
    const info = await lstat(join(dir, name));
    // Links are not followed: a session folder holds plain files only.
    if (!info.isFile()) {
      if (name === SessionFiles.meta || isCopied(name)) notes.push(`${dir}: ignored ${name} (not a plain file)`);
      continue;
    }
    if (name === SessionFiles.meta || isCopied(name)) files.set(name, await readFile(join(dir, name)));
  }
  return files;
}

function isArchive(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return true;
  return bytes.length >= 263 && Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar';
}

async function importGroups(store: SessionStore, groups: [string, Map<string, Uint8Array>][], notes: string[]): Promise<string[]> {
  const ids: string[] = [];
  const failures: string[] = [];
  for (const [where, files] of groups) {
    try {
      ids.push(await importGroup(store, where, files, notes));
    } catch (error) {
      // One broken session in an archive never keeps the others out.
      if (!(error instanceof SessionError) || groups.length === 1) throw error;
      failures.push(error.message);
      notes.push(`skipped: ${error.message}`);
    }
  }
  if (ids.length === 0) throw new SessionError('invalid-meta', failures.join('; ') || 'no session found');
  return ids;
}

/**
 * Imports what `path` holds: a session folder, a folder of session folders,
 * a tar / tar.gz archive of either, or a bare kernel log (analysed with
 * `options.analyze` into a new session).
 */
export async function importSessions(store: SessionStore, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const notes: string[] = [];
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    throw new SessionError('not-found', `cannot import ${path}: ${(error as Error).message}`);
  }
  if (info.isDirectory()) {
    const own = await readFolder(path, notes);
    if (own.has(SessionFiles.meta)) return { ids: await importGroups(store, [[path, own]], notes), notes };
    const groups: [string, Map<string, Uint8Array>][] = [];
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const files = await readFolder(join(path, entry.name), notes);
      if (files.has(SessionFiles.meta)) groups.push([join(path, entry.name), files]);
    }
    if (groups.length === 0) throw new SessionError('invalid-meta', `${path} is neither a session folder (no meta.json) nor a folder of sessions`);
    return { ids: await importGroups(store, groups, notes), notes };
  }
  const bytes = await readFile(path);
  if (isArchive(bytes)) return { ids: await importGroups(store, groupArchive(path, readTar(bytes), notes), notes), notes };
  if (!options.analyze) {
    throw new SessionError('no-analyser', `${path} is not a session folder or archive; importing it as a kernel log needs the kernel-log analyser, which is not available here`);
  }
  return { ids: [await importLog(store, path, bytes, options.analyze, options)], notes };
}

/** Groups archive files by their folder: a session at the root, or one per top-level folder. */
function groupArchive(path: string, entries: ReturnType<typeof readTar>, notes: string[]): [string, Map<string, Uint8Array>][] {
  const groups = new Map<string, Map<string, Uint8Array>>();
  for (const entry of entries) {
    if (entry.type !== 'file') continue;
    const parts = entry.path.split('/');
    if (parts.length > 2) {
      notes.push(`${path}: ignored ${entry.path} (too deep to be a session file)`);
      continue;
    }
    const folder = parts.length === 2 ? (parts[0] as string) : '';
    const name = parts[parts.length - 1] as string;
    const group = groups.get(folder) ?? new Map<string, Uint8Array>();
    group.set(name, entry.data);
    groups.set(folder, group);
  }
  const withMeta = [...groups].filter(([, files]) => files.has(SessionFiles.meta));
  if (withMeta.length === 0) throw new SessionError('invalid-meta', `${path} holds no session (no meta.json at its root or in a top-level folder)`);
  return withMeta.map(([folder, files]) => [folder ? `${path}:${folder}` : path, files]);
}

/** A session made from a kernel log someone captured elsewhere. Marks in the log are placed after the switches that end before them. */
async function importLog(store: SessionStore, path: string, bytes: Uint8Array, analyze: AnalyzeLog, options: ImportOptions): Promise<string> {
  let analysed: Awaited<ReturnType<AnalyzeLog>>;
  try {
    analysed = await analyze(Buffer.from(bytes).toString('utf8'), { path, bytes });
  } catch (error) {
    throw new SessionError('analysis-failed', `${path} could not be analysed as a kernel log: ${(error as Error).message}`);
  }
  const { records, switches } = analysed;
  if (records.length === 0) throw new SessionError('analysis-failed', `${path} holds no log lines: nothing to import`);
  const now = new Date((options.clock ?? Date.now)()).toISOString();
  const marks: SessionMark[] = records
    .filter((r) => r.kind === 'mark')
    .map((r) => ({ label: r.text, switchIndex: switches.filter((s) => s.lines[1] < r.seq + 1).length, hostWallMs: r.hostWallMs }));
  const meta: SessionMeta = {
    format: 'fastswitch-session-meta/1',
    id: idFromTime(Date.parse(now)),
    profile: null,
    device: { model: null, serial: null, fingerprints: [], kernels: [] },
    appVersion: options.appVersion ?? 'unknown',
    target: 'file',
    note: `imported from ${basename(path)}`,
    tags: ['imported'],
    started: now,
    ended: now,
    status: 'complete',
    ending: { how: 'imported', message: `analysed from ${path}: ${records.length} log lines, ${switches.length} switch records` },
  };
  const ndjson = (items: readonly unknown[]) => items.map((i) => `${JSON.stringify(i)}\n`).join('');
  return store.writeSession({
    meta,
    other: {
      [SessionFiles.script]: '',
      [SessionFiles.log]: ndjson(records),
      [SessionFiles.switches]: ndjson(switches),
      [SessionFiles.marks]: ndjson(marks),
      [SessionFiles.summary]: `${JSON.stringify(summarize(switches), null, 2)}\n`,
    },
  });
}

/** A gzipped tar of one session folder (its files under `ID/`), readable by `importSessions` and by `tar xzf`. */
export async function exportArchive(store: SessionStore, id: string): Promise<Buffer> {
  const dir = store.sessionDir(id);
  const files: { path: string; data: Uint8Array; mtimeMs: number }[] = [];
  for (const name of [SessionFiles.meta, ...COPIED]) {
    try {
      const info = await lstat(join(dir, name));
      if (info.isFile()) files.push({ path: `${id}/${name}`, data: await readFile(join(dir, name)), mtimeMs: info.mtimeMs });
    } catch {
      // a missing file is simply not in the archive
    }
  }
  if (!files.some((f) => f.path.endsWith(`/${SessionFiles.meta}`))) throw new SessionError('not-found', `no session '${id}' in ${store.dir} (or it has no meta.json)`);
  return writeTar(files, { gzip: true });
}
