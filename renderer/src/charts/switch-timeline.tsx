import { useLayoutEffect, useRef, useState } from 'react';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import type { ChartColors } from './chart-colors';
import { timelineOf, type Side } from './switch-figures';

const PHASE_LABEL: Record<string, string> = {
  wakelockWait: 'wakelock wait',
  sync: 'sync',
  freeze: 'freeze',
  deviceSuspend: 'device suspend',
  platformPrepare: 'prepare',
  lateSuspend: 'late',
  noirqSuspend: 'noirq suspend',
  platformSuspend: 'platform suspend',
  handover: 'hand-over',
  platformResume: 'platform resume',
  noirqResume: 'noirq resume',
  earlyResume: 'early',
  platformFinish: 'finish',
  deviceResume: 'device resume',
  resumeComplete: 'complete',
  thaw: 'thaw',
};

const MAX_DRIVER_ROWS = 12;

/**
 * One switch in the manner of sleepgraph: time runs left to right from the
 * request; the top band is its phases (wait, suspend, hand-over, resume),
 * below it each driver callback inside its phase, slowest first.
 */
export function SwitchTimeline({ record, colors }: { record: SwitchRecord; colors: ChartColors }) {
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  const { segments, drivers, total } = timelineOf(record);
  const left = 110;
  const right = 16;
  const plot = Math.max(100, width - left - right);
  const x = (ms: number) => left + (ms / Math.max(total, 1)) * plot;
  const sideColor: Record<Side, string> = { wait: colors.wakelock, suspend: colors.suspend, handover: colors.handover, resume: colors.resume };
  const shownDrivers = [...drivers].sort((a, b) => b.ms - a.ms).slice(0, MAX_DRIVER_ROWS);
  const bandY = 64;
  const bandH = 26;
  const driverTop = bandY + bandH + 14;
  const rowH = 15;
  const driverRows = Math.max(shownDrivers.length, 1);
  const axisY = driverTop + driverRows * rowH + 8;
  const tableY = axisY + 30;
  const tableRows = Math.ceil(segments.length / 3);
  const height = tableY + tableRows * 15 + 6;
  const clockOf = (field: string) => record.clocks?.[field] ?? record.clock;
  const step = niceStep(total / 8);
  const ticks: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) ticks.push(t);

  // Side labels (wakelock wait / suspend / resume) above the band, where they fit.
  const sides: { side: Side; start: number; ms: number }[] = [];
  for (const g of segments) {
    const last = sides.at(-1);
    if (last && last.side === g.side) last.ms += g.ms;
    else sides.push({ side: g.side, start: g.start, ms: g.ms });
  }

  return (
    <div className="timeline" ref={host} data-testid="switch-timeline">
      <svg className="timeline-svg" width={width} height={height} role="img" aria-label={`Timeline of switch #${record.id}`}>
        <text x={8} y={14} fontSize={12} fontWeight={600} fill={colors.text}>
          {`#${record.id} ${record.from ?? '?'}→${record.to ?? '?'} · ${record.kind} · ${record.outcome} · total ${record.totalMs === null ? '—' : `${record.totalMs.toFixed(1)} ms (${clockOf('totalMs')} clock)`}`}
        </text>
        <text x={8} y={29} fontSize={11} fill={colors.muted}>
          {`blocking: ${record.blockingWakelocks.join(', ') || 'none'}${record.anomalies.length ? ` · ${record.anomalies.length} anomal${record.anomalies.length === 1 ? 'y' : 'ies'}` : ''} · lines ${record.lines[0]}–${record.lines[1]}`}
        </text>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={bandY - 4} y2={axisY} stroke={colors.grid} />
            <text x={x(t)} y={axisY + 14} fontSize={11} fill={colors.muted} textAnchor="middle">
              {t >= 1000 ? `${(t / 1000).toFixed(step >= 1000 ? 0 : 1)} s` : `${Math.round(t)} ms`}
            </text>
          </g>
        ))}
        {sides.map((s) => {
          const label = `${s.side === 'wait' ? 'wakelock wait' : s.side === 'handover' ? 'hand-over' : s.side} ${s.ms.toFixed(1)} ms`;
          const w = x(s.start + s.ms) - x(s.start);
          return w > label.length * 6.4 ? (
            <text key={`${s.side}-${s.start}`} x={x(s.start) + w / 2} y={bandY - 7} fontSize={11} textAnchor="middle" fill={colors.text}>
              {label}
            </text>
          ) : null;
        })}
        <text x={8} y={bandY + bandH / 2 + 4} fontSize={11} fill={colors.muted}>
          phases
        </text>
        {segments.map((g, i) => {
          const w = Math.max(1, x(g.start + g.ms) - x(g.start));
          const label = PHASE_LABEL[g.phase] ?? g.phase;
          return (
            <g key={g.phase} data-phase={g.phase}>
              <rect x={x(g.start)} y={bandY} width={w} height={bandH} fill={sideColor[g.side]} opacity={i % 2 === 0 ? 1 : 0.78} stroke={colors.background} strokeWidth={0.5}>
                <title>{`${label}: ${g.ms.toFixed(3)} ms (from ${g.start.toFixed(1)} ms)`}</title>
              </rect>
              {w > label.length * 6.2 + 6 && (
                <text x={x(g.start) + w / 2} y={bandY + bandH / 2 + 4} fontSize={11} textAnchor="middle" fill="#ffffff">
                  {label}
                </text>
              )}
            </g>
          );
        })}
        {shownDrivers.length === 0 ? (
          <text x={left} y={driverTop + 11} fontSize={11} fill={colors.muted}>
            No per-driver times in this log (the kernel prints them with initcall_debug on).
          </text>
        ) : (
          shownDrivers.map((d, row) => {
            const y = driverTop + row * rowH;
            const w = Math.max(1.5, x(d.start + d.ms) - x(d.start));
            const color = d.phase.toLowerCase().includes('resume') ? colors.resume : colors.suspend;
            return (
              <g key={`${d.name}-${d.phase}-${row}`} data-driver={d.name}>
                <text x={left - 6} y={y + 10} fontSize={10.5} textAnchor="end" fill={colors.text}>
                  {d.name.length > 16 ? `${d.name.slice(0, 15)}…` : d.name}
                </text>
                <rect x={x(d.start)} y={y + 1} width={w} height={rowH - 3} fill={color}>
                  <title>{`${d.name} · ${d.phase} · ${d.ms.toFixed(3)} ms${d.line ? ` · line ${d.line}` : ''}`}</title>
                </rect>
                <text x={Math.min(x(d.start) + w + 4, width - right - 50)} y={y + 10} fontSize={10.5} fill={colors.muted}>
                  {d.ms.toFixed(1)} ms
                </text>
              </g>
            );
          })
        )}
        {segments.map((g, i) => {
          const col = i % 3;
          const row = Math.floor(i / 3);
          const colW = Math.max(150, (width - 16) / 3);
          return (
            <g key={`t-${g.phase}`}>
              <rect x={8 + col * colW} y={tableY + row * 15 - 9} width={9} height={9} fill={sideColor[g.side]} />
              <text x={8 + col * colW + 14} y={tableY + row * 15} fontSize={11} fill={colors.text}>
                {`${PHASE_LABEL[g.phase] ?? g.phase}  ${g.ms.toFixed(1)} ms`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function niceStep(raw: number): number {
  if (raw <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
}
