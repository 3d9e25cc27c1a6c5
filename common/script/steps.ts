import { z } from 'zod';

/**
 * What a script compiles to: the exact device writes of DESIGN §4 plus the
 * waits and host-side actions between them. The runner executes these;
 * `fsw run --explain` prints them. `line` is the 1-based source line the
 * step comes from, for the running-line highlight.
 */

const Comparison = z.enum(['<', '<=', '>', '>=', '==', '!=']);

export const CompiledExpectation = z.discriminatedUnion('kind', [
  /** A field of the last switch record: durations in ms, counts, words, or instance names (from/to). */
  z.object({ kind: z.literal('last'), field: z.string(), op: Comparison, value: z.union([z.number(), z.string()]) }),
  z.object({ kind: z.literal('instance-state'), instance: z.number().int(), name: z.string(), state: z.enum(['running', 'sleeping', 'booting', 'absent']) }),
  z.object({ kind: z.literal('switch-count'), op: Comparison, value: z.number().int() }),
  /** qemu: a memory block's state as sysfs reads it now (`memoryN/state`). */
  z.object({ kind: z.literal('block-state'), block: z.number().int().nonnegative(), state: z.enum(['online', 'offline']) }),
  /** qemu: every memory block of a hot-added DIMM, as sysfs reads them now. */
  z.object({ kind: z.literal('dimm-state'), name: z.string(), state: z.enum(['online', 'offline']) }),
]);
export type CompiledExpectation = z.infer<typeof CompiledExpectation>;

const line = z.number().int().positive();

const BaseStep = z.discriminatedUnion('kind', [
  /** One write(2) of `text` to a sysfs/debugfs file: `echo "text" > path`. */
  z.object({ kind: z.literal('write'), path: z.string(), text: z.string(), line }),
  /** Copy a host file to the phone (`adb push`); `local` is as written in the script, relative to it. */
  z.object({ kind: z.literal('push'), local: z.string(), remote: z.string(), line }),
  /** A command for the phone's shell, verbatim. */
  z.object({ kind: z.literal('shell'), command: z.string(), line }),
  /** A 32-bit physical memory word written with a /dev/mem tool (there is no file for it). */
  z.object({ kind: z.literal('poke'), address: z.number().int().nonnegative(), value: z.number().int().nonnegative(), tool: z.string(), line }),
  /** Wait until a requested switch (or boot hand-over, section transfer) lands on `to`. */
  z.object({ kind: z.literal('await-switch'), to: z.number().int().positive(), toName: z.string(), switchKind: z.enum(['switch', 'boot', 'section-transfer']), timeoutMs: z.number().positive(), line }),
  /** `wait until INSTANCE running|sleeping timeout D`. */
  z.object({ kind: z.literal('await-instance'), instance: z.number().int().positive(), name: z.string(), state: z.enum(['running', 'sleeping']), timeoutMs: z.number().positive(), line }),
  z.object({ kind: z.literal('sleep'), ms: z.number().nonnegative(), line }),
  z.object({ kind: z.literal('mark'), label: z.string(), line }),
  z.object({ kind: z.literal('expect'), expectation: CompiledExpectation, text: z.string(), line }),
  /**
   * qemu: suspend the whole machine. The target writes a marker to /dev/kmsg,
   * then `STATE` to /sys/power/state, wakes the machine from the host after
   * `sleepMs` (QMP `system_wakeup` for mem, a key press for freeze), and the
   * runner waits for the analyser's plain-suspend record of the cycle.
   */
  z.object({ kind: z.literal('suspend'), state: z.enum(['mem', 'freeze']), sleepMs: z.number().nonnegative(), timeoutMs: z.number().positive(), line }),
  /** qemu: DIMM hot-add (QMP object-add memory-backend-ram + device_add pc-dimm) or unplug (device_del), by the script's name for it. */
  z.object({ kind: z.literal('dimm'), action: z.enum(['add', 'remove']), name: z.string(), bytes: z.number().int().positive().optional(), line }),
  /** qemu: every memory block of a hot-added DIMM to `state` (its blocks are known only once it is plugged in). */
  z.object({ kind: z.literal('dimm-blocks'), name: z.string(), state: z.enum(['online_movable', 'offline']), line }),
  /** A simulator scenario change (sim target only). */
  z.object({ kind: z.literal('sim'), device: z.enum(['cable', 'wifi', 'audio']), action: z.string(), durationMs: z.number().positive().optional(), line }),
]);

export type CompiledStep = z.infer<typeof BaseStep> | { kind: 'repeat'; count: number; body: CompiledStep[]; line: number };

export const CompiledStep: z.ZodType<CompiledStep> = z.lazy(() =>
  z.union([BaseStep, z.object({ kind: z.literal('repeat'), count: z.number().int().nonnegative(), body: z.array(CompiledStep), line })]),
);
