import { percentile } from './statistics';

/**
 * Inline SVG charts for the offline HTML report, written by hand so the
 * report needs no script and no external resource. Every bar carries a
 * `<title>` (the browser's tooltip) with its exact figures.
 */

/** Escapes text for HTML and SVG, and breaks `://` so no URL in recorded text can look like a link or resource. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/:\/\//g, '&#58;//');
}

const num = (v: number) => (Math.round(v * 100) / 100).toString();

/** About `count` round tick values (1, 2 or 5 × 10^k apart) from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude) as number;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if ((ticks[ticks.length - 1] as number) < max) ticks.push(ticks.length * step);
  return ticks;
}

export const SEGMENT_COLOURS = { wakelock: '#d97706', suspend: '#2563eb', resume: '#059669' } as const;

export interface BarSwitch {
  id: number;
  wakelockWaitMs: number | null;
  suspendMs: number | null;
  resumeMs: number | null;
}

const W = 960;
const H = 320;
const M = { left: 64, right: 16, top: 16, bottom: 48 };

function frame(label: string, body: string): string {
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet">${body}</svg>`;
}

function yAxis(ticks: number[], scale: (v: number) => number, title: string): string {
  const lines = ticks.map(
    (t) =>
      `<line x1="${M.left}" x2="${W - M.right}" y1="${num(scale(t))}" y2="${num(scale(t))}" stroke="#e5e7eb"/>` +
      `<text x="${M.left - 6}" y="${num(scale(t) + 4)}" text-anchor="end" font-size="11" fill="#374151">${escapeHtml(num(t))}</text>`,
  );
  return `<g class="y-axis">${lines.join('')}<text x="14" y="${M.top + (H - M.top - M.bottom) / 2}" transform="rotate(-90 14 ${M.top + (H - M.top - M.bottom) / 2})" text-anchor="middle" font-size="12" fill="#111827">${escapeHtml(title)}</text></g>`;
}

function noData(label: string): string {
  return frame(label, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="14" fill="#6b7280">no data</text>`);
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

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/**
 * Bins by the Freedman–Diaconis rule (width 2·IQR·n^(−1/3)), or Sturges'
 * (⌈log2 n⌉ + 1 bins) when the IQR is 0; between 1 and 50 bins. Each bin
 * holds from ≤ v < to, the last one also its upper edge.
 */
export function histogramBins(values: readonly number[]): HistogramBin[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  if (max === min) return [{ from: min, to: max, count: sorted.length }];
  const iqr = (percentile(sorted, 0.75) as number) - (percentile(sorted, 0.25) as number);
  const fdWidth = 2 * iqr * sorted.length ** (-1 / 3);
  const wanted = fdWidth > 0 ? Math.ceil((max - min) / fdWidth) : Math.ceil(Math.log2(sorted.length)) + 1;
  const count = Math.min(50, Math.max(1, wanted));
  const width = (max - min) / count;
  const bins: HistogramBin[] = Array.from({ length: count }, (_, i) => ({ from: min + i * width, to: i === count - 1 ? max : min + (i + 1) * width, count: 0 }));
  for (const v of sorted) {
    const i = Math.min(count - 1, Math.floor((v - min) / width));
    (bins[i] as HistogramBin).count++;
  }
  return bins;
}

/** A histogram of values (ms). */
export function histogram(values: readonly number[], title: string): string {
  const bins = histogramBins(values);
  if (bins.length === 0) return noData(title);
  const ticks = niceTicks(Math.max(...bins.map((b) => b.count)), 4).filter((t) => Number.isInteger(t));
  const top = ticks[ticks.length - 1] as number;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const slot = plotW / bins.length;
  // Edge labels with as many decimals as the bin width needs, no more.
  const width = (bins[0] as HistogramBin).to - (bins[0] as HistogramBin).from;
  const edge = (v: number) => v.toFixed(width === 0 ? 1 : width >= 10 ? 0 : width >= 1 ? 1 : 2);
  const bars = bins.map((b, i) => {
    const x = M.left + i * slot + 1;
    const tip = `${edge(b.from)}–${edge(b.to)} ms: ${b.count} switch${b.count === 1 ? '' : 'es'}`;
    return `<g class="bin"><title>${escapeHtml(tip)}</title><rect x="${num(x)}" y="${num(y(b.count))}" width="${num(Math.max(0.5, slot - 2))}" height="${num(y(0) - y(b.count))}" fill="#4f46e5"/></g>`;
  });
  const every = Math.max(1, Math.ceil(bins.length / 10));
  const xLabels = bins
    .map((b, i) => (i % every === 0 ? `<text x="${num(M.left + i * slot)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#374151">${escapeHtml(edge(b.from))}</text>` : ''))
    .join('');
  const last = bins[bins.length - 1] as HistogramBin;
  const end = `<text x="${num(M.left + plotW)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#374151">${escapeHtml(edge(last.to))}</text>`;
  const xTitle = `<text x="${W - M.right}" y="${H - 8}" text-anchor="end" font-size="12" fill="#111827">${escapeHtml(title)} (ms)</text>`;
  return frame(`Histogram of ${title}`, `${yAxis(ticks, y, 'switches')}<g class="bins">${bars.join('')}</g>${xLabels}${end}${xTitle}`);
}
