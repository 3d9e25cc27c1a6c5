const SVG_NS = 'http://www.w3.org/2000/svg';

export interface LegendItem {
  label: string;
  color: string;
}

export interface ExportOptions {
  title: string;
  background: string;
  text: string;
  legend?: LegendItem[];
}

/**
 * A chart as a standalone SVG document: the drawn SVG cloned, with a title,
 * a background and the legend drawn into it (recharts draws its legend in
 * HTML, which an SVG file would lose).
 */
export function chartToSvg(svg: SVGSVGElement, options: ExportOptions): string {
  const box = svg.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const chartHeight = Math.ceil(box.height);
  const top = 28;
  const legendHeight = options.legend && options.legend.length > 0 ? 24 : 0;
  const height = top + chartHeight + legendHeight;

  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.setAttribute('font-family', 'DejaVu Sans, Helvetica, Arial, sans-serif');
  out.setAttribute('font-size', '12');

  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', options.background);
  out.appendChild(background);

  const title = document.createElementNS(SVG_NS, 'text');
  title.setAttribute('x', '12');
  title.setAttribute('y', '19');
  title.setAttribute('font-size', '14');
  title.setAttribute('font-weight', '600');
  title.setAttribute('fill', options.text);
  title.textContent = options.title;
  out.appendChild(title);

  const chart = svg.cloneNode(true) as SVGSVGElement;
  chart.setAttribute('x', '0');
  chart.setAttribute('y', String(top));
  chart.setAttribute('width', String(width));
  chart.setAttribute('height', String(chartHeight));
  inlineCurrentColor(svg, chart);
  out.appendChild(chart);

  let x = 12;
  for (const item of options.legend ?? []) {
    const swatch = document.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', String(x));
    swatch.setAttribute('y', String(top + chartHeight + 7));
    swatch.setAttribute('width', '12');
    swatch.setAttribute('height', '12');
    swatch.setAttribute('fill', item.color);
    out.appendChild(swatch);
    const label = document.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(x + 16));
    label.setAttribute('y', String(top + chartHeight + 17));
    label.setAttribute('fill', options.text);
    label.textContent = item.label;
    out.appendChild(label);
    x += 16 + item.label.length * 7 + 18;
  }
  return new XMLSerializer().serializeToString(out);
}

/** CSS colours (currentColor, classes) do not travel with a cloned SVG: copy the computed fill and stroke of text and lines. */
function inlineCurrentColor(source: SVGSVGElement, target: SVGSVGElement): void {
  const from = source.querySelectorAll<SVGElement>('text, line, path, rect, tspan');
  const to = target.querySelectorAll<SVGElement>('text, line, path, rect, tspan');
  for (let i = 0; i < from.length && i < to.length; i++) {
    const style = getComputedStyle(from[i]!);
    const el = to[i]!;
    for (const prop of ['fill', 'stroke'] as const) {
      const attr = el.getAttribute(prop);
      if (!attr || attr.includes('var(') || attr === 'currentColor') el.setAttribute(prop, style[prop]);
    }
    if (el.tagName === 'text') el.setAttribute('font-family', 'DejaVu Sans, Helvetica, Arial, sans-serif');
  }
}

/** Renders the SVG on a canvas at twice its size, for a sharp PNG. */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be drawn as an image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = image.width * scale;
    canvas.height = image.height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser has no 2D canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
