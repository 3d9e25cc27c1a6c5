import { z } from 'zod';

export const SwitchKind = z.enum(['switch', 'boot', 'section-transfer', 'plain-suspend']);
export type SwitchKind = z.infer<typeof SwitchKind>;

export const SwitchOutcome = z.enum(['ok', 'aborted', 'failed']);
export type SwitchOutcome = z.infer<typeof SwitchOutcome>;

/** Which clock a duration was measured on (DESIGN §6). */
export const ClockName = z.enum(['printk', 'host']);
export type ClockName = z.infer<typeof ClockName>;

/** The sleep state an upstream kernel announced (`PM: suspend entry (deep)`): `deep` is ACPI S3 / suspend-to-RAM. */
export const SleepState = z.enum(['deep', 's2idle', 'shallow']);
export type SleepState = z.infer<typeof SleepState>;

/**
 * The same boundaries as the printk figures, measured on the host receive clock
 * (live captures only). The printk clock of x86 and OMAP stops while asleep; this one does not.
 */
export const HostSpans = z.object({
  /** suspend start → hand-over. */
  suspendMs: z.number().nullable(),
  /** wake → visible. */
  resumeMs: z.number().nullable(),
  /** request → visible (null without a request line, as totalMs). */
  totalMs: z.number().nullable(),
  /** suspend start → visible. */
  cycleMs: z.number().nullable(),
});
export type HostSpans = z.infer<typeof HostSpans>;

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

export const DriverTime = z.object({
  name: z.string(),
  phase: z.string(),
  /** Real milliseconds. Linux 3.x prints `usecs` that are ns >> 10 (2.3 % low); `ms` is already corrected. */
  ms: z.number(),
  /** The number the kernel printed, and what it meant (`ns>>10` for the 3.x `call X+ returned … usecs` forms). */
  printed: z.object({ value: z.number(), unit: z.enum(['usecs', 'ns>>10']) }).optional(),
  /** Line (1-based) of the `returned` line. */
  line: z.number().int().positive().optional(),
  /** The callback's return code when not 0. */
  error: z.number().int().optional(),
});
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
  /** Added by the kernel-log analyser (issue 4). */
  /** The switch skipped wakelocks (`Fastswitch: WARNING, wakelock still active`). */
  forced: z.boolean().optional(),
  /** Of the blocking wakelocks, the one whose release (unlock or expiry) was logged last before suspend began. */
  lastReleasedWakelock: z.string().nullable().optional(),
  /** The last `time left N` printed for each blocking wakelock, as ms (N jiffies / HZ; HZ = 128 on tuna). */
  wakelockTimeLeftMs: z.record(z.string(), z.number()).optional(),
  /** `Resume caused by …`, `wakeup wake lock: …`: what woke the kernel (or spurious after a hand-over). */
  wakeReasons: z.array(z.string()).optional(),
  /** `Suspended for S seconds`: how long the resumed kernel was dormant (for a switch: the other instance's run). */
  suspendedForMs: z.number().nullable().optional(),
  /** The kernel's own per-phase totals (`PM: … of devices complete after X msecs`), verbatim. */
  kernelTotals: z.record(z.string(), z.number()).optional(),
  /** Line (1-based) each of kernelTotals was read from. */
  kernelTotalLines: z.record(z.string(), z.number().int()).optional(),
  /** Where an aborted or failed cycle stopped, and why. */
  abort: z.object({ phase: z.string(), cause: z.string(), line: z.number().int() }).nullable().optional(),
  /** The log ended (or the kernel rebooted) before the cycle did. */
  incomplete: z.boolean().optional(),
  /** The kernel's `ret` of `suspend: exit suspend, ret = N` when printed. */
  exitRet: z.number().int().nullable().optional(),
  /** Upstream `PM: suspend entry (…)`: the sleep state of this cycle; absent when the kernel does not say. */
  sleepState: SleepState.optional(),
  /** suspend start → visible on the suspending kernel's printk clock (so without the time the clock stood still); null across two kernels. */
  cycleMs: z.number().nullable().optional(),
  /** The host-clock spans of the same boundaries; present only when the input has a host receive clock. */
  host: HostSpans.optional(),
  /** host.cycleMs − cycleMs: how long the printk clock stood still (S3: the time asleep). Present with `host`; null when either is. */
  asleepMs: z.number().nullable().optional(),
});
export type SwitchRecord = z.infer<typeof SwitchRecord>;

/**
 * How long a record took, for charts that draw one figure per record: the
 * total (request to visible), or for a plain suspend/resume, which has no
 * request, its cycle on the printk clock (suspend start to visible, the
 * time asleep left out). Null when the log supports neither.
 */
export function measuredTotal(s: SwitchRecord): number | null {
  if (s.totalMs !== null) return s.totalMs;
  return s.kind === 'plain-suspend' ? (s.cycleMs ?? null) : null;
}
