import { escapeHtml, frame, H, M, niceTicks, noData, num, W, yAxis } from './svg-frame';

export const SEGMENT_COLOURS = { wakelock: '#d97706', suspend: '#2563eb', resume: '#059669' } as const;

export interface BarSwitch {
  id: number;
  wakelockWaitMs: number | null;
  suspendMs: number | null;
  resumeMs: number | null;
}

/** One stacked bar per switch: wakelock wait (bottom), suspend, resume (top). */
export function stackedSwitchBars(switches: readonly BarSwitch[]): string {
  const label = 'Each switch: wakelock wait, suspend and resume, in ms';
  if (switches.length === 0) return noData(label);
  const totals = switches.map((s) => (s.wakelockWaitMs ?? 0) + (s.suspendMs ?? 0) + (s.resumeMs ?? 0));
  const ticks = niceTicks(Math.max(...totals));
  const top = ticks[ticks.length - 1] as number;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const slot = plotW / switches.length;
  const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0;
  const bars = switches.map((s, i) => {
    const x = M.left + i * slot + gap / 2;
    const w = Math.max(0.5, slot - gap);
    const parts: [keyof typeof SEGMENT_COLOURS, number | null][] = [
      ['wakelock', s.wakelockWaitMs],
      ['suspend', s.suspendMs],
      ['resume', s.resumeMs],
    ];
    let base = 0;
    const rects = parts
      .filter(([, v]) => v !== null && v > 0)
      .map(([name, v]) => {
        const rect = `<rect class="seg-${name}" x="${num(x)}" y="${num(y(base + (v as number)))}" width="${num(w)}" height="${num(y(base) - y(base + (v as number)))}" fill="${SEGMENT_COLOURS[name]}"/>`;
        base += v as number;
        return rect;
      });
    const tip = `switch #${s.id}: wakelock wait ${s.wakelockWaitMs ?? '—'} ms, suspend ${s.suspendMs ?? '—'} ms, resume ${s.resumeMs ?? '—'} ms`;
    const marker = rects.length ? '' : `<rect x="${num(x)}" y="${num(y(0) - 2)}" width="${num(w)}" height="2" fill="#9ca3af"/>`;
    return `<g class="bar"><title>${escapeHtml(tip)}</title>${rects.join('')}${marker}</g>`;
  });
  const every = Math.max(1, Math.ceil(switches.length / 20));
  const xLabels = switches
    .map((s, i) => (i % every === 0 ? `<text x="${num(M.left + (i + 0.5) * slot)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#374151">${s.id}</text>` : ''))
    .join('');
  const legend = (['wakelock', 'suspend', 'resume'] as const)
    .map((name, i) => {
      const x = M.left + i * 150;
      const text = { wakelock: 'wakelock wait', suspend: 'suspend', resume: 'resume' }[name];
      return `<rect x="${x}" y="${H - 18}" width="12" height="12" fill="${SEGMENT_COLOURS[name]}"/><text x="${x + 18}" y="${H - 8}" font-size="12" fill="#111827">${text}</text>`;
    })
    .join('');
  const xTitle = `<text x="${W - M.right}" y="${H - 8}" text-anchor="end" font-size="12" fill="#111827">switch record id</text>`;
  return frame(label, `${yAxis(ticks, y, 'ms')}<g class="bars">${bars.join('')}</g>${xLabels}${legend}${xTitle}`);
}
