import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { icnsFromPngs, icoFromPngs, PNG_SIZES } from '../../../scripts/render-icons';

const iconsDir = resolve(__dirname, '../../../resources/icons');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, or null when it is no PNG. */
function pngSize(data: Buffer): { width: number; height: number } | null {
  if (data.length < 24 || !data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function icoImages(ico: Buffer): Array<{ size: number; png: Buffer }> {
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
    return { size: ico.readUInt8(entry) || 256, png };
  });
}

function icnsElements(icns: Buffer): Array<{ type: string; png: Buffer }> {
  expect(icns.toString('ascii', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const elements: Array<{ type: string; png: Buffer }> = [];
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4);
    elements.push({ type: icns.toString('ascii', at, at + 4), png: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return elements;
}

describe('the icon set in resources/icons', () => {
  it.each(PNG_SIZES.map((s) => [s]))('has a %ipx PNG of that size for Linux', (size) => {
    expect(pngSize(readFileSync(resolve(iconsDir, `${size}x${size}.png`)))).toEqual({ width: size, height: size });
  });

  it('has the 1024px rendering as icon.png', () => {
    expect(readFileSync(resolve(iconsDir, 'icon.png')).equals(readFileSync(resolve(iconsDir, '1024x1024.png')))).toBe(true);
  });

  it('has a Windows .ico whose entries are PNGs of the sizes they claim, up to 256', () => {
    const images = icoImages(readFileSync(resolve(iconsDir, 'icon.ico')));
    expect(images.map((i) => i.size)).toContain(256);
    for (const { size, png } of images) expect(pngSize(png)).toEqual({ width: size, height: size });
  });

  it('has a macOS .icns with PNG elements from 16 to 1024 px', () => {
    const sizes = icnsElements(readFileSync(resolve(iconsDir, 'icon.icns'))).map((e) => pngSize(e.png)?.width);
    expect(Math.min(...(sizes as number[]))).toBe(16);
    expect(Math.max(...(sizes as number[]))).toBe(1024);
    expect(sizes).not.toContain(undefined);
  });
});

describe('the icon containers', () => {
  const png = (size: number) => Buffer.concat([PNG_SIGNATURE, Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, size, 0, 0, 0, size])]);

  it('write .ico offsets and lengths that find each image again', () => {
    const images = [{ size: 16, png: png(16) }, { size: 256, png: png(0) }];
    expect(icoImages(icoFromPngs(images)).map((i) => i.png)).toEqual(images.map((i) => i.png));
  });

  it('write .icns element lengths that include their 8-byte header', () => {
    const elements = [{ type: 'icp4', png: png(16) }, { type: 'ic10', png: png(64) }];
    expect(icnsElements(icnsFromPngs(elements))).toEqual(elements);
  });
});
