import { z } from 'zod';

/** Where a log line came from (DESIGN §2). `dmesg` is a one-shot read of the ring buffer; `script` lines are the runner's marks and expectation results. */
export const LogSource = z.enum(['uart', 'kmsg', 'dmesg', 'logcat', 'sim', 'file', 'script']);
export type LogSource = z.infer<typeof LogSource>;

/**
 * One line of kernel (or logcat) output as the workbench received it.
 * `text` is printable: invalid UTF-8 and control bytes are shown escaped
 * (`\xNN`), never dropped; `raw` keeps the original bytes (base64) when
 * they differ from `text`.
 */
export const LogRecord = z.object({
  /** Position in its stream, counting from 0; line numbers in reports are seq + 1. */
  seq: z.number().int().nonnegative(),
  source: LogSource,
  /** Host receive time, monotonic ms (for the simulator: its virtual clock). */
  hostTimeMs: z.number(),
  /** Host wall-clock time, ms since the epoch. */
  hostWallMs: z.number(),
  /** Kernel printk timestamp in seconds, when the line carried one. */
  kernelTime: z.number().nullable(),
  /** Syslog level `<N>` when the channel carried it. */
  level: z.number().int().min(0).max(7).nullable(),
  /** Instance number (1 = master) the line is attributed to, when known. */
  instance: z.number().int().positive().nullable(),
  text: z.string(),
  raw: z.string().optional(),
  /** `line` for kernel output; `gap` marks a stretch the workbench could not see; `mark` a script's `mark`. */
  kind: z.enum(['line', 'gap', 'mark']).default('line'),
});
export type LogRecord = z.infer<typeof LogRecord>;
