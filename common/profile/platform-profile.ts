import { z } from 'zod';

/**
 * PlatformProfile (DESIGN §2): everything the workbench and the simulator
 * know about one phone model, as data. Addresses and sizes are written in
 * JSON as hex strings ("0x80000000") or with a unit ("16M"), because that is
 * how a kernel developer reads them; they are numbers once parsed.
 */

const SIZE_UNITS: Record<string, number> = { K: 1024, M: 1024 * 1024, G: 1024 * 1024 * 1024 };

/** A physical address or byte count: a number, "0x…" hex, or a decimal with K/M/G. */
export const ByteValue = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, ctx) => {
    const value = parseByteValue(text);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not an address or size (use 0x… hex, or a number with K, M or G)` });
      return z.NEVER;
    }
    return value;
  }),
]);

export function parseByteValue(text: string): number | null {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  const m = /^(\d+)([KMG])?$/i.exec(t);
  if (!m || m[1] === undefined) return null;
  return Number(m[1]) * (m[2] ? (SIZE_UNITS[m[2].toUpperCase()] ?? 1) : 1);
}

export const MemoryRange = z.object({
  name: z.string().min(1),
  start: ByteValue,
  size: ByteValue.refine((n) => n > 0, 'size must be greater than 0'),
  note: z.string().optional(),
});
export type MemoryRange = z.infer<typeof MemoryRange>;

/** A device carve-out: memory no instance may bring online. */
export const CarveOut = MemoryRange.extend({
  /** `removed`: memblock_remove'd, not System RAM; `reserved`: System RAM kept by a driver. */
  how: z.enum(['removed', 'reserved']).default('removed'),
  /** Shared by every instance (e.g. the framebuffer): online everywhere, never offlined. */
  shared: z.boolean().default(false),
});
export type CarveOut = z.infer<typeof CarveOut>;

/** A section that can never go offline, and whether it even shows in sysfs. */
export const PinnedSection = z.object({
  index: z.number().int().nonnegative(),
  reason: z.string().min(1),
  /** false: the block is unregistered from /sys/devices/system/memory (writes give ENOENT). */
  sysfs: z.boolean().default(true),
  /** Online in every instance (e.g. it holds the shared fsw page or the ram console). */
  shared: z.boolean().default(false),
});
export type PinnedSection = z.infer<typeof PinnedSection>;

/** [min, mode, max] milliseconds: a triangular distribution the simulator samples. */
export const Spread = z
  .tuple([z.number().nonnegative(), z.number().nonnegative(), z.number().nonnegative()])
  .refine(([min, mode, max]) => min <= mode && mode <= max, 'spread must be [min, mode, max] with min <= mode <= max');
export type Spread = z.infer<typeof Spread>;

export const DeviceProfile = z.object({
  /** dev_name as the PM core prints it with initcall_debug. */
  name: z.string().min(1),
  suspendMs: Spread,
  resumeMs: Spread,
  /** Stays powered while its instance sleeps, so its state leaks to the next instance (wifi, camera). */
  staysPowered: z.boolean().default(false),
  /** Bound to the first instance that uses it (the camera, in the notes). */
  oneInstanceOnly: z.boolean().default(false),
  /** Prints this line (or lines) when its suspend callback runs, as the PVR driver does. */
  suspendLines: z.array(z.string()).default([]),
  resumeLines: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type DeviceProfile = z.infer<typeof DeviceProfile>;

export const InstanceProfile = z.object({
  /** 1 = master (the initial instance the boot loader starts), 2..3 = children. */
  id: z.number().int().min(1).max(3),
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'instance names are lower-case words like "ics" or "jb"'),
  android: z.string().nullable(),
  /** `uname -r`, e.g. 3.0.8-gda6252b */
  kernelRelease: z.string().min(1),
  /** The whole /proc/version line. */
  kernelVersionLine: z.string().min(1),
  /** Built-in kernel command line (children force theirs, `mem=` included). */
  cmdline: z.string(),
  buildId: z.string().optional(),
  buildFingerprint: z.string().optional(),
  /** Where the notes load this instance's images (children only). */
  loadAddresses: z.object({ zImage: ByteValue, initrd: ByteValue.optional(), atags: ByteValue }).optional(),
  /** Time from the kernel's first line to the Android boot completing. */
  bootMs: Spread,
});
export type InstanceProfile = z.infer<typeof InstanceProfile>;

/** Calibration of the suspend/resume path, in ms, beyond the per-device callbacks. */
export const TimingProfile = z.object({
  earlySuspendMs: Spread,
  userspaceLockReleaseMs: Spread,
  firstSyncMs: Spread,
  syncMs: Spread,
  prepareMs: Spread,
  freezeUserMs: Spread,
  freezeTasksMs: Spread,
  lateSuspendMs: Spread,
  cpuDownMs: Spread,
  handoverMs: Spread,
  cpuUpMs: Spread,
  earlyResumeMs: Spread,
  thawMs: Spread,
  /** Fraction of the summed device callbacks the async PM core takes (pm_async overlaps them). */
  asyncOverlap: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]),
  /** Busy-wait cost of one console line: the FIQ debugger polls the UART. */
  consoleBaud: z.number().int().positive(),
  /** Time from the warm reset to the master's decompressor jumping to the child. */
  bootloaderMs: Spread,
  /** Offlining one movable 16 MiB block (page migration). */
  offlineBlockMs: Spread,
});
export type TimingProfile = z.infer<typeof TimingProfile>;

/** Wakelock names the phone's own tasks use (they differ between boards and drivers). */
export const WakelockNames = z.object({
  usbCable: z.string(),
  wifiRx: z.string(),
  audio: z.string(),
  userspace: z.string(),
});

export const ControlInterfaceKind = z.enum(['fsw-2012', 'fsw-notes']);
export type ControlInterfaceKind = z.infer<typeof ControlInterfaceKind>;

export const PlatformProfile = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9-]+$/),
    model: z.string().min(1),
    product: z.string().min(1),
    device: z.string().min(1),
    board: z.string().min(1),
    soc: z.string().min(1),
    cpus: z.number().int().min(1).max(8),
    /** printk HZ: `time left N` in wakelock lines counts jiffies. */
    hz: z.number().int().positive(),
    controlInterface: ControlInterfaceKind,
    ram: z.object({ base: ByteValue, size: ByteValue }),
    sectionSize: ByteValue.refine((n) => n > 0 && (n & (n - 1)) === 0, 'sectionSize must be a power of two'),
    /** The master's non-movable kernel memory (kernelcore=): never given away. */
    kernelcore: z.object({ start: ByteValue, end: ByteValue }),
    /** Physical address of the shared Fastswitch page (FSW_BASE). */
    fswBase: ByteValue,
    /** jump addresses the kernel accepts for a switch or boot: [low, high]. */
    jumpLimits: z.tuple([ByteValue, ByteValue]),
    carveOuts: z.array(CarveOut),
    /** Ranges the boot loader overwrites on a warm reset: only the master may own them. */
    bootloaderRanges: z.array(MemoryRange),
    pinnedSections: z.array(PinnedSection),
    devices: z.array(DeviceProfile).min(1),
    instances: z.array(InstanceProfile).min(1),
    wakelocks: WakelockNames,
    timing: TimingProfile,
    /** Where this profile's facts come from, for a person checking it. */
    sources: z.array(z.string()).default([]),
    notes: z.array(z.string()).default([]),
  })
  .superRefine((p, ctx) => {
    const ramEnd = p.ram.base + p.ram.size;
    const inRam = (start: number, size: number) => start >= p.ram.base && start + size <= ramEnd;
    if (p.ram.base % p.sectionSize !== 0 || p.ram.size % p.sectionSize !== 0) {
      ctx.addIssue({ code: 'custom', path: ['ram'], message: 'RAM base and size must be whole sections' });
    }
    if (!(p.kernelcore.start >= p.ram.base && p.kernelcore.end <= ramEnd && p.kernelcore.start < p.kernelcore.end)) {
      ctx.addIssue({ code: 'custom', path: ['kernelcore'], message: 'kernelcore must be a non-empty range inside RAM' });
    }
    p.carveOuts.forEach((c, i) => {
      if (!inRam(c.start, c.size)) ctx.addIssue({ code: 'custom', path: ['carveOuts', i], message: `carve-out ${c.name} lies outside RAM` });
    });
    p.bootloaderRanges.forEach((c, i) => {
      if (!inRam(c.start, c.size)) ctx.addIssue({ code: 'custom', path: ['bootloaderRanges', i], message: `boot-loader range ${c.name} lies outside RAM` });
    });
    const first = p.ram.base / p.sectionSize;
    const last = ramEnd / p.sectionSize - 1;
    p.pinnedSections.forEach((s, i) => {
      if (s.index < first || s.index > last) ctx.addIssue({ code: 'custom', path: ['pinnedSections', i, 'index'], message: `section ${s.index} is outside RAM (sections ${first}..${last})` });
    });
    const ids = new Set<number>();
    p.instances.forEach((inst, i) => {
      if (ids.has(inst.id)) ctx.addIssue({ code: 'custom', path: ['instances', i, 'id'], message: `instance ${inst.id} is listed twice` });
      ids.add(inst.id);
    });
    if (!ids.has(1)) ctx.addIssue({ code: 'custom', path: ['instances'], message: 'instance 1 (the master) is missing' });
  });
export type PlatformProfile = z.infer<typeof PlatformProfile>;
export type PlatformProfileInput = z.input<typeof PlatformProfile>;

export interface ProfileError {
  kind: 'invalid-profile';
  /** Where the profile came from (a file path, "built-in", …). */
  source: string;
  /** Dotted path of the first bad field, e.g. `devices.2.suspendMs`; empty for the whole document. */
  path: string;
  message: string;
}

export type ProfileResult = { ok: true; profile: PlatformProfile } | { ok: false; error: ProfileError };

/** Validates parsed JSON (or JSON text) as a profile; a failure names the bad field. */
export function parsePlatformProfile(json: unknown, sourceName: string): ProfileResult {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (e) {
      return { ok: false, error: { kind: 'invalid-profile', source: sourceName, path: '', message: `${sourceName}: not JSON (${(e as Error).message})` } };
    }
  }
  const parsed = PlatformProfile.safeParse(data);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  const text = issue ? issue.message : 'invalid profile';
  return { ok: false, error: { kind: 'invalid-profile', source: sourceName, path, message: `${sourceName}: ${path || '(root)'}: ${text}` } };
}
