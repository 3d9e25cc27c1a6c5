import { percentile } from './statistics';
import { escapeHtml, frame, H, M, niceTicks, noData, num, W, yAxis } from './svg-frame';

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
