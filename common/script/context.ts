import { z } from 'zod';

/**
 * What the checker needs to know about the phone: its memory map, its control
 * interface, and (for the dry run) the state it is in now. Deliberately small
 * and independent of the simulator: the lead derives it from a
 * PlatformProfile plus the connected device's DeviceState.
 */

const Range = z.object({ name: z.string(), start: z.number().int().nonnegative(), size: z.number().int().positive() });
export type NamedRange = z.infer<typeof Range>;

export const ScriptMemory = z.object({
  ramBase: z.number().int().nonnegative(),
  ramSize: z.number().int().positive(),
  /** One sparsemem section = one memory hotplug block (16 MiB on the Galaxy Nexus). */
  sectionSize: z.number().int().positive(),
  /** Device carve-outs: never online in any kernel, never reserved. */
  carveouts: z.array(Range),
  /** Ranges the boot loader overwrites at every boot: no instance but the master may own them. */
  bootloaderRanges: z.array(Range),
  /** The master's non-movable memory (kernelcore=): it cannot be offlined. */
  kernelcore: z.object({ start: z.number().int().nonnegative(), size: z.number().int().positive() }).optional(),
  /** Memory a kernel keeps inside System RAM (ram console, …): the block holding it may refuse to go offline. */
  pinned: z.array(Range).default([]),
  /** Physical address of the shared fsw page (FSW_BASE); zImage addresses must lie below it. */
  fswBase: z.number().int().nonnegative().optional(),
});
export type ScriptMemory = z.infer<typeof ScriptMemory>;

export const ScriptInstanceStatus = z.enum(['running', 'sleeping', 'booting', 'absent']);
export type ScriptInstanceStatus = z.infer<typeof ScriptInstanceStatus>;

export const ScriptInstance = z.object({
  /** 1 = master, 2..3 = children. */
  id: z.number().int().positive(),
  name: z.string(),
  status: ScriptInstanceStatus,
});
export type ScriptInstance = z.infer<typeof ScriptInstance>;

/** One section now: who owns it and in which instances it is online. */
export const ScriptSection = z.object({
  index: z.number().int().nonnegative(),
  owner: z.union([z.number().int().positive(), z.enum(['shared', 'reserved', 'bootloader'])]).nullable(),
  onlineIn: z.array(z.number().int().positive()),
});
export type ScriptSection = z.infer<typeof ScriptSection>;

export const ControlInterfaceName = z.enum(['fsw-2012', 'fsw-notes']);
export type ControlInterfaceName = z.infer<typeof ControlInterfaceName>;

export const ScriptTarget = z.enum(['sim', 'adb', 'qemu']);
export type ScriptTarget = z.infer<typeof ScriptTarget>;

export const ScriptContext = z.object({
  memory: ScriptMemory,
  interface: ControlInterfaceName,
  /** Every instance the profile knows (absent ones too), with its state now. */
  instances: z.array(ScriptInstance),
  /** Highest instance number the kernel accepts (FSW_INST_MAX = 3). */
  maxInstances: z.number().int().positive().default(3),
  /** The sections' state now; without it the dry run assumes the master owns all System RAM. */
  sections: z.array(ScriptSection).optional(),
  target: ScriptTarget,
  /** qemu: what memory hotplug allows (`-m SIZE,slots=N,maxmem=M`) and the DIMMs plugged in now. */
  hotplug: z
    .object({
      slots: z.number().int().nonnegative(),
      maxBytes: z.number().int().positive(),
      /** Hot-added DIMMs by the script's name for them. */
      dimms: z.array(z.object({ name: z.string(), bytes: z.number().int().positive() })),
    })
    .optional(),
});
export type ScriptContext = z.infer<typeof ScriptContext>;
export type ScriptContextInput = z.input<typeof ScriptContext>;
