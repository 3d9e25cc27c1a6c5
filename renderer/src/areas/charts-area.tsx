import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { useChartColors, type ChartColors } from '../charts/chart-colors';
import { chartToSvg, download, svgToPng, type LegendItem } from '../charts/chart-export';
import { histogram, slowestDrivers, toSwitchBars, type SwitchBar } from '../charts/switch-figures';
import { SwitchTimeline } from '../charts/switch-timeline';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

export { toSwitchBars } from '../charts/switch-figures';

type Tab = 'switches' | 'distribution' | 'drivers' | 'timeline';
const TABS: { id: Tab; label: string }[] = [
  { id: 'switches', label: 'Per switch' },
  { id: 'distribution', label: 'Distribution' },
  { id: 'drivers', label: 'Slowest drivers' },
  { id: 'timeline', label: 'Timeline' },
];

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ms`);

function SwitchTooltip({ active, payload }: { active?: boolean; payload?: { payload?: SwitchBar }[] }) {
  const bar = payload?.[0]?.payload;
  if (!active || !bar) return null;
  const s = bar.record;
  return (
    <div className="chart-tooltip">
      <strong>{bar.name}</strong> <span className="hint">{s.outcome}</span>
      <table>
        <tbody>
          <tr><td>wakelock wait</td><td className="num">{ms(s.wakelockWaitMs)}</td><td className="hint">{s.clocks?.wakelockWaitMs ?? s.clock}</td></tr>
          <tr><td>suspend</td><td className="num">{ms(s.suspendMs)}</td><td className="hint">{s.clocks?.suspendMs ?? s.clock}</td></tr>
          <tr><td>hand-over</td><td className="num">{ms(bar.handover)}</td><td /></tr>
          <tr><td>resume</td><td className="num">{ms(s.resumeMs)}</td><td className="hint">{s.clocks?.resumeMs ?? s.clock}</td></tr>
          <tr className="total"><td>total</td><td className="num">{ms(s.totalMs)}</td><td className="hint">{s.clocks?.totalMs ?? s.clock}</td></tr>
        </tbody>
      </table>
      <div>blocking: {s.blockingWakelocks.length ? s.blockingWakelocks.join(', ') : 'none'}</div>
      {s.anomalies.length > 0 && <div className="hint">{s.anomalies.length} anomal{s.anomalies.length === 1 ? 'y' : 'ies'}</div>}
      <div className="hint">click: show its lines and timeline</div>
    </div>
  );
}

function legendFor(tab: Tab, colors: ChartColors): LegendItem[] {
  if (tab === 'switches') return [
    { label: 'wakelock wait', color: colors.wakelock },
    { label: 'suspend', color: colors.suspend },
    { label: 'hand-over', color: colors.handover },
    { label: 'resume', color: colors.resume },
  ];
  if (tab === 'distribution') return [
    { label: 'switches per bin', color: colors.suspend },
    { label: 'cumulative %', color: colors.wakelock },
  ];
  if (tab === 'drivers') return [
    { label: 'mean ms', color: colors.suspend },
    { label: 'max ms', color: colors.muted },
  ];
  return [
    { label: 'wakelock wait', color: colors.wakelock },
    { label: 'suspend', color: colors.suspend },
    { label: 'hand-over', color: colors.handover },
    { label: 'resume', color: colors.resume },
  ];
}

/** The per-switch chart draws at most this many bars (the newest); the distribution covers every switch. */
const MAX_BARS = 80;

interface ChartPanelProps {
  tab: Tab;
  switches: SwitchRecord[];
  selected: number | null;
  scope: 'all' | 'selected';
  colors: ChartColors;
  select: (id: number) => void;
}

/**
 * The chart itself. It gets the switches through useDeferredValue, so
 * React redraws it in interruptible slices after a switch arrives, and the
 * log keeps its frames under a flood.
 */
const ChartPanel = memo(function ChartPanel({ tab, switches, selected, scope, colors, select }: ChartPanelProps) {
  const allBars = useMemo(() => toSwitchBars(switches), [switches]);
  const bars = useMemo(() => allBars.slice(-MAX_BARS), [allBars]);
  const bins = useMemo(() => histogram(allBars.map((b) => b.total)), [allBars]);
  const selectedRecord = switches.find((s) => s.id === selected);
  const selectedBar = bars.find((b) => b.id === selected);
  const drivers = useMemo(() => slowestDrivers(scope === 'selected' && selectedRecord ? [selectedRecord] : switches), [switches, scope, selectedRecord]);
  const empty = (text: string) => <p className="hint chart-empty">{text}</p>;
  const axis = { stroke: colors.muted, fontSize: 11, tick: { fill: colors.muted } };
  const tooltipStyle = { background: colors.background, border: `1px solid ${colors.grid}`, color: colors.text };

  let body;
  if (tab === 'switches') {
    body =
      allBars.length === 0 ? (
        empty('Each switch appears here as a bar split into wakelock wait, suspend, hand-over and resume, as soon as the log shows it complete.')
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} barCategoryGap="15%">
            <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} vertical={false} />
            {/* Fixed tick intervals: recharts would otherwise measure every label in the DOM on each redraw (a forced layout per label). */}
            <XAxis dataKey="name" {...axis} interval={Math.max(0, Math.ceil(bars.length / 7) - 1)} />
            <YAxis unit=" ms" {...axis} width={64} interval={0} />
            {selectedBar && <ReferenceArea x1={selectedBar.name} x2={selectedBar.name} fill={colors.accent} fillOpacity={0.15} stroke={colors.accent} strokeOpacity={0.6} ifOverflow="visible" />}
            <Tooltip content={<SwitchTooltip />} cursor={{ fill: colors.grid, opacity: 0.5 }} />
            {(['wakelockWait', 'suspend', 'handover', 'resume'] as const).map((key) => (
              <Bar
                key={key}
                dataKey={key}
                name={key}
                stackId="switch"
                fill={key === 'wakelockWait' ? colors.wakelock : key === 'suspend' ? colors.suspend : key === 'handover' ? colors.handover : colors.resume}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(data: { payload?: SwitchBar }) => data.payload && select(data.payload.id)}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      );
  } else if (tab === 'distribution') {
    body =
      allBars.length < 2 ? (
        empty('The distribution of switch totals (histogram and cumulative share) needs at least two measured switches.')
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={bins} margin={{ top: 8, right: 8, bottom: 14, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} vertical={false} />
            <XAxis dataKey="label" {...axis} interval={Math.max(0, Math.ceil(bins.length / 7) - 1)} label={{ value: 'switch total, ms', position: 'insideBottom', offset: -10, fill: colors.muted, fontSize: 11 }} />
            <YAxis yAxisId="count" allowDecimals={false} {...axis} width={40} label={{ value: 'switches', angle: -90, position: 'insideLeft', fill: colors.muted, fontSize: 11 }} />
            <YAxis yAxisId="cdf" orientation="right" domain={[0, 100]} unit="%" {...axis} width={44} />
            <Tooltip contentStyle={tooltipStyle} formatter={(value, name) => (name === 'cumulative' ? `${value} %` : `${value} switches`)} labelFormatter={(label) => `total ${label} ms`} />
            <Bar yAxisId="count" dataKey="count" name="switches" fill={colors.suspend} isAnimationActive={false} />
            <Line yAxisId="cdf" type="stepAfter" dataKey="cdf" name="cumulative" stroke={colors.wakelock} strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      );
  } else if (tab === 'drivers') {
    body =
      drivers.length === 0 ? (
        empty(
          switches.length === 0
            ? 'The slowest driver callbacks over the switches appear here once switches are measured.'
            : 'No per-driver times in this log. The kernel prints them with initcall_debug: add  shell "echo 1 > /sys/module/kernel/parameters/initcall_debug"  to the script.',
        )
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={drivers} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} horizontal={false} />
            <XAxis type="number" unit=" ms" {...axis} />
            <YAxis type="category" dataKey="key" {...axis} width={190} interval={0} />
            <Tooltip contentStyle={tooltipStyle} formatter={(value, name) => `${Number(value).toFixed(3)} ms (${name})`} />
            <Bar dataKey="mean" name="mean" fill={colors.suspend} isAnimationActive={false} />
            <Bar dataKey="max" name="max" fill={colors.muted} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      );
  } else {
    body = selectedRecord ? (
      <SwitchTimeline record={selectedRecord} colors={colors} />
    ) : (
      empty('Select a switch (click its bar, or a line of it in the kernel log) to see its phases and driver callbacks on a timeline.')
    );
  }

  return (
    <>
      {tab === 'switches' && allBars.length > MAX_BARS && <span className="hint chart-note">newest {MAX_BARS} of {allBars.length} switches (the distribution covers all)</span>}
      {body}
    </>
  );
});

/** Switch charts: per-switch split, distribution of totals, slowest drivers, one switch's timeline; each exports as SVG and PNG. */
export function ChartsArea({ store }: { store: WorkbenchStore }) {
  const liveSwitches = useWorkbench(store, (s) => s.switches);
  const liveSelected = useWorkbench(store, (s) => s.selectedSwitch);
  const switches = useDeferredValue(liveSwitches);
  const selected = useDeferredValue(liveSelected);
  const colors = useChartColors();
  const [tab, setTab] = useState<Tab>(() => (localStorage.getItem('fsw.chart-tab') as Tab | null) ?? 'switches');
  const [scope, setScope] = useState<'all' | 'selected'>('all');
  const panel = useRef<HTMLDivElement>(null);
  const bars = useMemo(() => toSwitchBars(switches), [switches]);
  const selectedRecord: SwitchRecord | undefined = switches.find((s) => s.id === selected) ?? undefined;

  const choose = (next: Tab) => {
    setTab(next);
    localStorage.setItem('fsw.chart-tab', next);
  };
  const select = useMemo(() => (id: number) => store.selectSwitch(id, true), [store]);

  const titleOf = () =>
    tab === 'switches'
      ? `Switch time split (${Math.min(bars.length, MAX_BARS)} switches)`
      : tab === 'distribution'
        ? `Distribution of switch totals (${bars.length} switches)`
        : tab === 'drivers'
          ? `Slowest driver callbacks (${scope === 'selected' && selectedRecord ? `switch #${selectedRecord.id}` : `${switches.length} switches`})`
          : `Timeline of switch #${selectedRecord?.id ?? ''} ${selectedRecord?.from ?? ''}→${selectedRecord?.to ?? ''}`;
  const exportChart = async (format: 'svg' | 'png') => {
    const svg = panel.current?.querySelector<SVGSVGElement>('svg.recharts-surface, svg.timeline-svg');
    if (!svg) {
      store.showError('There is no chart to export yet: run a switch first.');
      return;
    }
    const text = chartToSvg(svg, { title: titleOf(), background: colors.background, text: colors.text, legend: legendFor(tab, colors) });
    const name = `fastswitch-${tab}-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
    try {
      download(format === 'svg' ? new Blob([text], { type: 'image/svg+xml' }) : await svgToPng(text), name);
    } catch (error) {
      store.showError(`Export failed: ${(error as Error).message}`);
    }
  };

  return (
    <div className="area-body charts-body">
      <div className="toolbar">
        <h2>Switches</h2>
        <span className="hint" data-testid="switch-count">
          {bars.length} measured
        </span>
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => choose(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {tab === 'drivers' && (
          <select aria-label="Driver scope" value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'selected')}>
            <option value="all">all switches</option>
            <option value="selected" disabled={!selectedRecord}>
              selected switch
            </option>
          </select>
        )}
        <button type="button" className="small" onClick={() => void exportChart('svg')} title="Save this chart as SVG">
          SVG
        </button>
        <button type="button" className="small" onClick={() => void exportChart('png')} title="Save this chart as PNG">
          PNG
        </button>
      </div>
      <div className={`chart chart-${tab}`} data-testid="switch-chart" ref={panel}>
        <ChartPanel tab={tab} switches={switches} selected={selected} scope={scope} colors={colors} select={select} />
      </div>
      {bars.length > 0 && (
        <table className="switch-table" data-testid="switch-table">
          <thead>
            <tr>
              <th>switch (ms)</th>
              <th title="wakelock wait: request to suspend start, ms">wait</th>
              <th title="suspend start to the hand-over, ms">suspend</th>
              <th title="wake to visible, ms">resume</th>
              <th title="request to visible, ms">total</th>
              <th>blocking</th>
            </tr>
          </thead>
          <tbody>
            {(selectedRecord ? bars.filter((b) => b.id === selectedRecord.id) : bars.slice(-1)).map((bar) => (
              <tr key={bar.id} data-switch-id={bar.id} className={bar.id === selected ? 'selected' : undefined} onClick={() => select(bar.id)}>
                <td>
                  {bar.name} {bar.id === selected ? <span className="hint">(selected)</span> : <span className="hint">(latest)</span>}
                </td>
                <td className="num" data-part="wakelockWait">{bar.wakelockWait.toFixed(1)}</td>
                <td className="num" data-part="suspend">{bar.suspend.toFixed(1)}</td>
                <td className="num" data-part="resume">{bar.resume.toFixed(1)}</td>
                <td className="num" data-part="total">{bar.total.toFixed(1)}</td>
                <td className="blockers" title={bar.record.blockingWakelocks.join(', ')}>
                  {bar.record.blockingWakelocks.join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
