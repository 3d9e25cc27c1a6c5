import type { PlatformProfile } from './platform-profile';

/**
 * What a section is by the board's nature, before any instance moves it:
 * `kernelcore` (the master's unmovable memory), `bootloader` (kernelcore that
 * the boot loader also overwrites), `shared` (online everywhere, never
 * offlined), `reserved` (device carve-outs, online nowhere) or null (movable
 * RAM that can change hands).
 */
export type FixedOwnerKind = 'kernelcore' | 'bootloader' | 'shared' | 'reserved' | null;

export interface SectionInfo {
  index: number;
  start: number;
  size: number;
  fixedOwner: FixedOwnerKind;
  zone: 'normal' | 'movable';
  /** Whether `echo offline > memoryN/state` can ever succeed on the phone. */
  offlineable: boolean;
  /** Whether /sys/devices/system/memory/memoryN exists. */
  inSysfs: boolean;
  /** Carve-out, boot-loader range or pin reason, for a person reading the map. */
  note?: string;
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

function overlaps(aStart: number, aSize: number, bStart: number, bSize: number): boolean {
  return aStart < bStart + bSize && bStart < aStart + aSize;
}

/** The section list of a profile, lowest address first. Pure: the UI memory map and the script checker share it. */
export function deriveSections(profile: PlatformProfile): SectionInfo[] {
  const size = profile.sectionSize;
  const first = profile.ram.base / size;
  const count = profile.ram.size / size;
  const out: SectionInfo[] = [];
  for (let index = first; index < first + count; index++) {
    const start = index * size;
    const notes: string[] = [];
    const pin = profile.pinnedSections.find((p) => p.index === index);
    const carves = profile.carveOuts.filter((c) => overlaps(start, size, c.start, c.size));
    for (const c of carves) notes.push(`${c.name} ${hex(c.start)}+${hex(c.size)}`);
    const coveredByCarveOuts = coveredBy(start, size, carves);
    const boot = profile.bootloaderRanges.filter((r) => overlaps(start, size, r.start, r.size));
    for (const r of boot) notes.push(`boot loader overwrites ${r.name} ${hex(r.start)}+${hex(r.size)}`);
    const inKernelcore = start >= profile.kernelcore.start && start + size <= profile.kernelcore.end;
    let fixedOwner: FixedOwnerKind = null;
    if (coveredByCarveOuts) fixedOwner = 'reserved';
    else if (pin?.shared || carves.some((c) => c.shared)) fixedOwner = 'shared';
    else if (inKernelcore) fixedOwner = boot.length > 0 ? 'bootloader' : 'kernelcore';
    if (pin) notes.push(pin.reason);
    const movable = fixedOwner === null;
    out.push({
      index,
      start,
      size,
      fixedOwner,
      zone: movable ? 'movable' : 'normal',
      offlineable: movable && !pin,
      inSysfs: fixedOwner !== 'reserved' && (pin ? pin.sysfs : true),
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    });
  }
  return out;
}

/** True when the ranges together cover [start, start+size) entirely. */
function coveredBy(start: number, size: number, ranges: { start: number; size: number }[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let cursor = start;
  for (const r of sorted) {
    if (r.start > cursor) break;
    cursor = Math.max(cursor, r.start + r.size);
    if (cursor >= start + size) return true;
  }
  return cursor >= start + size;
}

/** Section index of a physical address (N = address >> 24 on a 16 MiB board). */
export function sectionOf(profile: PlatformProfile, address: number): number {
  return Math.floor(address / profile.sectionSize);
}
