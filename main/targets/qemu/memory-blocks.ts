import { WorkbenchError } from '../../../common/api/errors';
import type { SectionState } from '../../../common/domain/device-state';

/** One DIMM as QMP `query-memory-devices` reports it. */
export interface PluggedDimm {
  name: string;
  addr: number;
  size: number;
}

export interface MemoryBlock {
  index: number;
  state: 'online' | 'offline' | 'going-offline';
  /** `valid_zones`: the zone an online block is in, or those an offline one could go to. */
  zones: string[];
}

export interface MemoryListing {
  blockSize: number;
  blocks: MemoryBlock[];
  kernelRelease: string;
}

/** One guest command lists every block of /sys/devices/system/memory with its state and zones, and the kernel release. */
export const LIST_MEMORY_COMMAND =
  'cd /sys/devices/system/memory && echo "bs $(cat block_size_bytes)" && for d in memory[0-9]*; do echo "b ${d#memory} $(cat $d/state) $(cat $d/valid_zones 2>/dev/null)"; done; echo "r $(uname -r)"';

/** Reads LIST_MEMORY_COMMAND's output; a line it does not expect is an error that quotes it. */
export function parseMemoryListing(output: string): MemoryListing {
  let blockSize: number | null = null;
  let kernelRelease = '';
  const blocks: MemoryBlock[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [tag, ...rest] = line.split(/\s+/);
    if (tag === 'bs' && rest[0] && /^[0-9a-f]+$/i.test(rest[0])) blockSize = Number.parseInt(rest[0], 16);
    else if (tag === 'r' && rest[0]) kernelRelease = rest[0];
    else if (tag === 'b' && rest.length >= 2 && /^\d+$/.test(rest[0]!) && ['online', 'offline', 'going-offline'].includes(rest[1]!)) {
      blocks.push({ index: Number(rest[0]), state: rest[1] as MemoryBlock['state'], zones: rest.slice(2) });
    } else throw new WorkbenchError('device', `Unexpected line in the guest's memory listing: '${line.slice(0, 120)}'`, '/sys/devices/system/memory');
  }
  if (!blockSize) throw new WorkbenchError('device', 'The guest has no memory hotplug (/sys/devices/system/memory/block_size_bytes is missing): its kernel needs CONFIG_MEMORY_HOTPLUG', '/sys/devices/system/memory');
  blocks.sort((a, b) => a.index - b.index);
  return { blockSize, blocks, kernelRelease };
}

/** The blocks a DIMM covers. */
export function dimmBlocks(dimm: PluggedDimm, blockSize: number): number[] {
  const out: number[] = [];
  for (let a = dimm.addr; a < dimm.addr + dimm.size; a += blockSize) out.push(Math.floor(a / blockSize));
  return out;
}

/**
 * The memory map of the running kernel as the app draws it: one section per
 * real block, online in the one kernel or not, which DIMM it came from, and
 * the kernel's answer the last time it refused to change it.
 */
export function sectionsFromListing(listing: MemoryListing, dimms: PluggedDimm[], refusals: ReadonlyMap<number, string>): SectionState[] {
  const owner = new Map<number, string>();
  for (const d of dimms) for (const b of dimmBlocks(d, listing.blockSize)) owner.set(b, d.name);
  return listing.blocks.map((b): SectionState => {
    const dimm = owner.get(b.index);
    const online = b.state === 'online';
    const movable = online ? b.zones.includes('Movable') : false;
    const where = dimm ? `hot-added DIMM ${dimm}` : 'boot memory';
    const zones = b.zones.length ? (online ? `zone ${b.zones.join(' ')}` : `could online to ${b.zones.join(', ')}`) : '';
    const refused = refusals.get(b.index);
    return {
      index: b.index,
      start: b.index * listing.blockSize,
      size: listing.blockSize,
      owner: online ? 1 : null,
      onlineIn: online ? [1] : [],
      zone: movable ? 'movable' : 'normal',
      note: [where, b.state === 'going-offline' ? 'going offline' : '', zones].filter(Boolean).join(' · '),
      ...(dimm ? { dimm } : {}),
      ...(refused ? { refused } : {}),
    };
  });
}
