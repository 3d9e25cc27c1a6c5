import { z } from 'zod';

export const InstanceStatus = z.enum(['running', 'sleeping', 'booting', 'absent']);
export type InstanceStatus = z.infer<typeof InstanceStatus>;

/** A kernel instance (DESIGN §2): 1 = master, 2..3 = children. */
export const InstanceState = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  kernel: z.string(),
  android: z.string().nullable(),
  status: InstanceStatus,
});
export type InstanceState = z.infer<typeof InstanceState>;

/** Owner of a memory section: an instance number, or one of the fixed kinds. */
export const SectionOwner = z.union([z.number().int().positive(), z.enum(['shared', 'reserved', 'bootloader'])]).nullable();
export type SectionOwner = z.infer<typeof SectionOwner>;

export const SectionState = z.object({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  size: z.number().int().positive(),
  owner: SectionOwner,
  /** Instance ids in which the block is online. */
  onlineIn: z.array(z.number().int().positive()),
  zone: z.enum(['normal', 'movable']),
  /** Why a person should look twice: carve-out name, boot-loader range, cannot offline. */
  note: z.string().optional(),
  /** qemu: the hot-added DIMM this block belongs to (the script's name for it). */
  dimm: z.string().optional(),
  /** What the kernel answered the last time this block was asked to change state and refused (e.g. `offline: Device or resource busy`). */
  refused: z.string().optional(),
});
export type SectionState = z.infer<typeof SectionState>;

export const DeviceState = z.object({
  model: z.string(),
  runningInstance: z.number().int().positive().nullable(),
  instances: z.array(InstanceState),
  sections: z.array(SectionState),
  screen: z.enum(['on', 'off']).optional(),
  wakelocks: z.array(z.string()).optional(),
});
export type DeviceState = z.infer<typeof DeviceState>;
