import type { DriverTime, SleepState, SwitchKind } from '../../common/domain/switch-record';
import type { TotalPhase } from './pm-events';

/** Where and when a boundary line was seen. `clock` tells which printk timebases can be subtracted. */
export interface Point {
  line: number;
  kernelTime: number | null;
  hostTimeMs: number | null;
  instance: number | null;
  clock: number;
}

export type AbortPhase = 'freeze' | 'deviceSuspend' | 'lateSuspend' | 'platform';

/** One suspend/resume cycle (or switch, boot) while it is being read. */
export interface Cycle {
  kind: SwitchKind;
  from: number | null;
  to: number | null;
  forced: boolean;
  /** Upstream `PM: suspend entry (deep)`: the state asked for (`deep` = S3, `s2idle`, `shallow`). */
  sleepState: SleepState | null;
  request: Point | null;
  suspendStart: Point | null;
  freezeStart: Point | null;
  devicesStart: Point | null;
  devicesSuspended: Point | null;
  lateDone: Point | null;
  noirqDone: Point | null;
  /** Last line the suspending kernel printed before the wake (the hand-over / platform sleep). */
  handover: Point | null;
  wake: Point | null;
  noirqResumeDone: Point | null;
  earlyDone: Point | null;
  devicesResumed: Point | null;
  thawStart: Point | null;
  thawDone: Point | null;
  /** A boot: the child's kernel handed over to init (`Freeing init memory`); visible comes when Android turns the screen on. */
  bootKernelReady: Point | null;
  visible: Point | null;
  /** The kernel's own phase figures (dpm_show_time), verbatim, in ms. */
  totals: Partial<Record<TotalPhase, number>>;
  totalLines: Partial<Record<TotalPhase, number>>;
  drivers: DriverTime[];
  /** Returned per-device lines not yet given a phase (the phase is known when its total line arrives). */
  unphased: number;
  openCalls: Map<string, number>;
  blockingWakelocks: string[];
  /** Last `time left` of each blocking wakelock, converted from jiffies to ms. */
  wakelockTimeLeftMs: Record<string, number>;
  lastReleasedWakelock: string | null;
  wakeReasons: string[];
  suspendedForMs: number | null;
  abort: { phase: AbortPhase; cause: string; line: number } | null;
  abortPoint: Point | null;
  outcomeFailed: boolean;
  exitRet: number | null;
  anomalies: string[];
  firstLine: number;
  lastLine: number;
  /** The kernel prints an exit line (`suspend: exit suspend`, `PM: suspend exit`) we should wait for. */
  expectExit: boolean;
  incomplete: boolean;
}

export function newCycle(firstLine: number): Cycle {
  return {
    kind: 'plain-suspend',
    from: null,
    to: null,
    forced: false,
    sleepState: null,
    request: null,
    suspendStart: null,
    freezeStart: null,
    devicesStart: null,
    devicesSuspended: null,
    lateDone: null,
    noirqDone: null,
    handover: null,
    wake: null,
    noirqResumeDone: null,
    earlyDone: null,
    devicesResumed: null,
    thawStart: null,
    thawDone: null,
    bootKernelReady: null,
    visible: null,
    totals: {},
    totalLines: {},
    drivers: [],
    unphased: 0,
    openCalls: new Map(),
    blockingWakelocks: [],
    wakelockTimeLeftMs: {},
    lastReleasedWakelock: null,
    wakeReasons: [],
    suspendedForMs: null,
    abort: null,
    abortPoint: null,
    outcomeFailed: false,
    exitRet: null,
    anomalies: [],
    firstLine,
    lastLine: firstLine,
    expectExit: false,
    incomplete: false,
  };
}
