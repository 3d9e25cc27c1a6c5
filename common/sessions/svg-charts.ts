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

export interface Series {
  label: string;
  values: readonly number[];
  colour: string;
}

/**
 * Where a histogram stops: Tukey's far-out fence q3 + 3·IQR when some values
 * lie beyond it, so a few 5-second wakelock waits do not squash 1.4-second
 * switches into one bar; those values are counted in an overflow bar.
 * Null when nothing lies beyond (or the IQR is 0).
 */
export function tailCut(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length < 4) return null;
  const q1 = percentile(sorted, 0.25) as number;
  const q3 = percentile(sorted, 0.75) as number;
  const cut = q3 + 3 * (q3 - q1);
  return q3 > q1 && (sorted[sorted.length - 1] as number) > cut ? cut : null;
}

export interface SharedBins {
  edges: HistogramBin[];
  /** Per series, per bin. */
  counts: number[][];
  /** Values beyond `tailCut`, per series; null when nothing was cut. */
  overflow: { from: number; to: number; counts: number[] } | null;
}

/** Bins shared by several series (their values pooled), so their histograms can be drawn over each other. */
export function sharedBins(series: readonly Series[]): SharedBins {
  const pooled = series.flatMap((s) => [...s.values]);
  const cut = tailCut(pooled);
  const kept = cut === null ? pooled : pooled.filter((v) => v <= cut);
  const edges = histogramBins(kept).map((b) => ({ ...b, count: 0 }));
  const min = edges.length ? (edges[0] as HistogramBin).from : 0;
  const max = edges.length ? (edges[edges.length - 1] as HistogramBin).to : 0;
  const width = edges.length <= 1 || max === min ? 0 : (max - min) / edges.length;
  const counts = series.map((s) => {
    const c = edges.map(() => 0);
    for (const v of s.values) {
      if (cut !== null && v > cut) continue;
      const i = width === 0 ? 0 : Math.min(edges.length - 1, Math.floor((v - min) / width));
      c[i] = (c[i] as number) + 1;
    }
    return c;
  });
  const overflow =
    cut === null
      ? null
      : { from: cut, to: Math.max(...pooled), counts: series.map((s) => s.values.filter((v) => v > cut).length) };
  return { edges, counts, overflow };
}

/**
 * Histograms of one or more series on shared bins, drawn over each other
 * (half transparent when there are several), with an overflow bar for a
 * long tail (see `tailCut`).
 */
export function overlaidHistogram(series: readonly Series[], title: string): string {
  const { edges, counts, overflow } = sharedBins(series);
  if (edges.length === 0) return noData(`Histogram of ${title}`);
  const several = series.length > 1;
  const opacity = several ? ' fill-opacity="0.55"' : '';
  const ticks = niceTicks(Math.max(...counts.flat(), ...(overflow?.counts ?? [])), 4).filter((t) => Number.isInteger(t));
  const top = ticks[ticks.length - 1] as number;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  // The overflow bar gets one slot of its own after a one-slot gap.
  const slot = plotW / (edges.length + (overflow ? 2 : 0));
  // Edge labels with as many decimals as the bin width needs, no more.
  const width = (edges[0] as HistogramBin).to - (edges[0] as HistogramBin).from;
  const edge = (v: number) => v.toFixed(width === 0 ? 1 : width >= 10 ? 0 : width >= 1 ? 1 : 2);
  const plural = (n: number) => `${n} switch${n === 1 ? '' : 'es'}`;
  const bar = (x: number, n: number, colour: string, tip: string) =>
    n === 0 ? '' : `<g class="bin"><title>${escapeHtml(tip)}</title><rect x="${num(x + 1)}" y="${num(y(n))}" width="${num(Math.max(0.5, slot - 2))}" height="${num(y(0) - y(n))}" fill="${colour}"${opacity}/></g>`;
  const layers = series.map((s, k) => {
    const prefix = several ? `${s.label}: ` : '';
    const bars = edges.map((b, i) => bar(M.left + i * slot, (counts[k] as number[])[i] as number, s.colour, `${prefix}${edge(b.from)}–${edge(b.to)} ms: ${plural((counts[k] as number[])[i] as number)}`));
    if (overflow) {
      const n = overflow.counts[k] as number;
      bars.push(bar(M.left + (edges.length + 1) * slot, n, s.colour, `${prefix}above ${edge(overflow.from)} ms (up to ${edge(overflow.to)} ms): ${plural(n)}`));
    }
    return `<g class="series">${bars.join('')}</g>`;
  });
  const every = Math.max(1, Math.ceil(edges.length / 10));
  const label = (x: number, text: string) => `<text x="${num(x)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#374151">${escapeHtml(text)}</text>`;
  const xLabels = edges.map((b, i) => (i % every === 0 ? label(M.left + i * slot, edge(b.from)) : '')).join('');
  const end = label(M.left + edges.length * slot, edge((edges[edges.length - 1] as HistogramBin).to));
  const tail = overflow ? label(M.left + (edges.length + 1.5) * slot, `> ${edge(overflow.from)}`) : '';
  const legend = several
    ? series.map((s, i) => `<rect x="${M.left + i * 220}" y="${H - 18}" width="12" height="12" fill="${s.colour}"${opacity}/><text x="${M.left + i * 220 + 18}" y="${H - 8}" font-size="12" fill="#111827">${escapeHtml(s.label)}</text>`).join('')
    : '';
  const xTitle = `<text x="${W - M.right}" y="${H - 8}" text-anchor="end" font-size="12" fill="#111827">${escapeHtml(title)} (ms)</text>`;
  return frame(`Histogram of ${title}`, `${yAxis(ticks, y, 'switches')}${layers.join('')}${xLabels}${end}${tail}${legend}${xTitle}`);
}

/** A histogram of values (ms), with an overflow bar for a long tail. */
export function histogram(values: readonly number[], title: string): string {
  return overlaidHistogram([{ label: title, values, colour: '#4f46e5' }], title);
}

interface BoxFigures {
  q1: number;
  median: number;
  q3: number;
  lo: number;
  hi: number;
  below: number[];
  above: number[];
  n: number;
}

/** Quartiles (type 7), whiskers to the farthest values inside Tukey's fences, and the values beyond. */
export function boxFigures(values: readonly number[]): BoxFigures | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const q1 = percentile(sorted, 0.25) as number;
  const q3 = percentile(sorted, 0.75) as number;
  const lowFence = q1 - 1.5 * (q3 - q1);
  const highFence = q3 + 1.5 * (q3 - q1);
  const inside = sorted.filter((v) => v >= lowFence && v <= highFence);
  return {
    q1,
    median: percentile(sorted, 0.5) as number,
    q3,
    lo: inside[0] ?? q1,
    hi: inside[inside.length - 1] ?? q3,
    below: sorted.filter((v) => v < lowFence),
    above: sorted.filter((v) => v > highFence),
    n: sorted.length,
  };
}

/**
 * Box plots side by side: one panel per phase, each on its own scale (a
 * 5-second wakelock tail would flatten a 50 ms suspend), one box per series.
 * The box spans the quartiles, the dark line is the median, the whiskers
 * reach the farthest values inside Tukey's fences; outliers are counted in a
 * marker at the panel's edge, their values in its tooltip.
 */
export function boxPlots(groups: readonly { phase: string; series: readonly Series[] }[]): string {
  const label = 'Box plots per phase, side by side';
  if (groups.every((g) => g.series.every((s) => s.values.length === 0))) return noData(label);
  const plotH = H - M.top - M.bottom;
  const panelW = (W - 16) / groups.length;
  const panels = groups.map((g, gi) => {
    const figures = g.series.map((s) => boxFigures(s.values));
    const known = figures.filter((f): f is BoxFigures => f !== null);
    const left = 16 + gi * panelW + 48;
    const innerW = panelW - 60;
    const name = `<text x="${num(left + innerW / 2)}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="12" fill="#111827">${escapeHtml(g.phase)}</text>`;
    if (known.length === 0) return `${name}<text x="${num(left + innerW / 2)}" y="${num(M.top + plotH / 2)}" text-anchor="middle" font-size="12" fill="#6b7280">no data</text>`;
    let lo = Math.min(...known.map((f) => f.lo));
    let hi = Math.max(...known.map((f) => f.hi));
    if (hi === lo) {
      lo -= 1;
      hi += 1;
    }
    const pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
    const y = (v: number) => M.top + plotH - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * plotH;
    const axis = [lo + pad, (lo + hi) / 2, hi - pad]
      .map((t) => `<line x1="${num(left - 4)}" x2="${num(left + innerW)}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="#e5e7eb"/><text x="${num(left - 6)}" y="${num(y(t) + 4)}" text-anchor="end" font-size="10" fill="#374151">${escapeHtml(t.toFixed(hi - lo >= 20 ? 0 : 1))}</text>`)
      .join('');
    const boxW = Math.min(48, innerW / Math.max(1, g.series.length) - 8);
    const boxes = g.series.map((s, si) => {
      const f = figures[si];
      if (!f) return '';
      const x = left + (innerW / g.series.length) * (si + 0.5) - boxW / 2;
      const cx = x + boxW / 2;
      const tip = `${g.phase}, ${s.label}: n ${f.n}, median ${num(f.median)} ms, quartiles ${num(f.q1)}–${num(f.q3)} ms, whiskers ${num(f.lo)}–${num(f.hi)} ms`;
      const beyond = (values: number[], edgeY: number, up: boolean) => {
        if (values.length === 0) return '';
        const d = up ? `M${num(cx - 5)} ${num(edgeY + 6)}L${num(cx + 5)} ${num(edgeY + 6)}L${num(cx)} ${num(edgeY - 2)}Z` : `M${num(cx - 5)} ${num(edgeY - 6)}L${num(cx + 5)} ${num(edgeY - 6)}L${num(cx)} ${num(edgeY + 2)}Z`;
        const text = `${values.length} outlier${values.length === 1 ? '' : 's'} ${up ? 'above' : 'below'}: ${values.map(num).join(', ')} ms`;
        return `<g class="outliers"><title>${escapeHtml(text)}</title><path d="${d}" fill="${s.colour}"/><text x="${num(cx + 8)}" y="${num(edgeY + 4)}" font-size="10" fill="${s.colour}">${values.length}</text></g>`;
      };
      return (
        `<g class="box"><title>${escapeHtml(tip)}</title>` +
        `<line x1="${num(cx)}" x2="${num(cx)}" y1="${num(y(f.lo))}" y2="${num(y(f.hi))}" stroke="${s.colour}"/>` +
        `<line x1="${num(cx - boxW / 4)}" x2="${num(cx + boxW / 4)}" y1="${num(y(f.lo))}" y2="${num(y(f.lo))}" stroke="${s.colour}"/>` +
        `<line x1="${num(cx - boxW / 4)}" x2="${num(cx + boxW / 4)}" y1="${num(y(f.hi))}" y2="${num(y(f.hi))}" stroke="${s.colour}"/>` +
        `<rect x="${num(x)}" y="${num(y(f.q3))}" width="${num(boxW)}" height="${num(Math.max(1, y(f.q1) - y(f.q3)))}" fill="${s.colour}" fill-opacity="0.35" stroke="${s.colour}"/>` +
        `<line x1="${num(x)}" x2="${num(x + boxW)}" y1="${num(y(f.median))}" y2="${num(y(f.median))}" stroke="#111827" stroke-width="2"/></g>` +
        beyond(f.above, M.top + 4, true) +
        beyond(f.below, M.top + plotH - 4, false)
      );
    });
    return `<g class="panel">${axis}${boxes.join('')}${name}</g>`;
  });
  const legend = (groups[0]?.series ?? [])
    .map((s, i) => `<rect x="${M.left + i * 220}" y="${H - 18}" width="12" height="12" fill="${s.colour}" fill-opacity="0.55"/><text x="${M.left + i * 220 + 18}" y="${H - 8}" font-size="12" fill="#111827">${escapeHtml(s.label)}</text>`)
    .join('');
  return frame(label, `${panels.join('')}${legend}<text x="${W - M.right}" y="${H - 8}" text-anchor="end" font-size="12" fill="#111827">ms, each phase on its own scale</text>`);
}
