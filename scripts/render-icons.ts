/**
 * Renders resources/icons/icon.svg into the icon set electron-builder uses:
 * NxN.png for Linux (16..1024), icon.png (1024), icon.ico (Windows) and
 * icon.icns (macOS). Chromium draws the SVG (Debian's /usr/bin/chromium through
 * playwright-core); the .ico and .icns containers hold PNG images and are
 * written here, so no image library is needed.
 *
 *   node --import tsx scripts/render-icons.ts
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** icns element types holding PNG data, by pixel size (retina types reuse the doubled size). */
const ICNS_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];

/** An .ico of PNG images (Windows Vista and later read PNG entries). */
export function icoFromPngs(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2);
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** An .icns of PNG elements: 'icns', total length, then type + length + data per element. */
export function icnsFromPngs(elements: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

async function renderPngs(svg: string, sizes: readonly number[]): Promise<Map<number, Buffer>> {
  const profile = await mkdtemp(join(tmpdir(), 'fsw-icons-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const rendered = new Map<number, Buffer>();
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      rendered.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return rendered;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = resolve(import.meta.dirname ?? '.', '../resources/icons');
  const svg = await readFile(join(dir, 'icon.svg'), 'utf8');
  const pngs = await renderPngs(svg, PNG_SIZES);
  const png = (size: number): Buffer => {
    const image = pngs.get(size);
    if (!image) throw new Error(`no ${size}px rendering`);
    return image;
  };
  for (const size of PNG_SIZES) await writeFile(join(dir, `${size}x${size}.png`), png(size));
  await writeFile(join(dir, 'icon.png'), png(1024));
  await writeFile(join(dir, 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  await writeFile(join(dir, 'icon.icns'), icnsFromPngs(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))));
  console.log(`Wrote ${PNG_SIZES.length} PNG sizes, icon.png, icon.ico and icon.icns into ${dir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  await main();
}
