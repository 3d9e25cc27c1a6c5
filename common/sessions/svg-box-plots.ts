import { percentile } from './statistics';
import { escapeHtml, frame, H, M, noData, num, W } from './svg-frame';
import type { Series } from './svg-histogram';

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
