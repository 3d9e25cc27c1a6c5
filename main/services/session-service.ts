import { version } from '../../package.json';
import type { ScriptStatus } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import type { Handlers } from '../../common/api/router';
import type { ExportFormat } from '../../common/api/sessions-contract';
import type { LogRecord } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import { compareSwitches } from '../../common/sessions/comparison';
import { switchesToCsv } from '../../common/sessions/export-csv';
import { sessionHtml } from '../../common/sessions/export-html';
import { sessionMarkdown } from '../../common/sessions/export-markdown';
import { buildSessionDocument } from '../../common/sessions/session-document';
import type { NewSessionMeta } from '../../common/sessions/session-meta';
import { defaultScope, selectRange } from '../../common/sessions/statistics';
import { SessionError } from '../sessions/session-error';
import type { AnalyzeLog } from '../sessions/session-import';
import type { SessionRecorder } from '../sessions/session-recorder';
import { SessionStore } from '../sessions/session-store';
import type { EventHub } from './event-hub';

export interface SessionsDeps {
  /** The sessions directory (default: `defaultSessionsDir()`, shared with `fsw sessions`). */
  dir: string;
  /** What is known about the phone and profile, for a new recording's metadata. */
  describe: () => Pick<NewSessionMeta, 'profile' | 'device' | 'target'>;
  /** The kernel-log analyser, for importing a bare log file. */
  analyze?: AnalyzeLog;
  syncIntervalMs?: number;
}

/** One run being recorded: the service feeds it what the run produces. */
export interface RunRecording {
  readonly id: string;
  appendLogs(records: readonly LogRecord[]): void;
  appendSwitch(record: SwitchRecord): void;
  /** Finishes the session with the run's last status; never throws (a failure is reported on the hub). */
  finish(status: ScriptStatus): Promise<void>;
}

type SessionMethod = 'sessions.list' | 'sessions.load' | 'sessions.compare' | 'sessions.export' | 'sessions.remove' | 'sessions.import';

const MIME: Record<ExportFormat, string> = { csv: 'text/csv', json: 'application/json', md: 'text/markdown', html: 'text/html' };

/** SessionStore errors cross the contract as typed WorkbenchErrors. */
function asWorkbenchError(error: unknown): never {
  if (error instanceof SessionError) {
    const kind = error.kind === 'not-found' || error.kind === 'busy' ? error.kind : error.kind === 'io' || error.kind === 'finished' ? 'internal' : 'bad-request';
    throw new WorkbenchError(kind, error.message);
  }
  throw error;
}

/** The sessions methods of the contract and the recording of script runs, over one SessionStore. */
export function createSessionService(deps: SessionsDeps | undefined, hub: EventHub) {
  let opened: Promise<SessionStore> | null = null;
  const store = (): Promise<SessionStore> => {
    if (!deps) return Promise.reject(new WorkbenchError('unsupported', 'This workbench was started without a sessions directory.'));
    opened ??= SessionStore.open(deps.dir, deps.syncIntervalMs ? { syncIntervalMs: deps.syncIntervalMs } : {}).then(async (s) => {
      // Sessions a crashed app left running are found on first use and marked interrupted (issue 8 item 1).
      await s.recoverInterrupted();
      return s;
    });
    return opened;
  };
  const guarded = <T>(action: (s: SessionStore) => Promise<T>) => store().then(action).catch(asWorkbenchError);
  const changed = (id: string, change: 'recording' | 'finished' | 'removed' | 'imported') => hub.emit('sessions.changed', { id, change });

  const handlers: Pick<Handlers, SessionMethod> = {
    'sessions.list': () => guarded(async (s) => ({ dir: s.dir, sessions: await s.list() })),
    'sessions.load': ({ id, logLimit }) =>
      guarded(async (s) => {
        const loaded = await s.load(id, { logs: logLimit !== 0 });
        const limit = logLimit ?? 5000;
        return {
          id: loaded.id,
          meta: loaded.meta,
          script: loaded.script,
          logs: loaded.logs.length > limit ? loaded.logs.slice(loaded.logs.length - limit) : loaded.logs,
          logCount: loaded.logs.length,
          switches: loaded.switches,
          marks: loaded.marks,
          summary: loaded.summary,
          scope: loaded.scope,
          problems: loaded.problems,
        };
      }),
    'sessions.compare': ({ a, b, from }) =>
      guarded(async (s) => {
        const [sa, sb] = await Promise.all([s.load(a), s.load(b)]);
        const range = (loaded: typeof sa) => {
          const selected = selectRange(loaded.switches, loaded.marks, { from: from ?? null });
          if (!selected.ok) throw new WorkbenchError('bad-request', `session ${loaded.id}: ${selected.message}`, 'sessions.compare.from');
          return selected.switches;
        };
        return compareSwitches(range(sa), range(sb), {}, defaultScope(sa.switches.length ? sa.switches : sb.switches));
      }),
    'sessions.export': ({ id, format }) =>
      guarded(async (s) => {
        const loaded = await s.load(id, { logs: format === 'json' });
        const fileName = `${id}.${format}`;
        if (format === 'csv') return { fileName, mimeType: MIME.csv, text: switchesToCsv(loaded.switches) };
        const built = buildSessionDocument(loaded, { from: null, to: null }, { at: new Date().toISOString(), appVersion: version });
        if (!built.ok) throw new WorkbenchError('bad-request', built.message);
        const doc = built.document;
        const text = format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : format === 'md' ? sessionMarkdown(doc) : sessionHtml(doc);
        return { fileName, mimeType: MIME[format], text };
      }),
    'sessions.remove': ({ id }) =>
      guarded(async (s) => {
        await s.remove(id);
        changed(id, 'removed');
        return { removed: true };
      }),
    'sessions.import': ({ path }) =>
      guarded(async (s) => {
        const result = await s.import(path, { ...(deps?.analyze ? { analyze: deps.analyze } : {}), appVersion: version });
        for (const id of result.ids) changed(id, 'imported');
        return result;
      }),
  };

  /** Starts recording a run: the script and metadata are on disk before the run starts. */
  const startRecording = async (text: string, request: { note?: string; tags?: string[] }): Promise<RunRecording> => {
    const s = await store().catch(asWorkbenchError);
    let recorder: SessionRecorder;
    try {
      recorder = await s.create({ ...deps!.describe(), appVersion: version, note: request.note ?? '', tags: request.tags ?? [] }, text);
    } catch (error) {
      return asWorkbenchError(error);
    }
    changed(recorder.id, 'recording');
    const writes: Promise<void>[] = [];
    let failure: string | null = null;
    const attempt = (action: () => void) => {
      if (failure) return;
      try {
        action();
      } catch (error) {
        failure = (error as Error).message;
      }
    };
    return {
      id: recorder.id,
      appendLogs: (records) => attempt(() => recorder.appendLogs(records)),
      appendSwitch: (record) =>
        attempt(() => {
          writes.push(recorder.appendSwitch(record).catch((error: Error) => void (failure ??= error.message)));
        }),
      finish: async (status) => {
        await Promise.all(writes);
        const how = status.state === 'finished' ? 'finished' : status.state === 'stopped' ? 'cancelled' : 'failed';
        try {
          await recorder.finish({ how, message: [status.message, failure && `recording: ${failure}`].filter(Boolean).join('; ') });
        } catch {
          // The session stays `running` on disk and is recovered as interrupted on next start.
        }
        changed(recorder.id, 'finished');
      },
    };
  };

  return { handlers, startRecording, enabled: deps !== undefined };
}
