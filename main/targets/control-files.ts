import { z } from 'zod';
import { WorkbenchError } from '../../common/api/errors';

/**
 * Readers of the phone's control files (DESIGN §4), each a zod-checked
 * parse of what the kernel prints, failing with the path it came from.
 */

export const FSW_STATUS = '/d/fsw/status';
export const FSW_SWITCH = '/d/fsw/switch';
export const PROC_WAKELOCKS = '/proc/wakelocks';
export const MEMORY_DIR = '/sys/devices/system/memory';

export const FswStatus = z.discriminatedUnion('enabled', [
  z.object({
    enabled: z.literal(true),
    currentInstance: z.number().int().min(1).max(3),
    resumeAddresses: z.array(z.object({ core: z.number().int().nonnegative(), phys: z.number().int().nonnegative(), virt: z.number().int().nonnegative() })),
    bootParamsSize: z.number().int().nonnegative().nullable(),
  }),
  z.object({ enabled: z.literal(false) }),
]);
export type FswStatus = z.infer<typeof FswStatus>;

function badOutput(path: string, what: string, text: string): WorkbenchError {
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new WorkbenchError('device', `${path} did not read as ${what}: ${JSON.stringify(shown)}`, path);
}

/** `/d/fsw/status` of the public kernel (fast_switch.c): `Current instance: N`, one resume address per core, the ATAG size; `Disabled` if the page was not mapped. */
export function parseFswStatus(text: string): FswStatus {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines[0] === 'Disabled') return { enabled: false };
  const current = /^Current instance:\s*(\d+)$/.exec(lines[0] ?? '');
  const resumeAddresses = lines.flatMap((line) => {
    const m = /^Resume address \(core (\d+)\):\s*\[0x([0-9a-f]+)\]\s*0x([0-9a-f]+)$/i.exec(line);
    return m ? [{ core: Number(m[1]), phys: parseInt(m[2] ?? '0', 16), virt: parseInt(m[3] ?? '0', 16) }] : [];
  });
  const size = lines.map((line) => /^Boot parameters size:\s*0x([0-9a-f]+)$/i.exec(line)).find(Boolean);
  const parsed = FswStatus.safeParse({ enabled: true, currentInstance: current ? Number(current[1]) : NaN, resumeAddresses, bootParamsSize: size ? parseInt(size[1] ?? '0', 16) : null });
  if (!parsed.success) throw badOutput(FSW_STATUS, "Fastswitch's status ('Current instance: N' …)", text);
  return parsed.data;
}

export const Wakelock = z.object({
  name: z.string(),
  count: z.number().int().nonnegative(),
  /** ns since it was taken; 0 when not held (Android 3.0 CONFIG_WAKELOCK_STAT). */
  activeSinceNs: z.number().nonnegative(),
});
export type Wakelock = z.infer<typeof Wakelock>;

/** `/proc/wakelocks`: a tab-separated table with a header; names are quoted. */
export function parseWakelocks(text: string): Wakelock[] {
  const lines = text.split(/\r?\n/).filter(Boolean);
  const header = lines[0]?.split('\t') ?? [];
  const nameAt = header.indexOf('name');
  const countAt = header.indexOf('count');
  const sinceAt = header.indexOf('active_since');
  if (nameAt < 0 || sinceAt < 0) throw badOutput(PROC_WAKELOCKS, 'a wakelock table (name … active_since …)', text);
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const raw = cells[nameAt] ?? '';
    const parsed = Wakelock.safeParse({ name: raw.replace(/^"(.*)"$/, '$1'), count: Number(cells[countAt] ?? 0), activeSinceNs: Number(cells[sinceAt]) });
    if (!parsed.success) throw badOutput(PROC_WAKELOCKS, 'a wakelock row', line);
    return parsed.data;
  });
}

export function activeWakelocks(locks: readonly Wakelock[]): string[] {
  return locks.filter((lock) => lock.activeSinceNs > 0).map((lock) => lock.name);
}

export const BlockState = z.enum(['online', 'offline', 'going-offline']);
export type BlockState = z.infer<typeof BlockState>;

/** Memory block numbers from a listing of MEMORY_DIR (`memory128` … plus files such as `block_size_bytes`). */
export function parseMemoryBlockNames(listing: string): number[] {
  return listing
    .split(/\s+/)
    .map((name) => /^memory(\d+)$/.exec(name))
    .flatMap((m) => (m ? [Number(m[1])] : []))
    .sort((a, b) => a - b);
}

/** The command that prints every listed block's state, one line each, in the order given (one round trip). */
export function memoryStateCommand(blocks: readonly number[]): string {
  return `cat ${blocks.map((n) => `${MEMORY_DIR}/memory${n}/state`).join(' ')}`;
}

/** Output of `memoryStateCommand(blocks)`: one state word per block, or cat's error naming the file. */
export function parseMemoryStates(blocks: readonly number[], text: string): Map<number, BlockState> {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const states = new Map<number, BlockState>();
  let at = 0;
  for (const block of blocks) {
    const line = lines[at++];
    if (line === undefined) throw badOutput(`${MEMORY_DIR}/memory${block}/state`, 'a block state', text);
    if (line.includes(`memory${block}/state`)) continue; // cat's error for a block that went away: no state to report
    const state = BlockState.safeParse(line);
    if (!state.success) throw badOutput(`${MEMORY_DIR}/memory${block}/state`, 'online, offline or going-offline', line);
    states.set(block, state.data);
  }
  return states;
}

/** The write that requests a switch (mode 2 = SUSPEND) or a boot (mode 1). */
export function switchRequestText(mode: 'boot' | 'switch', instance: number): string {
  return `${mode === 'boot' ? 1 : 2} ${instance}`;
}

/** Reads back a `/d/fsw/switch` write: which instance the phone was asked to go to. */
export function parseSwitchRequest(text: string): { mode: number; instance: number } | null {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  return m ? { mode: Number(m[1]), instance: Number(m[2]) } : null;
}
