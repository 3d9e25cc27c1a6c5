import type { DeviceState } from '../../common/domain/device-state';
import type { PlatformProfile } from '../../common/profile/platform-profile';
import { EventQueue, type Timer } from './event-queue';
import { FswPage } from './fsw-page';
import { GroundTruth, type GroundTruthRecord } from './ground-truth';
import { Instance, WAKELOCK_DEBUG } from './instance';
import { KERN, type ConsoleSink, type LogLevel } from './kernel-log';
import { MemoryBlocks } from './memory-blocks';
import { RandomSource } from './random-source';
import { DEFAULT_SCENARIO, type Scenario } from './scenario';
import { Timeline } from './timeline';
import { runResume } from './resume-sequence';
import { runBoot } from './boot-sequence';
import { FastswitchKernel } from './fastswitch-kernel';
import { deviceState, phoneProperties } from './phone-facts';
import { UserActivity } from './user-activity';
import { AndroidPower } from './android-power';

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
  wakeTimer: Timer | null = null;
  activityTimers: Timer[] = [];
  private readonly encoder = new TextEncoder();
  readonly uart: ConsoleSink;
  readonly activity: UserActivity;
  readonly power: AndroidPower;
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
    this.power = new AndroidPower(this);
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
    const epoch = this.epoch;
    return new Timeline(this.queue, start, inst, this.baud, () => this.epoch === epoch);
  }

  /** Power cycles so far: events planned before the last one are void. */
  epoch = 0;

  /** queue.after for the model's own work: dropped if the phone loses power first. */
  after(ms: number, fn: () => void): Timer {
    const epoch = this.epoch;
    return this.queue.after(ms, () => {
      if (this.epoch === epoch) fn();
    });
  }

  at(t: number, fn: () => void): Timer {
    const epoch = this.epoch;
    return this.queue.at(t, () => {
      if (this.epoch === epoch) fn();
    });
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
    this.epoch++;
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
    if (reason === 'reboot') this.after(this.rng.spread(this.profile.timing.bootloaderMs), () => this.powerOn());
  }

  private cancelTimers(): void {
    this.queue.cancel(this.power.suspendWork);
    this.queue.cancel(this.power.expiryTimer);
    this.queue.cancel(this.wakeTimer);
    for (const t of this.activityTimers) this.queue.cancel(t);
    this.activityTimers = [];
    this.power.suspendWork = this.power.expiryTimer = this.wakeTimer = null;
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
        this.power.scheduleSuspendWork(0);
      } else {
        this.power.requestSuspendState(inst, 0);
      }
    } else {
      this.power.requestSuspendState(inst, 3);
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
      if (attached) this.power.lock(inst, name, null);
      else this.power.unlock(inst, name);
    }
    this.changed();
  }

  // ---- wakelocks ------------------------------------------------------------

  // ---- earlysuspend and the suspend work (Android) ---------------------------------------------------------------

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
      const attempt = record.anomalies.filter((a) => a.startsWith('suspend aborted in the freezer')).length + 1;
      this.truth.anomaly(record, `suspend aborted in the freezer (ret ${ret}), retried (attempt ${attempt})`);
      delete record.boundaries.suspendStart;
      delete record.boundaries.devicesSuspended;
      record.drivers = [];
      this.pending = claim ? { record, claim } : { record };
    } else {
      this.truth.anomaly(record, where === 'late' ? `suspend aborted in the noirq phase (ret ${ret}): ${record.mode ? 'switch request dropped' : 'no sleep'}` : `suspend aborted in the freezer (ret ${ret})`);
      // A wakeup source stopped it (the wakelock the noirq check saw): aborted, as the log shows it, even when the request is lost.
      this.truth.close(record, 'aborted');
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
    this.power.armExpiry(inst);
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
    this.power.lock(inst, 'main', null);
    this.activity.applyActivityLocks(inst);
    // the warm reset power-cycled the chip, so a fresh kernel brings wifi up cleanly
    this.wifiChipOn = inst.activity.wifi !== 'off';
    this.changed();
  }

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
        this.power.lock(to, 'suspend_backoff', 10_000);
        to.suspendShortCount = 0;
        this.truth.anomaly(record, 'suspend back-off: 10 s');
      }
    } else to.suspendShortCount = 0;
    if (kind === 'switch') {
      if (to.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) this.print(to, KERN.INFO, 'suspend: pm_suspend returned with no event');
      this.power.lock(to, 'unknown_wakeups', 500);
      this.activity.checkDevicesAfterSwitch(to, from, record);
    }
    if (to.corrupted) this.after(this.rng.spread([50, 300, 1500]), () => this.fsw.reportCorruption(to));
    const outcome = record.anomalies.some((a) => a.startsWith('switch cancelled')) ? 'aborted' : 'ok';
    this.truth.close(record, outcome);
    this.inFlight = null;
    const claim = this.inFlightClaim;
    this.inFlightClaim = null;
    if (claim && this.profile.controlInterface === 'fsw-notes') this.continueClaim(to, claim);
    if (this.power.lateResumeDue) {
      this.power.lateResumeDue = false;
      this.power.lateResume(to);
    } else if (kind === 'plain' && this.wokenByPower) {
      // PowerManagerService turns the screen on for the power key
      this.wokenByPower = false;
      this.power.requestSuspendState(to, 0);
    } else if (kind === 'plain' && to.requestedState === 3) {
      // woken with the screen off (an alarm): it does its work and sleeps again
      this.power.lock(to, 'alarm_rtc', this.rng.spread([300, 600, 1500]));
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
