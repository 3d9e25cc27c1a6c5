import { useMemo, useState } from 'react';
import type { LoadedSessionData } from '../../../common/api/sessions-contract';
import { selectRange, summarize } from '../../../common/sessions/statistics';
import { PhaseBarsChart } from './session-charts';
import { MAIN_PHASE_KEYS, ms, phaseLabel, when } from './format';
import type { ExportFormat } from '../../../common/api/sessions-contract';

export interface SessionViewProps {
  session: LoadedSessionData;
  onClose: () => void;
  onRerun: () => void;
  onExport: (format: ExportFormat) => void;
  onDelete: () => void;
  canRerun: boolean;
}

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML report' },
];

/** One recorded session: facts, statistics, charts, the exact script (read-only) and its log. */
export function SessionView({ session, onClose, onRerun, onExport, onDelete, canRerun }: SessionViewProps) {
  const meta = session.meta;
  // Statistics from a mark on (warm-up left out), computed here: common/sessions is pure.
  const [from, setFrom] = useState<string | null>(null);
  const summary = useMemo(() => {
    if (from === null) return session.summary;
    const selected = selectRange(session.switches, session.marks, { from });
    return selected.ok ? summarize(selected.switches, session.scope) : session.summary;
  }, [session, from]);
  const phases = [...MAIN_PHASE_KEYS.filter((k) => summary[k]), ...Object.keys(summary).filter((k) => k.startsWith('driver:'))].slice(0, 16);
  return (
    <div className="fsw-session-view" data-testid="session-view" data-session={session.id}>
      <header className="fsw-session-header">
        <h3>{session.id}</h3>
        <span className={`fsw-status fsw-status-${meta?.status ?? 'interrupted'}`}>{meta?.status ?? 'unreadable metadata'}</span>
        {meta?.ending?.message && <span className="hint">{meta.ending.message}</span>}
        <span className="fsw-spacer" />
        <button type="button" onClick={onRerun} disabled={!canRerun || session.script === null} title="Load the script into the editor and run it, recording a new session">
          Re-run script
        </button>
        {EXPORTS.map((e) => (
          <button key={e.format} type="button" onClick={() => onExport(e.format)} data-export={e.format}>
            {e.label}
          </button>
        ))}
        <button type="button" className="fsw-danger" onClick={onDelete}>
          Delete…
        </button>
        <button type="button" onClick={onClose} aria-label="Close the session">
          ×
        </button>
      </header>
      <div className="fsw-session-grid">
        <section>
          <h4>Run</h4>
          <dl className="fsw-facts">
            <dt>started</dt>
            <dd>{when(meta?.started ?? null)}</dd>
            <dt>ended</dt>
            <dd>{when(meta?.ended ?? null)}</dd>
            <dt>device</dt>
            <dd>{meta ? `${meta.device.model ?? '?'} (${meta.target ?? '?'})` : '—'}</dd>
            <dt>profile</dt>
            <dd>{meta?.profile ?? '—'}</dd>
            <dt>kernels</dt>
            <dd>{meta?.device.kernels.join(', ') || '—'}</dd>
            <dt>tags</dt>
            <dd>{meta?.tags.join(', ') || '—'}</dd>
            <dt>marks</dt>
            <dd>{session.marks.map((m) => `${m.label} (after ${m.switchIndex})`).join(', ') || '—'}</dd>
          </dl>
          <h4>
            Timings (ms)
            {session.marks.length > 0 && (
              <select className="fsw-range" value={from ?? ''} onChange={(e) => setFrom(e.target.value || null)} aria-label="Statistics from" data-testid="session-from">
                <option value="">all switches</option>
                {[...new Set(session.marks.map((m) => m.label))].map((label) => (
                  <option key={label} value={label}>
                    from mark “{label}”
                  </option>
                ))}
              </select>
            )}
          </h4>
          <table className="fsw-table" data-testid="session-summary">
            <thead>
              <tr>
                <th>phase</th>
                <th>n</th>
                <th>median</th>
                <th>mean</th>
                <th>sd</th>
                <th>p90</th>
                <th>p95</th>
                <th>min</th>
                <th>max</th>
                <th>outliers</th>
              </tr>
            </thead>
            <tbody>
              {phases.map((key) => {
                const s = summary[key]!;
                return (
                  <tr key={key} data-phase={key}>
                    <td>{phaseLabel(key)}</td>
                    <td>{s.count}</td>
                    <td>{ms(s.median)}</td>
                    <td>{ms(s.mean)}</td>
                    <td>{ms(s.sd)}</td>
                    <td>{ms(s.p90)}</td>
                    <td>{ms(s.p95)}</td>
                    <td>{ms(s.min)}</td>
                    <td>{ms(s.max)}</td>
                    <td>{s.outliers.length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="hint">Switches with outcome ok; outliers by Tukey&apos;s fences (1.5 × IQR).</p>
        </section>
        <section>
          <h4>Each switch</h4>
          <PhaseBarsChart switches={session.switches} testId="session-chart" />
          <h4>Script (read-only)</h4>
          <pre className="fsw-script-readonly" data-testid="session-script">
            {session.script ?? '(script.fsw could not be read)'}
          </pre>
        </section>
      </div>
      <section>
        <h4>
          Log ({session.logs.length < session.logCount ? `last ${session.logs.length} of ${session.logCount}` : session.logCount} lines)
        </h4>
        <pre className="fsw-session-log" data-testid="session-log">
          {session.logs.map((r) => `${r.source.padEnd(6)} ${r.instance === null ? '   ' : String(r.instance).padEnd(3)} ${r.text}`).join('\n')}
        </pre>
      </section>
      {session.problems.length > 0 && (
        <section>
          <h4>Problems reading the session</h4>
          <ul className="fsw-problems">
            {session.problems.map((p, i) => (
              <li key={i}>{`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
