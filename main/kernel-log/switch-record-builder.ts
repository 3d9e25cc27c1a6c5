import type { Boundary, BoundaryName, ClockName, HostSpans, SwitchOutcome, SwitchRecord } from '../../common/domain/switch-record';
import type { Cycle, Point } from './cycle';
import type { TotalPhase } from './pm-events';

/** Rounds to the microsecond so printk arithmetic does not print 6.0760000000001. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export interface Span {
  ms: number;
  clock: ClockName;
}

/**
 * A duration between two boundaries: on one printk clock when both lines
 * came from the same kernel boot (OMAP's clock stops while suspended, so
 * this excludes time asleep), else on the host receive clock, else none.
 */
export function span(a: Point | null, b: Point | null): Span | null {
  if (!a || !b) return null;
  const printk = printkSpan(a, b);
  if (printk !== null) return { ms: roundMs(printk), clock: 'printk' };
  const host = hostSpan(a, b);
  return host === null ? null : { ms: host, clock: 'host' };
}

/** A printk span, or null across two timebases — or when the clock ran backwards (a reboot the log did not show). */
function printkSpan(a: Point, b: Point): number | null {
  if (a.kernelTime === null || b.kernelTime === null || a.clock !== b.clock || b.kernelTime < a.kernelTime) return null;
  return (b.kernelTime - a.kernelTime) * 1000;
}

/** A span on the host receive clock alone (null when either line has no host time). */
function hostSpan(a: Point | null, b: Point | null): number | null {
  if (!a || !b || a.hostTimeMs === null || b.hostTimeMs === null || b.hostTimeMs < a.hostTimeMs) return null;
  return roundMs(b.hostTimeMs - a.hostTimeMs);
}

/** Below this, a deep (S3) cycle's printk clock did not stand still: the machine never slept. */
export const FAKE_RESUME_MS = 50;

interface Step {
  point: Point | null;
  /** Phase the span ending here is called; `gap` is what a kernel total leaves over before it. */
  name: string;
  total?: TotalPhase;
  gap?: string;
  /** A point whose absence does not rename the next span (3.0 has no separate noirq totals). */
  optional?: boolean;
}

/**
 * Splits [first point, last point] into named phases that add up exactly.
 * Where the kernel printed its own total for a phase, that figure is the
 * phase (it is measured on ktime, finer than the 32 kHz printk clock) and the
 * rest of the span goes to the gap before it. Where a boundary line is
 * missing, the span over it is named after every phase it covers
 * (`freeze+deviceSuspend`), so nothing is silently attributed.
 */
function addPhases(steps: Step[], phases: Record<string, number>, cycle: Cycle): void {
  let prev: Point | null = null;
  let skipped: string[] = [];
  for (const step of steps) {
    if (!step.point) {
      if (prev && !step.optional) skipped.push(step.name);
      continue;
    }
    if (!prev) {
      prev = step.point;
      skipped = [];
      continue;
    }
    const ms = printkSpan(prev, step.point);
    if (ms !== null) {
      const total = step.total ? cycle.totals[step.total] : undefined;
      const name = [...skipped, step.name].join('+');
      if (total !== undefined && total <= ms + 0.05) {
        const gapName = skipped.length ? skipped.join('+') : (step.gap ?? 'gap');
        add(phases, gapName, Math.max(0, ms - total));
        add(phases, step.name, total);
      } else {
        add(phases, name, ms);
      }
    }
    prev = step.point;
    skipped = [];
  }
}

function add(phases: Record<string, number>, name: string, ms: number): void {
  phases[name] = roundMs((phases[name] ?? 0) + ms);
}

function outcomeOf(c: Cycle): SwitchOutcome {
  if (c.incomplete || c.outcomeFailed) return 'failed';
  if (c.abort) return 'aborted';
  if (c.exitRet !== null && c.exitRet !== 0) return 'aborted';
  return 'ok';
}

function boundary(p: Point | null): Boundary | undefined {
  return p ? { kernelTime: p.kernelTime, hostTimeMs: p.hostTimeMs, instance: p.instance, line: p.line } : undefined;
}

export function buildSwitchRecord(c: Cycle, id: number, name: (instance: number | null) => string | null): SwitchRecord {
  const clocks: Record<string, ClockName> = {};
  const figure = (key: string, s: Span | null): number | null => {
    if (!s) return null;
    clocks[key] = s.clock;
    return s.ms;
  };
  const wakelockWaitMs = figure('wakelockWaitMs', span(c.request, c.suspendStart));
  const suspendMs = c.wake ? figure('suspendMs', span(c.suspendStart, c.handover)) : null;
  const resumeMs = figure('resumeMs', span(c.wake, c.visible));
  // A switch's total crosses a hand-over, during which the printk clock stands still even when
  // the kernel switches to itself: the host clock, when there is one, sees the whole span.
  const handedOver = c.kind !== 'plain-suspend' && c.wake !== null;
  const hostTotalMs = handedOver ? hostSpan(c.request, c.visible) : null;
  const hostTotal = hostTotalMs === null ? null : { ms: hostTotalMs, clock: 'host' as const };
  const totalMs = figure('totalMs', hostTotal ?? span(c.request, c.visible));

  const phases: Record<string, number> = {};
  if (wakelockWaitMs !== null && clocks.wakelockWaitMs === 'printk') phases.wakelockWait = wakelockWaitMs;
  // An aborted cycle's suspend side ends at the abort line, in the phase that aborted.
  const ab = c.abort ? c.abortPoint : null;
  const at = (phase: string, p: Point | null) => (ab && c.abort ? (c.abort.phase === phase ? ab : null) : p);
  addPhases(
    [
      { point: c.suspendStart, name: 'suspendStart' },
      { point: ab && c.abort?.phase === 'freeze' && !c.freezeStart ? null : c.freezeStart, name: 'sync' },
      { point: ab ? (c.abort?.phase === 'freeze' ? ab : c.devicesStart) : c.devicesStart, name: 'freeze' },
      { point: ab ? (c.abort?.phase === 'deviceSuspend' ? ab : c.abort?.phase === 'freeze' ? null : c.devicesSuspended) : c.devicesSuspended, name: 'deviceSuspend', total: 'deviceSuspend', gap: 'devicePrepare' },
      { point: at('lateSuspend', c.lateDone), name: 'lateSuspend', total: 'lateSuspend', gap: 'platformPrepare' },
      { point: ab ? null : c.noirqDone, name: 'noirqSuspend', total: 'noirqSuspend', gap: 'platformPrepare', optional: true },
      { point: c.wake ? c.handover : null, name: 'platformSuspend' },
    ],
    phases,
    c,
  );
  // A boot's "resume" is a whole kernel boot: one phase, from the banner to init.
  if (c.kind === 'boot') addPhases([{ point: c.wake, name: 'wake' }, { point: c.visible, name: 'kernelBoot' }], phases, c);
  else addPhases(
    [
      { point: c.wake, name: 'wake' },
      { point: c.noirqResumeDone, name: 'noirqResume', total: 'noirqResume', gap: 'platformResume', optional: true },
      { point: c.earlyDone, name: 'earlyResume', total: 'earlyResume', gap: 'platformResume' },
      { point: c.devicesResumed, name: 'deviceResume', total: 'deviceResume', gap: 'platformFinish' },
      { point: c.thawStart, name: 'resumeComplete' },
      { point: c.visible, name: 'thaw' },
    ],
    phases,
    c,
  );

  // The printk clock and the host clock side by side: they differ by the time the printk clock stood still.
  const printkCycle = c.suspendStart && c.visible ? printkSpan(c.suspendStart, c.visible) : null;
  const cycleMs = printkCycle === null ? null : roundMs(printkCycle);
  const hasHost = [c.request, c.suspendStart, c.wake, c.visible].some((p) => p !== null && p.hostTimeMs !== null);
  const host: HostSpans | undefined = hasHost
    ? {
        suspendMs: c.wake ? hostSpan(c.suspendStart, c.handover) : null,
        resumeMs: hostSpan(c.wake, c.visible),
        totalMs: hostSpan(c.request, c.visible),
        cycleMs: hostSpan(c.suspendStart, c.visible),
      }
    : undefined;
  // UART latency differs line to line, so a clock that never stopped can come out a little negative: that is 0.
  const asleepMs = host && host.cycleMs !== null && cycleMs !== null ? roundMs(Math.max(0, host.cycleMs - cycleMs)) : null;

  // Phases are always spans of one kernel's printk clock (or that kernel's own totals).
  if (Object.keys(phases).length) clocks.phases = 'printk';

  const boundaries: Record<BoundaryName, Boundary | undefined> = {
    request: boundary(c.request),
    suspendStart: boundary(c.suspendStart),
    devicesSuspended: boundary(c.devicesSuspended),
    handover: boundary(c.wake ? c.handover : null),
    wake: boundary(c.wake),
    devicesResumed: boundary(c.devicesResumed),
    visible: boundary(c.visible),
  };

  const anomalies = [...c.anomalies];
  const expectRequest = c.kind !== 'plain-suspend';
  if (!c.request && expectRequest) anomalies.push('missing boundary: request (no `Fastswitch: [switch] trying suspend` before this cycle)');
  if (!c.suspendStart) anomalies.push('missing boundary: suspend start');
  if (!c.abort && !c.incomplete) {
    if (!c.wake) anomalies.push('missing boundary: wake');
    if (!c.visible) anomalies.push('missing boundary: visible');
  }
  if (handedOver && c.request && c.visible) {
    if (totalMs === null) anomalies.push('totalMs spans two kernels and the input has no host receive clock');
    else if (clocks.totalMs === 'printk') anomalies.push('totalMs on one printk clock misses the hand-over itself (no host receive clock in the input)');
  }

  // q35 with SeaBIOS: after the first S3, later ones run the whole sequence without the machine sleeping.
  if (c.sleepState === 'deep' && c.wake && !c.abort && asleepMs !== null && asleepMs < FAKE_RESUME_MS) {
    anomalies.push(`fake resume: the machine did not really sleep (deep suspend, but the printk clock stood still for only ${asleepMs} ms of the ${host?.cycleMs} ms the host saw)`);
  }

  const driverNames = (i: number | null) => name(i);
  const headline: ClockName = clocks.totalMs ?? (Object.values(clocks).includes('host') ? 'host' : 'printk');
  const first = c.request && c.request.line < c.firstLine ? c.request.line : c.firstLine;

  return {
    id,
    kind: c.kind,
    from: driverNames(c.from),
    to: driverNames(c.to),
    outcome: outcomeOf(c),
    wakelockWaitMs,
    suspendMs,
    resumeMs,
    totalMs,
    clock: headline,
    phases,
    drivers: c.drivers,
    blockingWakelocks: c.blockingWakelocks,
    anomalies,
    lines: [first, c.lastLine],
    boundaries,
    clocks,
    forced: c.forced,
    lastReleasedWakelock: c.lastReleasedWakelock,
    wakelockTimeLeftMs: c.wakelockTimeLeftMs,
    wakeReasons: c.wakeReasons,
    suspendedForMs: c.suspendedForMs,
    kernelTotals: { ...c.totals },
    kernelTotalLines: { ...c.totalLines },
    abort: c.abort,
    incomplete: c.incomplete,
    exitRet: c.exitRet,
    ...(c.sleepState ? { sleepState: c.sleepState } : {}),
    cycleMs,
    ...(host ? { host, asleepMs } : {}),
  };
}
