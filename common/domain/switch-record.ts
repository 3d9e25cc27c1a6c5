import { z } from 'zod';

export const SwitchKind = z.enum(['switch', 'boot', 'section-transfer', 'plain-suspend']);
export type SwitchKind = z.infer<typeof SwitchKind>;

export const SwitchOutcome = z.enum(['ok', 'aborted', 'failed']);
export type SwitchOutcome = z.infer<typeof SwitchOutcome>;

/** Which clock a duration was measured on (DESIGN §6). */
export const ClockName = z.enum(['printk', 'host']);
export type ClockName = z.infer<typeof ClockName>;

/** One boundary of DESIGN §6 as found in the log: when, and on which line. */
export const Boundary = z.object({
  kernelTime: z.number().nullable(),
  hostTimeMs: z.number().nullable(),
  instance: z.number().int().positive().nullable(),
  /** Line number (1-based, seq + 1) the boundary was read from. */
  line: z.number().int().positive(),
});
export type Boundary = z.infer<typeof Boundary>;

export const BoundaryName = z.enum(['request', 'suspendStart', 'devicesSuspended', 'handover', 'wake', 'devicesResumed', 'visible']);
export type BoundaryName = z.infer<typeof BoundaryName>;

export const DriverTime = z.object({ name: z.string(), phase: z.string(), ms: z.number() });
export type DriverTime = z.infer<typeof DriverTime>;

/**
 * A switch (or boot, section transfer, plain suspend/resume) and its time
 * split. The fields of DESIGN §9 are the public JSON contract: add, never
 * rename. A figure the log cannot support is null, not a guess.
 */
export const SwitchRecord = z.object({
  id: z.number().int().nonnegative(),
  kind: SwitchKind,
  from: z.string().nullable(),
  to: z.string().nullable(),
  outcome: SwitchOutcome,
  wakelockWaitMs: z.number().nullable(),
  suspendMs: z.number().nullable(),
  resumeMs: z.number().nullable(),
  totalMs: z.number().nullable(),
  clock: ClockName,
  phases: z.record(z.string(), z.number()),
  drivers: z.array(DriverTime),
  blockingWakelocks: z.array(z.string()),
  anomalies: z.array(z.string()),
  /** First and last line (1-based) of the log that make up this record. */
  lines: z.tuple([z.number().int(), z.number().int()]),
  boundaries: z.record(BoundaryName, Boundary.optional()).optional(),
  /** Which clock each duration used, when they differ: e.g. { suspendMs: 'printk', totalMs: 'host' }. */
  clocks: z.record(z.string(), ClockName).optional(),
});
export type SwitchRecord = z.infer<typeof SwitchRecord>;
