import type { LoadedSessionData, PhaseComparisonData, SessionComparisonData } from '../../../common/api/sessions-contract';
import { selectRange } from '../../../common/sessions/statistics';
import { largestTotal, OverlaidTotalsChart, PhaseBarsChart } from './session-charts';
import { interval, ms, pValue, phaseLabel, signedMs } from './format';

export interface SessionCompareProps {
  a: LoadedSessionData;
  b: LoadedSessionData;
  comparison: SessionComparisonData;
  /** The mark both sides start from (null: every switch). */
  from: string | null;
  onFrom: (mark: string | null) => void;
  onClose: () => void;
}

function Row({ p }: { p: PhaseComparisonData }) {
  return (
    <tr data-phase={p.phase} className={`fsw-verdict-${p.verdict}`}>
      <td>{phaseLabel(p.phase)}</td>
      <td>{p.a.count}</td>
      <td>{p.b.count}</td>
      <td>{ms(p.a.median)}</td>
      <td>{ms(p.b.median)}</td>
      <td data-cell="median-delta">{signedMs(p.medianDelta)}</td>
      <td>{interval(p.medianDeltaCi)}</td>
      <td>{signedMs(p.meanDelta)}</td>
      <td>{interval(p.meanDeltaCi)}</td>
      <td data-cell="p">{pValue(p.mannWhitney.p)}</td>
      <td data-cell="verdict">{p.verdict}</td>
    </tr>
  );
}

/** B against A: side-by-side and overlaid charts, and per-phase deltas with their intervals and significance. */
export function SessionCompare({ a, b, comparison, from, onFrom, onClose }: SessionCompareProps) {
  const shared = [...new Set(a.marks.map((m) => m.label))].filter((label) => b.marks.some((m) => m.label === label));
  // The charts show the same switches the figures are over.
  const ranged = (s: LoadedSessionData) => {
    const selected = selectRange(s.switches, s.marks, { from });
    return selected.ok ? selected.switches : s.switches;
  };
  const sa = ranged(a);
  const sb = ranged(b);
  const main = comparison.phases.filter((p) => !p.phase.startsWith('driver:') && !p.phase.startsWith('phase:'));
  const drivers = [...comparison.slowerDrivers, ...comparison.fasterDrivers];
  const confidence = Math.round(comparison.options.confidence * 100);
  // One scale for both, so bars of equal height mean equal times.
  const yMax = Math.max(largestTotal(sa), largestTotal(sb));
  return (
    <div className="fsw-session-view" data-testid="session-compare">
      <header className="fsw-session-header">
        <h3>
          A {a.id} ↔ B {b.id}
        </h3>
        <span className="fsw-spacer" />
        {shared.length > 0 && (
          <select className="fsw-range" value={from ?? ''} onChange={(e) => onFrom(e.target.value || null)} aria-label="Compare from" data-testid="compare-from">
            <option value="">all switches</option>
            {shared.map((label) => (
              <option key={label} value={label}>
                from mark “{label}” in both
              </option>
            ))}
          </select>
        )}
        <button type="button" onClick={onClose} aria-label="Close the comparison">
          ×
        </button>
      </header>
      <div className="fsw-session-grid">
        <section>
          <h4>A · {a.id}</h4>
          <PhaseBarsChart switches={sa} height={180} yMax={yMax} testId="compare-chart-a" />
        </section>
        <section>
          <h4>B · {b.id}</h4>
          <PhaseBarsChart switches={sb} height={180} yMax={yMax} testId="compare-chart-b" />
        </section>
      </div>
      <h4>Total switch time, overlaid</h4>
      <OverlaidTotalsChart a={sa} b={sb} labels={{ a: a.id, b: b.id }} />
      <h4>Deltas B − A (ms)</h4>
      <table className="fsw-table" data-testid="compare-table">
        <thead>
          <tr>
            <th>phase</th>
            <th>n A</th>
            <th>n B</th>
            <th>median A</th>
            <th>median B</th>
            <th>Δ median</th>
            <th>{confidence}% CI</th>
            <th>Δ mean</th>
            <th>{confidence}% CI</th>
            <th>p</th>
            <th>verdict</th>
          </tr>
        </thead>
        <tbody>
          {main.map((p) => (
            <Row key={p.phase} p={p} />
          ))}
        </tbody>
      </table>
      <p className="hint">
        Intervals: percentile bootstrap ({comparison.options.resamples} resamples); p: two-sided Mann–Whitney U (exact for small sets, normal approximation
        for larger ones), significant below {comparison.options.alpha}. Timing data is skewed and has outliers, so neither assumes a normal
        distribution.
      </p>
      <h4>Drivers that changed significantly</h4>
      {drivers.length === 0 ? (
        <p className="hint" data-testid="compare-drivers">
          No driver got significantly slower or faster.
        </p>
      ) : (
        <table className="fsw-table" data-testid="compare-drivers">
          <tbody>
            {drivers.map((p) => (
              <Row key={p.phase} p={p} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
