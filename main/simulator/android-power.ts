import type { Timer } from './event-queue';
import { FSW } from './fsw-page';
import { EARLYSUSPEND_DEBUG, WAKELOCK_DEBUG, type Instance } from './instance';
import { KERN } from './kernel-log';
import { utc } from './log-formats';
import type { PhoneModel } from './phone-model';
import { runSuspend } from './suspend-sequence';

/**
 * Android's power management in a 3.0 kernel: wakelocks with their expire
 * timers (kernel/power/wakelock.c), earlysuspend's request_suspend_state
 * (kernel/power/earlysuspend.c), and the suspend work that starts
 * pm_suspend once no lock holds the phone awake.
 */
export class AndroidPower {
  constructor(private readonly model: PhoneModel) {}

  suspendWork: Timer | null = null;

  expiryTimer: Timer | null = null;

  lateResumeDue = false;

  lock(inst: Instance, name: string, timeoutMs: number | null, user = false): void {
    const k = this.model.kernelMs(inst);
    inst.wakelocks.lock(name, k, timeoutMs, user);
    if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKE_LOCK && inst === this.model.current) {
      if (timeoutMs === null) this.model.print(inst, KERN.INFO, `wake_lock: ${name}, type 0`);
      else this.model.print(inst, KERN.INFO, `wake_lock: ${name}, type 0, timeout ${Math.floor(timeoutMs / 1000)}.${String(Math.floor(timeoutMs % 1000)).padStart(3, '0')}`);
    }
    if (timeoutMs !== null && inst === this.model.current) this.armExpiry(inst);
  }

  unlock(inst: Instance, name: string): boolean {
    const ok = inst.wakelocks.unlock(name, this.model.kernelMs(inst));
    if (ok && inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKE_LOCK && inst === this.model.current) this.model.print(inst, KERN.INFO, `wake_unlock: ${name}`);
    if (ok && inst === this.model.current) this.scheduleSuspendWork(0);
    return ok;
  }

  /** A timed lock's expire timer: when it fires, the suspend work runs again. */
  armExpiry(inst: Instance): void {
    this.model.queue.cancel(this.expiryTimer);
    this.expiryTimer = null;
    const next = inst.wakelocks.nextExpiry();
    if (next === null) return;
    this.expiryTimer = this.model.at(this.model.virtualAtKernel(inst, next), () => {
      this.expiryTimer = null;
      if (inst !== this.model.current) return;
      // the timer fired for `next`: float error must not leave the lock a hair short of expiring
      const expired = inst.wakelocks.expire(Math.max(this.model.kernelMs(inst), next));
      if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.EXPIRE) for (const e of expired) this.model.print(inst, KERN.INFO, `expired wake lock ${e.name}`);
      this.armExpiry(inst);
      if (expired.length > 0) this.scheduleSuspendWork(0);
    });
  }

  /** earlysuspend's request_suspend_state(): the screen goes off (3) or on (0). */
  requestSuspendState(inst: Instance, state: 0 | 3): void {
    const old = inst.requestedState;
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.USER_STATE) {
      const ns = Math.round(this.model.kernelMs(inst) * 1e6) + 2_534_000;
      this.model.print(inst, KERN.INFO, `request_suspend_state: ${state === 3 ? 'sleep' : 'wakeup'} (${old}->${state}) at ${ns} (${utc(this.model.wallMs())})`);
    }
    inst.requestedState = state;
    if (old === 0 && state === 3) this.earlySuspend(inst);
    else if (old === 3 && state === 0) this.lateResume(inst);
    this.model.changed();
  }

  earlySuspend(inst: Instance): void {
    const t = this.model.profile.timing;
    const tl = this.model.timeline(inst);
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.SUSPEND) tl.line(KERN.INFO, 'early_suspend: call handlers');
    const handlers = ['stop_drawing_early_suspend', 'mms_ts_early_suspend', 's6e8aa0_early_suspend', 'omapfb_early_suspend', 'cpufreq_interactive_early_suspend'];
    const total = this.model.rng.spread(t.earlySuspendMs);
    for (const h of handlers) {
      if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.VERBOSE) tl.line(KERN.INFO, `early_suspend: calling ${h}`);
      tl.wait(total / handlers.length);
    }
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.SUSPEND) tl.line(KERN.INFO, 'early_suspend: sync');
    const release = inst.activity.screen === 'lockscreen' ? this.model.rng.spread(t.userspaceLockReleaseMs) : null;
    if (inst.activity.wifi === 'busy') {
      const tail = this.model.rng.spread([3500, 4500, 6000]) + (this.model.rng.chance(0.12) ? this.model.rng.exponential(7000) : 0);
      this.model.activity.trafficEndsAt = tl.t + tail;
    }
    tl.do(() => {
      if (inst !== this.model.current || inst.requestedState !== 3) return;
      // the screen is off: earlysuspend drops its `main` lock
      this.unlock(inst, 'main');
      if (release !== null) {
        this.model.activityTimers.push(this.model.after(release, () => {
          if (inst === this.model.current && inst.requestedState === 3) this.unlock(inst, this.model.profile.wakelocks.userspace);
        }));
      }
      this.scheduleSuspendWork(0);
    });
  }

  lateResume(inst: Instance): void {
    const tl = this.model.timeline(inst);
    const dbg = inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.SUSPEND;
    if (dbg) tl.line(KERN.INFO, 'late_resume: call handlers');
    tl.wait(this.model.rng.spread([20, 35, 60]));
    if (dbg) tl.line(KERN.INFO, 'late_resume: done');
    this.model.queue.cancel(this.suspendWork);
    this.suspendWork = null;
    this.lock(inst, 'main', null);
    this.model.activity.applyActivityLocks(inst);
  }

  /** Wakelock.c's suspend work: queued when a lock goes and on the way to sleep. */
  scheduleSuspendWork(delayMs: number): void {
    if (this.suspendWork) return;
    this.suspendWork = this.model.after(delayMs, () => {
      this.suspendWork = null;
      this.suspendWorkRun();
    });
  }

  suspendWorkRun(): void {
    const inst = this.model.current;
    if (!inst || this.model.phase !== 'awake' || inst.requestedState !== 3) return;
    const k = this.model.kernelMs(inst);
    const active = inst.wakelocks.active(k);
    const mode = this.model.page.switchMode;
    const skip = this.model.page.skipWakelock === FSW.SKIP && (mode === FSW.MODE.BOOT || mode === FSW.MODE.SUSPEND || mode === FSW.MODE.TERMINATE);
    const terminate = mode === FSW.MODE.TERMINATE && this.model.profile.controlInterface === 'fsw-notes';
    if (active.length > 0 && (skip || terminate)) {
      this.model.print(inst, KERN.INFO, 'Fastswitch: WARNING, wakelock still active');
      const r = this.model.pending?.record;
      if (r) {
        r.forced = true;
        this.model.truth.blockedBy(r, active.map((e) => e.name));
      }
    } else if (active.length > 0) {
      if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKEUP) {
        for (const e of active) {
          const left = inst.wakelocks.timeLeftJiffies(e, k);
          this.model.print(inst, KERN.INFO, left === null ? `active wake lock ${e.name}` : `active wake lock ${e.name}, time left ${left}`);
        }
      }
      if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) this.model.print(inst, KERN.INFO, 'suspend: abort suspend');
      if (this.model.pending) this.model.truth.blockedBy(this.model.pending.record, active.map((e) => e.name));
      this.armExpiry(inst);
      return;
    }
    // the first, silent sys_sync, then pm_suspend
    this.model.phase = 'suspending';
    const firstSync = this.model.rng.spread(this.model.profile.timing.firstSyncMs);
    this.model.after(firstSync, () => this.enterSuspend(inst));
    this.model.changed();
  }

  enterSuspend(inst: Instance): void {
    if (inst !== this.model.current) return;
    const record = this.model.pending?.record ?? this.model.truth.open({ kind: 'plain-suspend', mode: null, from: inst.id, to: inst.id, fromName: inst.name, toName: inst.name });
    this.model.inFlightClaim = this.model.pending?.claim ?? null;
    this.model.inFlight = record;
    this.model.pending = null;
    inst.suspendEntryWallS = Math.floor(this.model.wallMs() / 1000);
    runSuspend(this.model, inst, record);
  }

  /** request_suspend_state(PM_SUSPEND_ON) from the resume path: the line now, late resume after user space. */
  requestSuspendStateQuiet(inst: Instance, state: 0 | 3): void {
    const old = inst.requestedState;
    if (inst.knobs.earlysuspendMask & EARLYSUSPEND_DEBUG.USER_STATE) {
      const ns = Math.round(this.model.kernelMs(inst) * 1e6) + 2_534_000;
      this.model.print(inst, KERN.INFO, `request_suspend_state: ${state === 3 ? 'sleep' : 'wakeup'} (${old}->${state}) at ${ns} (${utc(this.model.wallMs())})`);
    }
    inst.requestedState = state;
    this.lateResumeDue = old === 3 && state === 0;
  }
}
