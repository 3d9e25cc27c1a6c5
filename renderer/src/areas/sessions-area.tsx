import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ExportFormat, LoadedSessionData, SessionComparisonData, SessionListingData } from '../../../common/api/sessions-contract';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';
import { downloadText, scriptFileName } from '../editor/script-files';
import { requestScript } from '../editor/script-requests';
import { SessionView } from '../sessions/session-view';
import { SessionCompare } from '../sessions/session-compare';
import { when } from '../sessions/format';
import '../sessions/sessions.css';

type Open =
  | { kind: 'session'; session: LoadedSessionData }
  | { kind: 'compare'; a: LoadedSessionData; b: LoadedSessionData; comparison: SessionComparisonData; from: string | null }
  | null;

/** Matches a listing against the search text: id, note, profile, tags and status, every word. */
export function matchesSearch(s: SessionListingData, search: string): boolean {
  const hay = [s.id, s.note, s.profile ?? '', s.status, ...s.tags].join(' ').toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

/** Recorded benchmark sessions (issue 8): list with search and tags, open, compare, export, delete, import. */
export function SessionsArea({ store }: { store: WorkbenchStore }) {
  const device = useWorkbench(store, (s) => s.device);
  const script = useWorkbench(store, (s) => s.script);
  const [sessions, setSessions] = useState<SessionListingData[]>([]);
  const [dir, setDir] = useState('');
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<Open>(null);
  const [importPath, setImportPath] = useState('');

  const refresh = useCallback(async () => {
    const listed = await store.attempt(() => store.client.call('sessions.list', {}));
    if (!listed) return;
    setDir(listed.dir);
    // Newest first: the run just recorded is the one people look for.
    setSessions(listed.sessions.slice().reverse());
    setSelected((ids) => ids.filter((id) => listed.sessions.some((s) => s.id === id)));
  }, [store]);

  useEffect(() => {
    void refresh();
    return store.client.on('sessions.changed', () => void refresh());
  }, [store, refresh]);

  const tags = useMemo(() => [...new Set(sessions.flatMap((s) => s.tags))].sort(), [sessions]);
  const shown = sessions.filter((s) => (tag === null || s.tags.includes(tag)) && matchesSearch(s, search));

  const openSession = async (id: string) => {
    const session = await store.attempt(() => store.client.call('sessions.load', { id, logLimit: 2000 }));
    if (session) setOpen({ kind: 'session', session });
  };
  const compare = async () => {
    const [a, b] = selected;
    if (!a || !b) return;
    const result = await store.attempt(() =>
      Promise.all([store.client.call('sessions.load', { id: a, logLimit: 0 }), store.client.call('sessions.load', { id: b, logLimit: 0 }), store.client.call('sessions.compare', { a, b })]),
    );
    if (result) setOpen({ kind: 'compare', a: result[0], b: result[1], comparison: result[2], from: null });
  };
  const compareFrom = async (from: string | null) => {
    if (open?.kind !== 'compare') return;
    const { a, b } = open;
    const comparison = await store.attempt(() => store.client.call('sessions.compare', { a: a.id, b: b.id, ...(from ? { from } : {}) }));
    if (comparison) setOpen({ kind: 'compare', a, b, comparison, from });
  };
  const exportSession = async (id: string, format: ExportFormat) => {
    const file = await store.attempt(() => store.client.call('sessions.export', { id, format }));
    if (file) downloadText(file.fileName, file.text, file.mimeType);
  };
  const remove = async (id: string) => {
    if (!window.confirm(`Delete session ${id} and all its files? This cannot be undone.`)) return;
    const done = await store.attempt(() => store.client.call('sessions.remove', { id }));
    if (done) {
      setOpen(null);
      await refresh();
    }
  };
  const rerun = (session: LoadedSessionData) => {
    if (session.script === null) return;
    setOpen(null);
    requestScript({ text: session.script, name: scriptFileName(session.id), run: true, record: { tags: session.meta?.tags ?? [], note: `re-run of ${session.id}` } });
  };
  const importSessions = async () => {
    const result = await store.attempt(() => store.client.call('sessions.import', { path: importPath.trim() }));
    if (result) {
      setImportPath('');
      await refresh();
    }
  };
  const toggle = (id: string) => setSelected((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-2)));
  const running = script?.state === 'running' || script?.state === 'paused';

  return (
    <div className="area-body fsw-sessions-body">
      <div className="toolbar fsw-sessions-toolbar">
        <h2>Sessions</h2>
        <input type="search" placeholder="Search id, note, tag…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search sessions" data-testid="sessions-search" />
        <span className="fsw-tags">
          {tags.map((t) => (
            <button key={t} type="button" className={`fsw-tag${tag === t ? ' on' : ''}`} onClick={() => setTag(tag === t ? null : t)} data-tag={t}>
              {t}
            </button>
          ))}
        </span>
        <button type="button" onClick={() => void compare()} disabled={selected.length !== 2} title="Select two sessions to compare (B against A, in the order picked)">
          Compare {selected.length}/2
        </button>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
        <span className="fsw-spacer" />
        <input type="text" placeholder="Import path on the service's machine" value={importPath} onChange={(e) => setImportPath(e.target.value)} aria-label="Import path" />
        <button type="button" onClick={() => void importSessions()} disabled={!importPath.trim()}>
          Import
        </button>
      </div>
      {sessions.length === 0 ? (
        <p className="hint">
          No sessions yet in <code>{dir || 'the sessions folder'}</code>. Tick <strong>Record</strong> next to Run to record a run, or run <code>fsw run --record</code>.
        </p>
      ) : (
        <div className="fsw-sessions-scroll">
          <table className="fsw-table fsw-sessions-table" data-testid="sessions-list">
            <thead>
              <tr>
                <th aria-label="select" />
                <th>session</th>
                <th>started</th>
                <th>status</th>
                <th>switches</th>
                <th>tags</th>
                <th>note</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-session={s.id} className={selected.includes(s.id) ? 'selected' : ''}>
                  <td>
                    <input type="checkbox" checked={selected.includes(s.id)} onChange={() => toggle(s.id)} aria-label={`Select ${s.id} for comparison`} />
                  </td>
                  <td>
                    <button type="button" className="fsw-link" onClick={() => void openSession(s.id)}>
                      {s.id}
                    </button>
                    {s.problems.length > 0 && (
                      <span className="fsw-problem-badge" title={s.problems.map((p) => `${p.file}: ${p.message}`).join('\n')}>
                        ⚠ {s.problems.length}
                      </span>
                    )}
                  </td>
                  <td>{when(s.started)}</td>
                  <td className={`fsw-status fsw-status-${s.status}`}>{s.status}</td>
                  <td data-cell="switches">{s.switches}</td>
                  <td>{s.tags.join(', ')}</td>
                  <td>{s.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && (
        <div className="fsw-sessions-overlay" role="dialog" aria-label={open.kind === 'session' ? `Session ${open.session.id}` : 'Session comparison'}>
          {open.kind === 'session' ? (
            <SessionView
              session={open.session}
              onClose={() => setOpen(null)}
              onRerun={() => rerun(open.session)}
              onExport={(format) => void exportSession(open.session.id, format)}
              onDelete={() => void remove(open.session.id)}
              canRerun={device !== null && !running}
            />
          ) : (
            <SessionCompare a={open.a} b={open.b} comparison={open.comparison} from={open.from} onFrom={(mark) => void compareFrom(mark)} onClose={() => setOpen(null)} />
          )}
        </div>
      )}
    </div>
  );
}
