import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

export interface SwitchBar {
  name: string;
  id: number;
  wakelockWait: number;
  suspendResume: number;
  total: number;
}

/** One bar per measured switch: wakelock wait, then everything from suspend start to visible. */
export function toSwitchBars(switches: SwitchRecord[]): SwitchBar[] {
  return switches
    .filter((s) => s.totalMs !== null && s.wakelockWaitMs !== null)
    .map((s) => ({
      name: `#${s.id} ${s.from ?? '?'}→${s.to ?? '?'}`,
      id: s.id,
      wakelockWait: round(s.wakelockWaitMs!),
      suspendResume: round(s.totalMs! - s.wakelockWaitMs!),
      total: round(s.totalMs!),
    }));
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export function ChartsArea({ store }: { store: WorkbenchStore }) {
  const switches = useWorkbench(store, (s) => s.switches);
  const bars = toSwitchBars(switches);
  return (
    <div className="area-body charts-body">
      <div className="toolbar">
        <h2>Switches</h2>
        <span className="hint" data-testid="switch-count">
          {bars.length} measured
        </span>
      </div>
      {bars.length === 0 ? (
        <p className="hint">Each switch appears here as a bar split into wakelock wait and suspend/resume, as soon as the log shows it complete.</p>
      ) : (
        <div className="chart" data-testid="switch-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis dataKey="name" stroke="var(--muted)" fontSize={11} />
              <YAxis unit=" ms" stroke="var(--muted)" fontSize={11} width={70} />
              <Tooltip formatter={(value) => `${Number(value).toFixed(1)} ms`} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
              <Legend />
              <Bar dataKey="wakelockWait" name="wakelock wait" stackId="switch" fill="var(--wakelock)" isAnimationActive={false} />
              <Bar dataKey="suspendResume" name="suspend/resume" stackId="switch" fill="var(--suspend)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <table className="switch-table" data-testid="switch-table">
            <thead>
              <tr>
                <th>switch</th>
                <th>wakelock wait</th>
                <th>suspend/resume</th>
                <th>total</th>
              </tr>
            </thead>
            <tbody>
              {bars.slice(-5).map((bar) => (
                <tr key={bar.id} data-switch-id={bar.id}>
                  <td>{bar.name}</td>
                  <td className="num" data-part="wakelockWait">{bar.wakelockWait.toFixed(1)} ms</td>
                  <td className="num" data-part="suspendResume">{bar.suspendResume.toFixed(1)} ms</td>
                  <td className="num" data-part="total">{bar.total.toFixed(1)} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
