import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { measuredTotal, type SwitchRecord } from '../../../common/domain/switch-record';
import { defaultScope, inScope } from '../../../common/sessions/statistics';

interface PhaseBar {
  name: string;
  wakelockWait: number;
  suspend: number;
  resume: number;
}

const round = (v: number | null) => Math.round((v ?? 0) * 10) / 10;

/** The session's population (ok switches, or plain suspends where there is no switch) that has a total. */
const charted = (switches: readonly SwitchRecord[]) => inScope(switches, defaultScope(switches)).filter((s) => measuredTotal(s) !== null);

/** Switches of the session's population, as stacked bars of their phases. */
export function phaseBars(switches: readonly SwitchRecord[]): PhaseBar[] {
  return charted(switches)
    .map((s) => ({
      name: `#${s.id}`,
      wakelockWait: round(s.wakelockWaitMs),
      suspend: round(s.suspendMs),
      resume: round(s.resumeMs),
    }));
}

/** The largest stacked total, so two charts side by side can share one scale. */
export function largestTotal(switches: readonly SwitchRecord[]): number {
  return Math.max(0, ...phaseBars(switches).map((b) => b.wakelockWait + b.suspend + b.resume));
}

export function PhaseBarsChart({ switches, height = 220, testId, yMax }: { switches: readonly SwitchRecord[]; height?: number; testId?: string; yMax?: number }) {
  const data = phaseBars(switches);
  if (data.length === 0) return <p className="hint">No measured switch in this session.</p>;
  return (
    <div data-testid={testId} className="fsw-session-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid, #e5e7eb)" />
          <XAxis dataKey="name" tick={{ fontSize: 10 }} />
          <YAxis unit=" ms" tick={{ fontSize: 10 }} width={64} domain={yMax ? [0, Math.ceil(yMax / 200) * 200] : [0, 'auto']} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="wakelockWait" name="wakelock wait" stackId="t" fill="var(--wakelock, #d97706)" isAnimationActive={false} />
          <Bar dataKey="suspend" name="suspend" stackId="t" fill="var(--suspend, #2563eb)" isAnimationActive={false} />
          <Bar dataKey="resume" name="resume" stackId="t" fill="var(--resume, #059669)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Two sessions' total switch times by switch number, on one axis. */
export function OverlaidTotalsChart({ a, b, labels }: { a: readonly SwitchRecord[]; b: readonly SwitchRecord[]; labels: { a: string; b: string } }) {
  const totals = (list: readonly SwitchRecord[]) => charted(list).map((s) => round(measuredTotal(s)));
  const ta = totals(a);
  const tb = totals(b);
  const data = Array.from({ length: Math.max(ta.length, tb.length) }, (_, i) => ({ n: i + 1, a: ta[i] ?? null, b: tb[i] ?? null }));
  if (data.length === 0) return <p className="hint">Neither session has a measured switch.</p>;
  return (
    <div data-testid="compare-overlay" className="fsw-session-chart">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid, #e5e7eb)" />
          <XAxis dataKey="n" tick={{ fontSize: 10 }} label={{ value: 'switch', position: 'insideBottomRight', offset: -2, fontSize: 10 }} />
          <YAxis unit=" ms" tick={{ fontSize: 10 }} width={64} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Line dataKey="a" name={`A ${labels.a}`} stroke="#2563eb" dot isAnimationActive={false} connectNulls />
          <Line dataKey="b" name={`B ${labels.b}`} stroke="#dc2626" dot isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
