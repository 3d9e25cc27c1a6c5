/**
 * The frame shared by the inline SVG charts of the offline HTML reports
 * (svg-switch-bars, svg-histogram, svg-box-plots): written by hand so a
 * report needs no script and no external resource. Every mark carries a
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

export const num = (v: number) => (Math.round(v * 100) / 100).toString();

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

export const W = 960;
export const H = 320;
export const M = { left: 64, right: 16, top: 16, bottom: 48 };

export function frame(label: string, body: string): string {
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet">${body}</svg>`;
}

export function yAxis(ticks: number[], scale: (v: number) => number, title: string): string {
  const lines = ticks.map(
    (t) =>
      `<line x1="${M.left}" x2="${W - M.right}" y1="${num(scale(t))}" y2="${num(scale(t))}" stroke="#e5e7eb"/>` +
      `<text x="${M.left - 6}" y="${num(scale(t) + 4)}" text-anchor="end" font-size="11" fill="#374151">${escapeHtml(num(t))}</text>`,
  );
  return `<g class="y-axis">${lines.join('')}<text x="14" y="${M.top + (H - M.top - M.bottom) / 2}" transform="rotate(-90 14 ${M.top + (H - M.top - M.bottom) / 2})" text-anchor="middle" font-size="12" fill="#111827">${escapeHtml(title)}</text></g>`;
}

export function noData(label: string): string {
  return frame(label, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="14" fill="#6b7280">no data</text>`);
}
