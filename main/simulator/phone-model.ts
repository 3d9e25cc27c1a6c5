import type { DeviceState } from '../../common/domain/device-state';
import type { PlatformProfile } from '../../common/profile/platform-profile';
import { EventQueue, type Timer } from './event-queue';
import { FswPage, FSW } from './fsw-page';
import { GroundTruth, type GroundTruthRecord } from './ground-truth';
import { EARLYSUSPEND_DEBUG, Instance, WAKELOCK_DEBUG } from './instance';
import { KERN, type ConsoleSink, type LogLevel } from './kernel-log';
import { hex8, ptr, utc } from './log-formats';
import { MemoryBlocks } from './memory-blocks';
import { RandomSource } from './random-source';
import { DEFAULT_SCENARIO, type Activity, type Scenario } from './scenario';
import { Timeline } from './timeline';
import { runSuspend, type SwitchDecision } from './suspend-sequence';
import { runResume } from './resume-sequence';
import { runBoot } from './boot-sequence';

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
  private wakeTimer: Timer | null = null;
  private activityTimers: Timer[] = [];
  private readonly encoder = new TextEncoder();
  readonly uart: ConsoleSink;

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
      if (this.pending || this.blockedByUser(inst)) {
        // the notes: audio blocks the switch "but will suspend if power is pressed"
        this.releaseUserLocks(inst);
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

  private blockedByUser(inst: Instance): boolean {
    const k = this.kernelMs(inst);
    return inst.wakelocks.isActive(this.profile.wakelocks.audio, k) || inst.wakelocks.isActive(this.profile.wakelocks.userspace, k);
  }

  private releaseUserLocks(inst: Instance): void {
    const k = this.kernelMs(inst);
    for (const name of [this.profile.wakelocks.audio, this.profile.wakelocks.userspace]) {
      if (inst.wakelocks.isActive(name, k)) inst.wakelocks.unlock(name, k);
    }
    if (inst.activity.audio) inst.activity = { ...inst.activity, audio: false };
  }

  // ---- the user's activity --------------------------------------------------

  setActivity(inst: Instance, change: Partial<Activity>): void {
    const before = inst.activity;
    inst.activity = { ...before, ...change };
    if (change.wifi !== undefined && change.wifi !== before.wifi) this.changeWifi(inst, before.wifi, change.wifi);
    if (change.camera && !before.camera) this.openCamera(inst);
    if (inst === this.current && (this.phase === 'awake' || this.phase === 'booting')) this.applyActivityLocks(inst);
    this.changed();
  }

  private changeWifi(inst: Instance, from: Activity['wifi'], to: Activity['wifi']): void {
    if (inst !== this.current) return;
    if (from === 'off' && to !== 'off') {
      if (!inst.wifiUsable || this.wifiChipOn) {
        // paper §4: B expected the chip off, finds it on, and cannot bring it up
        this.print(inst, KERN.ERR, 'dhd_bus_devreset: chip already powered, unexpected state');
        this.print(inst, KERN.ERR, 'wl_android_wifi_on: Failed');
        inst.activity = { ...inst.activity, wifi: 'off' };
        inst.wifiUsable = false;
        this.anomalyNow(`wifi failed to enable in ${inst.name}: chip left powered by another instance`);
        return;
      }
      this.wifiChipOn = true;
      this.print(inst, KERN.INFO, 'wl_android_wifi_on: in');
    } else if (to === 'off' && from !== 'off') {
      this.wifiChipOn = false;
      inst.wifiUsable = true;
      this.print(inst, KERN.INFO, 'wl_android_wifi_off: in');
    }
  }

  private openCamera(inst: Instance): void {
    if (this.cameraOwner === null) this.cameraOwner = inst.id;
    if (this.cameraOwner !== inst.id) {
      this.print(inst, KERN.ERR, 'omap4iss omap4iss: ISS is in use by another instance: unexpected state, -16');
      inst.activity = { ...inst.activity, camera: false };
      this.anomalyNow(`camera failed in ${inst.name}: tied to instance ${this.cameraOwner}`);
    }
  }

  private anomalyNow(text: string): void {
    const r = this.pending?.record ?? this.inFlight ?? this.truth.lastRecord();
    if (r) this.truth.anomaly(r, text);
  }

  /** The locks the user's activity holds in a running, screen-on or waiting instance. */
  applyActivityLocks(inst: Instance): void {
    const w = this.profile.wakelocks;
    const k = this.kernelMs(inst);
    if (inst.activity.audio) this.lock(inst, w.audio, null, true);
    else if (inst.wakelocks.isActive(w.audio, k)) this.unlock(inst, w.audio);
    if (this.usbCable) this.lock(inst, w.usbCable, null);
    else if (inst.wakelocks.isActive(w.usbCable, k)) this.unlock(inst, w.usbCable);
    if (inst.requestedState === 0) this.lock(inst, w.userspace, null, true);
    else if (inst.activity.screen === 'app') this.lock(inst, w.userspace, null, true);
    if (inst.activity.wifi === 'busy') this.startTraffic(inst);
  }

  /** wifi busy: every received packet refreshes wlan_rx_wake (about one second of jiffies). */
  private startTraffic(inst: Instance): void {
    const w = this.profile.wakelocks.wifiRx;
    const tick = () => {
      if (inst !== this.current || inst.activity.wifi !== 'busy' || (this.phase !== 'awake' && this.phase !== 'booting')) return;
      // once the screen is off the transfer winds down: "5-6 seconds", sometimes much more
      if (inst.requestedState === 3 && this.trafficEndsAt !== null && this.now() >= this.trafficEndsAt) return;
      this.lock(inst, w, 1000);
      this.activityTimers.push(this.queue.after(this.rng.between(150, 450), tick));
    };
    if (this.trafficRunning) return;
    this.trafficRunning = true;
    tick();
    this.trafficRunning = false;
  }

  private trafficRunning = false;
  private trafficEndsAt: number | null = null;

  // ---- the control interface's effects ---------------------------------------

  /** A write to /d/fsw/switch was accepted: the screen goes dark now, the jump waits for the next suspend. */
  requestSwitch(inst: Instance, mode: number, target: number): void {
    const now = this.now();
    const line = 'Fastswitch: [switch] trying suspend';
    this.print(inst, KERN.INFO, line);
    const kind = mode === FSW.MODE.BOOT ? 'boot' : 'switch';
    const modeName = mode === FSW.MODE.BOOT ? 'boot' : mode === FSW.MODE.TERMINATE ? 'terminate' : 'suspend';
    const toName = this.instances.get(target)?.name ?? null;
    if (this.pending) {
      const r = this.pending.record;
      r.kind = kind;
      r.mode = modeName;
      r.to = target;
      r.toName = toName;
      this.truth.anomaly(r, 'request replaced by a newer one before the suspend');
    } else {
      const record = this.truth.open({ kind, mode: modeName, from: inst.id, to: target, fromName: inst.name, toName });
      this.truth.mark(record, 'request', { atMs: now, instance: inst.id, printk: inst.log.clock.seconds(now), line });
      this.pending = { record };
    }
    const wasOff = inst.requestedState === 3;
    this.requestSuspendState(inst, 3);
    if (wasOff && !inst.wakelocks.isActive('main', this.kernelMs(inst))) this.scheduleSuspendWork(0);
  }

  /** A memory-request round (fsw-notes) waits for its suspend like a switch. */
  requestClaim(inst: Instance, claim: NonNullable<PendingRequest['claim']>, target: number): void {
    this.page.targetInstance = target;
    this.page.switchMode = FSW.MODE.SUSPEND;
    this.requestSwitch(inst, FSW.MODE.SUSPEND, target);
    if (this.pending) {
      this.pending.claim = claim;
      this.pending.record.kind = 'section-transfer';
      this.pending.record.mode = 'mem-request';
    }
  }

  /** load_file's copy into physical memory: refused only where ioremap refuses (the running kernel's own lowmem). */
  loadImage(inst: Instance, addr: number, bytes: Uint8Array, nature: string, instance: number, path: string): { ok: true; value: undefined } | { ok: false; errno: 'EINVAL' } {
    const size = this.profile.sectionSize;
    const first = Math.floor(addr / size);
    const last = Math.floor((addr + Math.max(bytes.length, 1) - 1) / size);
    for (let i = first; i <= last; i++) {
      if (this.memory.isCore(inst.id, i) && this.memory.isOnline(inst.id, i)) return { ok: false, errno: 'EINVAL' };
    }
    const ramEnd = this.profile.ram.base + this.profile.ram.size;
    if (addr >= this.profile.ram.base && addr < ramEnd) {
      this.page.load({ start: addr, bytes, nature, instance, path });
      for (let i = first; i <= last; i++) {
        const b = this.memory.get(i);
        if (!b || b.info.fixedOwner === 'shared' || b.info.fixedOwner === 'reserved') continue;
        // the notes' Oct 12 bug: no check that the memory is free
        for (const id of b.onlineIn) {
          const victim = this.instances.get(id);
          if (victim) this.corrupt(victim, `load_file wrote ${path} over section ${i}, still online in ${victim.name}`);
        }
      }
    }
    if (instance <= FSW.INST_MAX && instance >= 0) {
      // instance 0's "page" is the header itself: `kernel` with no instance lands on skip_wakelock
      const pageBase = this.page.base + (instance << FSW.INST_SHIFT);
      if (nature === 'kernel') this.page.writeWord(pageBase + 0x10, addr);
      else if (nature === 'param') this.page.writeWord(pageBase, addr);
    }
    this.changed();
    return { ok: true, value: undefined };
  }

  /** Odds that offlining a movable block fails: low, until the instance runs short of memory. */
  offlineOdds(inst: Instance): { busy: number; timeout: number } {
    const left = this.memory.onlineMovable(inst.id);
    return { busy: left <= 3 ? 0.25 : 0.02, timeout: left <= 3 ? 0.05 : 0.005 };
  }

  /** getprop of the running instance. */
  properties(): Record<string, string> {
    const inst = this.current ?? this.instances.get(1)!;
    const p = this.profile;
    const sdk = inst.profile.android?.startsWith('4.1') ? '16' : inst.profile.android?.startsWith('4.0') ? '15' : '';
    return {
      'ro.product.model': p.model,
      'ro.product.device': p.device,
      'ro.product.name': p.product,
      'ro.product.board': p.board,
      'ro.product.brand': 'google',
      'ro.product.manufacturer': 'samsung',
      'ro.hardware': p.board,
      'ro.build.product': p.device,
      'ro.build.version.release': inst.profile.android ?? '',
      'ro.build.version.sdk': sdk,
      'ro.build.id': inst.profile.buildId ?? '',
      'ro.build.fingerprint': inst.profile.buildFingerprint ?? '',
      'ro.build.type': 'userdebug',
      'ro.serialno': '0149C7D80F01A00A',
      'ro.secure': '0',
      'ro.debuggable': '1',
      'ro.kernel.release': inst.profile.kernelRelease,
      'sys.boot_completed': inst.androidUp ? '1' : '',
      'fsw.instance': String(inst.id),
      'fsw.instance.name': inst.name,
    };
  }

  // ---- requests ---------------------------------------------------------------

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
      this.trafficEndsAt = tl.t + tail;
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
    this.applyActivityLocks(inst);
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
   * suspend_enter()'s Fastswitch checks (K:suspend.c L145-261), made when the
   * devices are suspended: switch, boot, or an ordinary suspend.
   */
  decide(inst: Instance): SwitchDecision {
    const p = this.page;
    const [lo, hi] = this.profile.jumpLimits;
    const mode = p.switchMode;
    const target = p.targetInstance;
    const inRange = (a: number) => a >= lo && a <= hi;
    const paramsAt = ptr(0xfe000000 + (target << FSW.INST_SHIFT));
    const skipped = (lines: string[]): SwitchDecision => {
      p.switchMode = FSW.MODE.NULL;
      return { kind: 'skip', lines };
    };
    if (mode === FSW.MODE.BOOT) {
      if (target < 2 || target > FSW.INST_MAX) return skipped([`Fastswitch: boot mode, specify an instance number (read ${target})`]);
      const page = p.pages[target]!;
      const lines = [`Fastswitch: boot mode, instance ${target} (params at ${paramsAt})`];
      const z = page.jumpAddress[0] ?? 0;
      if (!inRange(z)) {
        page.jumpAddress[0] = FSW.BLANK;
        return skipped([...lines, `Fastswitch: zImage address [${hex8(z)}] is out of limits`]);
      }
      if (!p.zImageAt(z)) return skipped([...lines, `Fastswitch: Failed to find magic number for zImage [${hex8(z)}]`]);
      p.allowCore[0] = FSW.FLAG;
      return { kind: 'boot', target, lines: [...lines, `Fastswitch: Found zImage at [${hex8(z)}], ready to switch-boot`] };
    }
    if (mode === FSW.MODE.SUSPEND || mode === FSW.MODE.TERMINATE) {
      if (target < 1 || target > FSW.INST_MAX) return skipped([`Fastswitch: switch-suspend mode, specify an instance number (read ${target})`]);
      const page = p.pages[target]!;
      const lines = [`Fastswitch: switch-suspend mode, boot instance ${target.toString(16)} (params at ${paramsAt})`];
      const j = page.jumpAddress[0] ?? 0;
      if (!inRange(j)) return skipped([...lines, `Fastswitch: core0 switch address [${hex8(j)}] is out of limits`]);
      for (let c = 0; c < this.profile.cpus; c++) p.allowCore[c] = FSW.FLAG;
      return { kind: mode === FSW.MODE.TERMINATE ? 'terminate' : 'switch', target, lines: [...lines, `Fastswitch: ready to switch-suspend to instance ${target}`] };
    }
    void inst;
    return { kind: 'none', lines: ['Fastswitch: no switch detected'] };
  }

  /** After the hand-over the target kernel's resume address runs. A target that is not there hangs the phone. */
  handOver(from: Instance, decision: SwitchDecision, record: GroundTruthRecord): void {
    const t = this.profile.timing;
    from.log.clock.stop(this.now());
    from.sleptAtWallMs = this.wallMs();
    from.status = 'sleeping';
    this.phase = 'handover';
    this.changed();
    if (decision.kind === 'boot') {
      this.queue.after(this.rng.spread(t.bootloaderMs), () => this.warmReset(from, decision.target, record));
      return;
    }
    if (decision.kind === 'switch' || decision.kind === 'terminate') {
      const to = this.instances.get(decision.target);
      const delay = this.rng.spread(t.handoverMs);
      if (!to || (to.status !== 'sleeping' && to !== from)) {
        // jumping to an address no kernel sleeps at: the phone hangs until the watchdog resets it
        this.truth.anomaly(record, `switch to instance ${decision.target}, which is not loaded: phone hung`);
        this.queue.after(delay + 30_000, () => {
          this.truth.close(record, 'failed');
          this.inFlight = null;
          this.powerOff('reboot');
        });
        return;
      }
      if (decision.kind === 'terminate') this.terminated = from;
      this.queue.after(delay, () => runResume(this, to, from, record, 'switch'));
      return;
    }
    // an ordinary suspend: the platform really sleeps until something wakes it
    this.phase = 'asleep';
    this.changed();
    const alarm = this.rng.spread([20_000, 45_000, 120_000]);
    this.wakeTimer = this.queue.after(alarm, () => this.wake(from, 'IRQ 36, rtc_twl6030', false));
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

  /** Set while a TERMINATE hand-over is on its way: the instance that ends. */
  terminated: Instance | null = null;

  /** A wake event for a platform that really sleeps. */
  wake(inst: Instance, cause: string, powerKey: boolean): void {
    if (this.phase !== 'asleep' || inst !== this.current) return;
    this.queue.cancel(this.wakeTimer);
    this.wakeTimer = null;
    const record = this.inFlight ?? this.truth.open({ kind: 'plain-suspend', mode: null, from: inst.id, to: inst.id, fromName: inst.name, toName: inst.name });
    this.wokenByPower = powerKey;
    runResume(this, inst, inst, record, 'plain', { cause, powerKey });
  }

  /** BOOT: warm reset through the boot loader, then the master's zImage head jumps to the child. */
  private warmReset(from: Instance, target: number, record: GroundTruthRecord): void {
    for (const r of this.profile.bootloaderRanges) {
      for (const img of this.page.overwrite(r.start, r.size)) {
        this.truth.anomaly(record, `boot loader overwrote ${img.path} at ${hex8(img.start)} (${r.name})`);
      }
    }
    const page = this.page.pages[target]!;
    const z = page.jumpAddress[0] ?? 0;
    const child = this.instances.get(target);
    if (this.page.magic !== FSW.MAGIC || this.page.switchMode !== FSW.MODE.BOOT || !this.page.zImageAt(z) || !child) {
      // the decompressor finds nothing to jump to: the master boots afresh, and every sleeping instance is lost
      this.truth.anomaly(record, 'no zImage at the jump address after the reset: the master booted afresh, sleeping instances lost');
      this.truth.close(record, 'failed');
      this.inFlight = null;
      for (const i of this.instances.values()) {
        i.status = 'absent';
        this.memory.forget(i.id);
      }
      this.memory.bootMaster();
      this.page.wipe();
      runBoot(this, this.instances.get(1)!, null);
      return;
    }
    void from;
    this.page.allowCore[0] = FSW.BLANK;
    runBoot(this, child, record);
  }

  /** The ATAG list the boot loader hands the master (ATAG_CORE, ATAG_MEM, ATAG_CMDLINE, ATAG_NONE). */
  masterAtags(): Uint8Array {
    const words: number[] = [];
    words.push(5, 0x54410001, 1, 4096, 0);
    words.push(4, 0x54410002, this.profile.ram.size >>> 0, this.profile.ram.base >>> 0);
    const cmd = new TextEncoder().encode(`${this.instances.get(1)!.profile.cmdline} androidboot.serialno=0149C7D80F01A00A androidboot.bootloader=PRIMELA03\0`);
    const padded = new Uint8Array(Math.ceil(cmd.length / 4) * 4);
    padded.set(cmd);
    words.push(2 + padded.length / 4, 0x54410009);
    const view = new DataView(padded.buffer);
    for (let i = 0; i < padded.length; i += 4) words.push(view.getUint32(i, true));
    words.push(0, 0);
    const out = new Uint8Array(words.length * 4);
    const dv = new DataView(out.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
    return out;
  }

  /** Memory of `inst` was overwritten or is used twice: it reports it when it next runs. */
  corrupt(inst: Instance, reason: string): void {
    if (!inst.corrupted) inst.corrupted = reason;
    const r = this.inFlight ?? this.pending?.record ?? this.truth.lastRecord();
    if (r) this.truth.anomaly(r, `memory corruption in ${inst.name}: ${reason}`);
    if (inst === this.current && (this.phase === 'awake' || this.phase === 'booting')) {
      this.queue.after(this.rng.spread([200, 800, 3000]), () => this.reportCorruption(inst));
    }
  }

  /** How a kernel notices that its pages were overwritten. */
  reportCorruption(inst: Instance): void {
    if (!inst.corrupted || inst !== this.current || (this.phase !== 'awake' && this.phase !== 'booting')) return;
    const pfn = (0x90000 + this.rng.int(0, 0x15fff)).toString(16);
    this.print(inst, KERN.ALERT, `BUG: Bad page state in process system_server  pfn:${pfn}`);
    this.print(inst, KERN.ALERT, `page:c${this.rng.int(0x1000000, 0x1ffffff).toString(16)} count:0 mapcount:0 mapping:  (null) index:0x0`);
    this.print(inst, KERN.ALERT, 'page flags: 0x0()');
    inst.corrupted = null;
  }

  /** Bytes of System RAM an instance has online (removed carve-outs taken out). */
  systemRamBytes(inst: Instance): number {
    let bytes = 0;
    for (const info of this.memory.sections) {
      if (!this.memory.isOnline(inst.id, info.index)) continue;
      bytes += info.size;
      for (const c of this.profile.carveOuts) {
        if (c.how !== 'removed') continue;
        const lo = Math.max(info.start, c.start);
        const hi = Math.min(info.start + info.size, c.start + c.size);
        if (hi > lo) bytes -= hi - lo;
      }
    }
    return bytes;
  }

  /** A boot reached sys.boot_completed. */
  booted(inst: Instance): void {
    this.lock(inst, 'main', null);
    this.applyActivityLocks(inst);
    // the warm reset power-cycled the chip, so a fresh kernel brings wifi up cleanly
    this.wifiChipOn = inst.activity.wifi !== 'off';
    this.changed();
  }

  /** The resumed kernel's Fastswitch bookkeeping (K:suspend.c L317-349). */
  switchedIn(to: Instance, from: Instance): void {
    this.page.currentInstance = to.id;
    this.page.targetInstance = 0;
    this.page.switchMode = 0;
    for (let c = 0; c < 4; c++) this.page.allowCore[c] = FSW.BLANK;
    if (this.terminated === from && from !== to) {
      this.memory.forget(from.id);
      this.claimTerminated(to, from);
      from.status = 'absent';
      this.terminated = null;
    }
    if (!this.inFlightClaim || this.inFlightClaim.requester === to.id) this.requestSuspendStateQuiet(to, 0);
  }

  /** TERMINATE: the master takes back every section the ended instance owned (fsw-notes). */
  private claimTerminated(master: Instance, _ended: Instance): void {
    for (const b of this.memory.blocks.values()) {
      if (b.info.fixedOwner === null && b.owner === 0 && b.onlineIn.size === 0 && this.memory.knows(master.id, b.info.index)) {
        this.memory.online(master.id, b.info.index);
      }
    }
  }

  /** request_suspend_state(PM_SUSPEND_ON) from the resume path: the line now, late resume after user space. */
  private requestSuspendStateQuiet(inst: Instance, state: 0 | 3): void {
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
      this.checkDevicesAfterSwitch(to, from, record);
    }
    if (to.corrupted) this.queue.after(this.rng.spread([50, 300, 1500]), () => this.reportCorruption(to));
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
      this.applyActivityLocks(to);
    }
    this.changed();
  }

  /** Devices that stay powered carry one kernel's state into the other (paper §4, notes §4.1 and 4.8). */
  private checkDevicesAfterSwitch(to: Instance, from: Instance, record: GroundTruthRecord): void {
    if (to === from) return;
    const wants = to.activity.wifi !== 'off';
    if (wants !== this.wifiChipOn) {
      if (wants) {
        this.print(to, KERN.ERR, 'dhd_bus_resume: chip powered down by another instance, wifi dead');
        to.activity = { ...to.activity, wifi: 'off' };
        to.wifiUsable = false;
        this.truth.anomaly(record, `wifi state mismatch: ${to.name} expected the chip on, ${from.name} left it off`);
      } else {
        to.wifiUsable = false;
        this.truth.anomaly(record, `wifi state mismatch: ${from.name} left the chip on, enabling wifi in ${to.name} will fail`);
      }
    }
    if (to.wifiTornDown) {
      this.print(to, KERN.ERR, 'dhd_bus_rxctl: resumed timeout, firmware crashed: restarting wifi');
      to.wifiTornDown = false;
      this.truth.anomaly(record, `wifi of ${to.name} crashed and restarted after the forced switch`);
    }
    if (to.audioBroken) {
      this.print(to, KERN.ERR, 'omap-abe-twl6040: ABE in unexpected state after resume, audio unusable');
      to.activity = { ...to.activity, audio: false };
      this.truth.anomaly(record, `audio of ${to.name} broken by the forced switch`);
    }
  }

  /** Memory-request round (fsw-notes): set by the control interface. */
  continueClaim(_inst: Instance, _claim: NonNullable<PendingRequest['claim']>): void {
    // replaced by the fsw-notes control interface (see fsw-notes.ts)
  }

  // ---- state ------------------------------------------------------------------

  state(): DeviceState {
    const at = this.now();
    const inst = this.current;
    const sections = this.memory.sections.map((info) => {
      const b = this.memory.get(info.index)!;
      const onlineIn = [...b.onlineIn].sort((x, y) => x - y);
      let owner: DeviceState['sections'][number]['owner'] = null;
      if (info.fixedOwner === 'reserved') owner = 'reserved';
      else if (info.fixedOwner === 'shared') owner = 'shared';
      else if (b.owner >= 1 && b.owner <= 3) owner = b.owner;
      return { index: info.index, start: info.start, size: info.size, owner, onlineIn, zone: info.zone, ...(info.note ? { note: info.note } : {}) };
    });
    return {
      model: this.profile.model,
      runningInstance: inst && this.phase !== 'off' ? inst.id : null,
      instances: [...this.instances.values()].map((i) => ({ id: i.id, name: i.name, kernel: i.profile.kernelRelease, android: i.profile.android, status: i.status })),
      sections,
      screen: inst && inst.requestedState === 0 && this.phase === 'awake' ? 'on' : 'off',
      wakelocks: inst ? inst.wakelocks.active(this.kernelMs(inst, at)).map((e) => e.name) : [],
    };
  }
}
