import type { Amount } from './ast';
import type { NamedRange, ScriptMemory } from './context';
import { formatSize, hex } from './units';

/** Bytes an amount stands for (`22 sections` or `352M`). */
export function amountBytes(amount: Amount, memory: ScriptMemory): number {
  return amount.kind === 'sections' ? amount.count * memory.sectionSize : amount.bytes;
}

/** Section (= memory block) index of an address: N of /sys/devices/system/memory/memoryN. */
export function sectionIndex(address: number, memory: ScriptMemory): number {
  return Math.floor(address / memory.sectionSize);
}

/** Indices of the sections [start, start + bytes) touches. */
export function sectionsCovering(start: number, bytes: number, memory: ScriptMemory): number[] {
  const first = sectionIndex(start, memory);
  const last = sectionIndex(start + Math.max(1, bytes) - 1, memory);
  const out: number[] = [];
  for (let i = first; i <= last && out.length < 4096; i++) out.push(i);
  return out;
}

export function overlapping(start: number, bytes: number, ranges: readonly NamedRange[]): NamedRange[] {
  return ranges.filter((r) => start < r.start + r.size && r.start < start + bytes);
}

export function ramEnd(memory: ScriptMemory): number {
  return memory.ramBase + memory.ramSize;
}

/** Every section index of RAM. */
export function ramSections(memory: ScriptMemory): number[] {
  return sectionsCovering(memory.ramBase, memory.ramSize, memory);
}

export function describeRange(r: { name: string; start: number; size: number }): string {
  return `${r.name} (${hex(r.start)}, ${formatSize(r.size)})`;
}

export function describeSection(index: number, memory: ScriptMemory): string {
  return `section ${index} (${hex(index * memory.sectionSize)})`;
}

/** "sections 144..146 (0x90000000..0x92ffffff)" or "section 144 (0x90000000)". */
export function describeSections(indices: number[], memory: ScriptMemory): string {
  if (indices.length === 1) return describeSection(indices[0] ?? 0, memory);
  const runs: string[] = [];
  let runStart = indices[0] ?? 0;
  let previous = runStart;
  for (const i of [...indices.slice(1), Number.NaN]) {
    if (i === previous + 1) {
      previous = i;
      continue;
    }
    runs.push(runStart === previous ? `${runStart}` : `${runStart}..${previous}`);
    runStart = i;
    previous = i;
  }
  return `sections ${runs.join(', ')}`;
}

/** "section 144 (0x90000000) is" / "sections 144..146 are". */
export function sectionsAre(indices: number[], memory: ScriptMemory): string {
  return `${describeSections(indices, memory)} ${indices.length === 1 ? 'is' : 'are'}`;
}
