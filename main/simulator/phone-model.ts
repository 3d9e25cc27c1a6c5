import type { DeviceState } from '../../common/domain/device-state';
import type { PlatformProfile } from '../../common/profile/platform-profile';
import { EventQueue, type Timer } from './event-queue';
import { FswPage, FSW } from './fsw-page';
import { GroundTruth, type GroundTruthRecord } from './ground-truth';
import { EARLYSUSPEND_DEBUG, Instance, WAKELOCK_DEBUG } from './instance';
import { KERN, type ConsoleSink, type LogLevel } from './kernel-log';
import { utc } from './log-formats';
import { MemoryBlocks } from './memory-blocks';
import { RandomSource } from './random-source';
import { DEFAULT_SCENARIO, type Scenario } from './scenario';
import { Timeline } from './timeline';
import { runSuspend } from './suspend-sequence';
import { runResume } from './resume-sequence';
import { runBoot } from './boot-sequence';
import { FastswitchKernel } from './fastswitch-kernel';
import { deviceState, phoneProperties } from './phone-facts';
import { UserActivity } from './user-activity';

/** Where the phone is in its life: which kernel runs and what it is doing. */
export type PhonePhase = 'off' | 'booting' | 'awake' | 'suspending' | 'asleep' | 'handover' | 'resuming';

/** A switch request waiting for its suspend, and the record of it. */
export interface PendingRequest {
  record: GroundTruthRecord;
  /** Round-robin of a memory request (fsw-notes): instances still to visit. */
  claim?: { requester: number; remaining: number; start: number; visited: number[] };
}

export interface PhoneModelOptions {
  profile: PlatformProfile;
  seed: number;
  queue: EventQueue;
  scenario?: Partial<Scenario>;
  /** Wall-clock time of virtual 0 (the UTC the kernels print). */
  wallEpochMs?: number;
}

/** 2012-10-12 10:00:00 UTC: the week the author timed switches. */
const DEFAULT_EPOCH = Date.UTC(2012, 9, 12, 10, 0, 0);

/**
 * The phone: instances, memory, the fsw page, wakelocks and the user's
 * activity, driven by events. Control files and tools call in here; the
 * printed sequences live in suspend-, resume- and boot-sequence.
 */
export class PhoneModel {
  readonly profile: PlatformProfile;
  readonly queue: EventQueue;
  readonly rng: RandomSource;
  readonly page: FswPage;
  readonly memory: MemoryBlocks;
  readonly truth = new GroundTruth();
  readonly instances = new Map<number, Instance>();
  readonly wallEpochMs: number;
  readonly baud: number;
  phase: PhonePhase = 'off';
  /** The instance whose CPU runs now (also while it suspends or resumes). */
  current: Instance | null = null;
  usbCable: boolean;
  /** Physical state of devices that stay powered across suspend. */
  wifiChipOn = false;
  cameraOwner: number | null = null;
  pending: PendingRequest | null = null;
  /** The record of the suspend in progress (switch, boot or plain). */
  inFlight: GroundTruthRecord | null = null;
  inFlightClaim: PendingRequest['claim'] | null = null;
  private uartListeners = new Set<(bytes: Uint8Array) => void>();
  private stateListeners = new Set<() => void>();
  private adbListeners = new Set<(reachable: boolean) => void>();
  private lastAdb = false;
  private suspendWork: Timer | null = null;
  private expiryTimer: Timer | null = null;
  wakeTimer: Timer | null = null;
  activityTimers: Timer[] = [];
  private readonly encoder = new TextEncoder();
  readonly uart: ConsoleSink;
  readonly activity: UserActivity;
  readonly fsw: FastswitchKernel;

  constructor(options: PhoneModelOptions) {
    this.profile = options.profile;
    this.queue = options.queue;
    this.rng = new RandomSource(options.seed);
    this.wallEpochMs = options.wallEpochMs ?? DEFAULT_EPOCH;
    this.baud = options.profile.timing.consoleBaud;
    this.page = new FswPage(options.profile.fswBase);
    this.memory = new MemoryBlocks(options.profile, options.profile.controlInterface, this.rng);
    const scenario = { ...DEFAULT_SCENARIO, ...options.scenario };
    this.usbCable = scenario.usbCable;
    this.uart = { write: (text) => this.emitUart(text) };
    this.activity = new UserActivity(this);
    this.fsw = new FastswitchKernel(this);
    const { usbCable: _cable, ...activity } = scenario;
    for (const p of options.profile.instances) {
      this.instances.set(p.id, new Instance(p, () => this.queue.now(), this.uart, options.profile.hz, activity));
    }
  }

  // ---- clocks -------------------------------------------------------------

  now(): number {
    return this.queue.now();
  }

  wallMs(at = this.now()): number {
    return this.wallEpochMs + at;
  }

  kernelMs(inst: Instance, at = this.now()): number {
    return inst.log.clock.ms(at);
  }

  /** Virtual time at which `inst`'s kernel clock reaches `kernelMs` (it only runs while the instance does). */
  virtualAtKernel(inst: Instance, kernelMs: number): number {
    return this.now() + Math.max(0, kernelMs - this.kernelMs(inst));
  }

  timeline(inst: Instance, start = this.now()): Timeline {
    return new Timeline(this.queue, start, inst, this.baud);
  }

  instance(id: number): Instance | undefined {
    return this.instances.get(id);
  }

  // ---- output -------------------------------------------------------------

  print(inst: Instance, level: LogLevel, text: string): void {
    inst.log.line(level, text, this.baud);
  }

  onUart(listener: (bytes: Uint8Array) => void): () => void {
    this.uartListeners.add(listener);
    return () => this.uartListeners.delete(listener);
  }

  private emitUart(text: string): void {
    if (this.uartListeners.size === 0) return;
    const bytes = this.encoder.encode(text);
    for (const l of this.uartListeners) l(bytes);
  }

  /** Bytes that are not kernel output (a console shell's echo) onto the same UART. */
  writeUart(bytes: Uint8Array): void {
    for (const l of this.uartListeners) l(bytes);
  }

  onChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onAdb(listener: (reachable: boolean) => void): () => void {
    this.adbListeners.add(listener);
    return () => this.adbListeners.delete(listener);
  }

  adbReachable(): boolean {
    return this.phase === 'awake' && this.current !== null && this.current.adbdUp;
  }

  changed(): void {
    const adb = this.adbReachable();
    if (adb !== this.lastAdb) {
      this.lastAdb = adb;
      for (const l of this.adbListeners) l(adb);
    }
    for (const l of this.stateListeners) l();
  }

  // ---- power --------------------------------------------------------------

  /** Power on from off: the boot loader starts the master. */
  powerOn(): void {
    if (this.phase !== 'off') return;
    this.page.wipe();
    for (const inst of this.instances.values()) inst.status = 'absent';
    const master = this.instances.get(1)!;
    this.memory.bootMaster();
    runBoot(this, master, null);
  }

  /** `reboot -p` or a kernel panic: every instance is lost, sleeping ones included. */
  powerOff(reason: 'power-off' | 'reboot'): void {
    const inst = this.current;
    if (inst) {
      if (reason === 'power-off') this.print(inst, KERN.EMERG, 'Power down.');
      else this.print(inst, KERN.EMERG, 'Restarting system.');
    }
    const lost = [...this.instances.values()].filter((i) => i.status === 'sleeping').map((i) => i.name);
    if (this.inFlight) {
      this.truth.anomaly(this.inFlight, 'phone powered off');
      this.truth.close(this.inFlight, 'failed');
      this.inFlight = null;
    }
    if (this.pending) {
      this.truth.anomaly(this.pending.record, `phone powered off${lost.length ? `; lost sleeping ${lost.join(', ')}` : ''}`);
      this.truth.close(this.pending.record, 'failed');
      this.pending = null;
    }
    this.cancelTimers();
    for (const i of this.instances.values()) {
      i.log.clock.stop(this.now());
      i.status = 'absent';
      i.androidUp = false;
      i.adbdUp = false;
    }
    for (const i of this.instances.values()) this.memory.forget(i.id);
    this.current = null;
    this.phase = 'off';
    this.wifiChipOn = false;
    this.cameraOwner = null;
    this.changed();
    if (reason === 'reboot') this.queue.after(this.rng.spread(this.profile.timing.bootloaderMs), () => this.powerOn());
  }

  private cancelTimers(): void {
    this.queue.cancel(this.suspendWork);
    this.queue.cancel(this.expiryTimer);
    this.queue.cancel(this.wakeTimer);
    for (const t of this.activityTimers) this.queue.cancel(t);
    this.activityTimers = [];
    this.suspendWork = this.expiryTimer = this.wakeTimer = null;
  }

  /** The power key: wakes a sleeping phone, turns the screen on or off, ends a type-2 wait. */
  pressPower(): void {
    const inst = this.current;
    if (this.phase === 'off') return this.powerOn();
    if (!inst) return;
    if (this.phase === 'asleep') {
      this.wake(inst, 'IRQ 39, TWL6030-PIH', true);
      return;
    }
    if (this.phase !== 'awake') return;
    if (inst.requestedState === 3) {
      if (this.pending || this.activity.blockedByUser(inst)) {
        // the notes: audio blocks the switch "but will suspend if power is pressed"
        this.activity.releaseUserLocks(inst);
        this.scheduleSuspendWork(0);
      } else {
        this.requestSuspendState(inst, 0);
      }
    } else {
      this.requestSuspendState(inst, 3);
    }
  }

  setUsbCable(attached: boolean): void {
    if (attached === this.usbCable) return;
    this.usbCable = attached;
    const inst = this.current;
    if (!inst) return;
    const name = this.profile.wakelocks.usbCable;
    if (this.phase === 'asleep' && attached) {
      this.wake(inst, 'IRQ 105, twl6030_usb', false);
      return;
    }
    if (this.phase === 'awake' || this.phase === 'booting') {
      if (attached) this.lock(inst, name, null);
      else this.unlock(inst, name);
    }
    this.changed();
  }

  // ---- wakelocks ------------------------------------------------------------

  lock(inst: Instance, name: string, timeoutMs: number | null, user = false): void {
    const k = this.kernelMs(inst);
    inst.wakelocks.lock(name, k, timeoutMs, user);
    if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKE_LOCK && inst === this.current) {
      if (timeoutMs === null) this.print(inst, KERN.INFO, `wake_lock: ${name}, type 0`);
      else this.print(inst, KERN.INFO, `wake_lock: ${name}, type 0, timeout ${Math.floor(timeoutMs / 1000)}.${String(Math.floor(timeoutMs % 1000)).padStart(3, '0')}`);
    }
    if (timeoutMs !== null && inst === this.current) this.armExpiry(inst);
  }

  unlock(inst: Instance, name: string): boolean {
    const ok = inst.wakelocks.unlock(name, this.kernelMs(inst));
    if (ok && inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKE_LOCK && inst === this.current) this.print(inst, KERN.INFO, `wake_unlock: ${name}`);
    if (ok && inst === this.current) this.scheduleSuspendWork(0);
    return ok;
  }

  /** A timed lock's expire timer: when it fires, the suspend work runs again. */
  armExpiry(inst: Instance): void {
    this.queue.cancel(this.expiryTimer);
    this.expiryTimer = null;
    const next = inst.wakelocks.nextExpiry();
    if (next === null) return;
    this.expiryTimer = this.queue.at(this.virtualAtKernel(inst, next), () => {
      this.expiryTimer = null;
      if (inst !== this.current) return;
      // the timer fired for `next`: float error must not leave the lock a hair short of expiring
      const expired = inst.wakelocks.expire(Math.max(this.kernelMs(inst), next));
      if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.EXPIRE) for (const e of expired) this.print(inst, KERN.INFO, `expired wake lock ${e.name}`);
      this.armExpiry(inst);
      if (expired.length > 0) this.scheduleSuspendWork(0);
    });
  }

  // ---- earlysuspend and the suspend work (Android) ---------------------------------------------------------------

  /** earlysuspend's request_suspend_state(): the screen goes off (3) or on (0). */
  requestSuspendState(inst: Instance, state: 0 | 3): void {
    const old = inst.requestedState;
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.USER_STATE) {
      const ns = Math.round(this.kernelMs(inst) * 1e6) + 2_534_000;
      this.print(inst, KERN.INFO, `request_suspend_state: ${state === 3 ? 'sleep' : 'wakeup'} (${old}->${state}) at ${ns} (${utc(this.wallMs())})`);
    }
    inst.requestedState = state;
    if (old === 0 && state === 3) this.earlySuspend(inst);
    else if (old === 3 && state === 0) this.lateResume(inst);
    this.changed();
  }

  private earlySuspend(inst: Instance): void {
    const t = this.profile.timing;
    const tl = this.timeline(inst);
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.SUSPEND) tl.line(KERN.INFO, 'early_suspend: call handlers');
    const handlers = ['stop_drawing_early_suspend', 'mms_ts_early_suspend', 's6e8aa0_early_suspend', 'omapfb_early_suspend', 'cpufreq_interactive_early_suspend'];
    const total = this.rng.spread(t.earlySuspendMs);
    for (const h of handlers) {
      if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.VERBOSE) tl.line(KERN.INFO, `early_suspend: calling ${h}`);
      tl.wait(total / handlers.length);
    }
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.SUSPEND) tl.line(KERN.INFO, 'early_suspend: sync');
    const release = inst.activity.screen === 'lockscreen' ? this.rng.spread(t.userspaceLockReleaseMs) : null;
    if (inst.activity.wifi === 'busy') {
      const tail = this.rng.spread([3500, 4500, 6000]) + (this.rng.chance(0.12) ? this.rng.exponential(7000) : 0);
      this.activity.trafficEndsAt = tl.t + tail;
    }
    tl.do(() => {
      if (inst !== this.current || inst.requestedState !== 3) return;
      // the screen is off: earlysuspend drops its `main` lock
      this.unlock(inst, 'main');
      if (release !== null) {
        this.activityTimers.push(this.queue.after(release, () => {
          if (inst === this.current && inst.requestedState === 3) this.unlock(inst, this.profile.wakelocks.userspace);
        }));
      }
      this.scheduleSuspendWork(0);
    });
  }

  private lateResume(inst: Instance): void {
    const tl = this.timeline(inst);
    const dbg = inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.SUSPEND;
    if (dbg) tl.line(KERN.INFO, 'late_resume: call handlers');
    tl.wait(this.rng.spread([20, 35, 60]));
    if (dbg) tl.line(KERN.INFO, 'late_resume: done');
    this.queue.cancel(this.suspendWork);
    this.suspendWork = null;
    this.lock(inst, 'main', null);
    this.activity.applyActivityLocks(inst);
  }

  /** Wakelock.c's suspend work: queued when a lock goes and on the way to sleep. */
  scheduleSuspendWork(delayMs: number): void {
    if (this.suspendWork) return;
    this.suspendWork = this.queue.after(delayMs, () => {
      this.suspendWork = null;
      this.suspendWorkRun();
    });
  }

  private suspendWorkRun(): void {
    const inst = this.current;
    if (!inst || this.phase !== 'awake' || inst.requestedState !== 3) return;
    const k = this.kernelMs(inst);
    const active = inst.wakelocks.active(k);
    const mode = this.page.switchMode;
    const skip = this.page.skipWakelock === FSW.SKIP && (mode === FSW.MODE.BOOT || mode === FSW.MODE.SUSPEND || mode === FSW.MODE.TERMINATE);
    const terminate = mode === FSW.MODE.TERMINATE && this.profile.controlInterface === 'fsw-notes';
    if (active.length > 0 && (skip || terminate)) {
      this.print(inst, KERN.INFO, 'Fastswitch: WARNING, wakelock still active');
      const r = this.pending?.record;
      if (r) {
        r.forced = true;
        this.truth.blockedBy(r, active.map((e) => e.name));
      }
    } else if (active.length > 0) {
      if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKEUP) {
        for (const e of active) {
          const left = inst.wakelocks.timeLeftJiffies(e, k);
          this.print(inst, KERN.INFO, left === null ? `active wake lock ${e.name}` : `active wake lock ${e.name}, time left ${left}`);
        }
      }
      if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) this.print(inst, KERN.INFO, 'suspend: abort suspend');
      if (this.pending) this.truth.blockedBy(this.pending.record, active.map((e) => e.name));
      this.armExpiry(inst);
      return;
    }
    // the first, silent sys_sync, then pm_suspend
    this.phase = 'suspending';
    const firstSync = this.rng.spread(this.profile.timing.firstSyncMs);
    this.queue.after(firstSync, () => this.enterSuspend(inst));
    this.changed();
  }

  private enterSuspend(inst: Instance): void {
    if (inst !== this.current) return;
    const record = this.pending?.record ?? this.truth.open({ kind: 'plain-suspend', mode: null, from: inst.id, to: inst.id, fromName: inst.name, toName: inst.name });
    this.inFlightClaim = this.pending?.claim ?? null;
    this.inFlight = record;
    this.pending = null;
    inst.suspendEntryWallS = Math.floor(this.wallMs() / 1000);
    runSuspend(this, inst, record);
  }

  /**
   * pm_suspend returned an error: the freezer (-16) keeps a switch request
   * pending for the next attempt; the noirq phase (-11) drops it.
   */
  suspendAborted(inst: Instance, record: GroundTruthRecord, where: 'freezer' | 'late'): void {
    this.phase = 'awake';
    const claim = this.inFlightClaim;
    this.inFlight = null;
    this.inFlightClaim = null;
    const ret = where === 'freezer' ? -16 : -11;
    if (record.mode !== null && where === 'freezer' && record.kind !== 'plain-suspend') {
      this.truth.anomaly(record, `suspend aborted in the freezer (ret ${ret}), retried`);
      delete record.boundaries.suspendStart;
      delete record.boundaries.devicesSuspended;
      record.drivers = [];
      this.pending = claim ? { record, claim } : { record };
    } else {
      this.truth.anomaly(record, where === 'late' ? `suspend aborted in the noirq phase (ret ${ret}): ${record.mode ? 'switch request dropped' : 'no sleep'}` : `suspend aborted in the freezer (ret ${ret})`);
      this.truth.close(record, record.mode ? 'failed' : 'aborted');
      if (claim && this.profile.controlInterface === 'fsw-notes') this.truth.anomaly(record, 'memory request abandoned');
    }
    // the lock that aborted it is still held: the next attempt waits for it (pitfall 10 of pm-log-formats.md)
    const k = this.kernelMs(inst);
    if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKEUP) {
      for (const e of inst.wakelocks.active(k)) {
        const left = inst.wakelocks.timeLeftJiffies(e, k);
        this.print(inst, KERN.INFO, left === null ? `active wake lock ${e.name}` : `active wake lock ${e.name}, time left ${left}`);
      }
    }
    this.armExpiry(inst);
    this.changed();
  }

  /** A wake event for a platform that really sleeps. */
  wake(inst: Instance, cause: string, powerKey: boolean): void {
    if (this.phase !== 'asleep' || inst !== this.current) return;
    this.queue.cancel(this.wakeTimer);
    this.wakeTimer = null;
    const record = this.inFlight ?? this.truth.open({ kind: 'plain-suspend', mode: null, from: inst.id, to: inst.id, fromName: inst.name, toName: inst.name });
    this.wokenByPower = powerKey;
    runResume(this, inst, inst, record, 'plain', { cause, powerKey });
  }

  /** A boot reached sys.boot_completed. */
  booted(inst: Instance): void {
    this.lock(inst, 'main', null);
    this.activity.applyActivityLocks(inst);
    // the warm reset power-cycled the chip, so a fresh kernel brings wifi up cleanly
    this.wifiChipOn = inst.activity.wifi !== 'off';
    this.changed();
  }

  /** request_suspend_state(PM_SUSPEND_ON) from the resume path: the line now, late resume after user space. */
  requestSuspendStateQuiet(inst: Instance, state: 0 | 3): void {
    const old = inst.requestedState;
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.USER_STATE) {
      const ns = Math.round(this.kernelMs(inst) * 1e6) + 2_534_000;
      this.print(inst, KERN.INFO, `request_suspend_state: ${state === 3 ? 'sleep' : 'wakeup'} (${old}->${state}) at ${ns} (${utc(this.wallMs())})`);
    }
    inst.requestedState = state;
    this.lateResumeDue = old === 3 && state === 0;
  }

  private lateResumeDue = false;
  private wokenByPower = false;

  /** The end of a resume: user space runs again. */
  resumed(to: Instance, from: Instance, record: GroundTruthRecord, kind: 'switch' | 'plain'): void {
    this.phase = 'awake';
    const exitS = Math.floor(this.wallMs() / 1000);
    // suspend_backoff (kernel/power/wakelock.c): ten suspends in a row that returned within a second
    if (exitS - to.suspendEntryWallS <= 1) {
      to.suspendShortCount++;
      if (to.suspendShortCount >= 10) {
        this.print(to, KERN.INFO, 'suspend: too many immediate wakeups, back off');
        this.lock(to, 'suspend_backoff', 10_000);
        to.suspendShortCount = 0;
        this.truth.anomaly(record, 'suspend back-off: 10 s');
      }
    } else to.suspendShortCount = 0;
    if (kind === 'switch') {
      if (to.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) this.print(to, KERN.INFO, 'suspend: pm_suspend returned with no event');
      this.lock(to, 'unknown_wakeups', 500);
      this.activity.checkDevicesAfterSwitch(to, from, record);
    }
    if (to.corrupted) this.queue.after(this.rng.spread([50, 300, 1500]), () => this.fsw.reportCorruption(to));
    const outcome = record.anomalies.some((a) => a.startsWith('switch cancelled')) ? 'aborted' : 'ok';
    this.truth.close(record, outcome);
    this.inFlight = null;
    const claim = this.inFlightClaim;
    this.inFlightClaim = null;
    if (claim && this.profile.controlInterface === 'fsw-notes') this.continueClaim(to, claim);
    if (this.lateResumeDue) {
      this.lateResumeDue = false;
      this.lateResume(to);
    } else if (kind === 'plain' && this.wokenByPower) {
      // PowerManagerService turns the screen on for the power key
      this.wokenByPower = false;
      this.requestSuspendState(to, 0);
    } else if (kind === 'plain' && to.requestedState === 3) {
      // woken with the screen off (an alarm): it does its work and sleeps again
      this.lock(to, 'alarm_rtc', this.rng.spread([300, 600, 1500]));
      this.activity.applyActivityLocks(to);
    }
    this.changed();
  }

  /** Memory-request round (fsw-notes): set by the control interface. */
  continueClaim(_inst: Instance, _claim: NonNullable<PendingRequest['claim']>): void {
    // replaced by the fsw-notes control interface (see fsw-notes.ts)
  }

  // ---- what the phone tells about itself --------------------------------------

  properties(): Record<string, string> {
    return phoneProperties(this);
  }

  state(): DeviceState {
    return deviceState(this);
  }
}
