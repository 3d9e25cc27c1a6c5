import { newCycle, type AbortPhase, type Cycle, type Point } from './cycle';
import { recordDriverCall, recordDriverReturn, settleDriverPhases } from './driver-times';
import { WakelockWait } from './wakelock-wait';
import { Ev as EvImport, TotalPhase, WakeKind as WakeKindImport, type PmEvent } from './pm-events';

// Local aliases: imported bindings are getters under a CommonJS transform, and this runs per line.
const Ev = EvImport;
const WakeKind = WakeKindImport;

/**
 * The streaming state machine that turns classified lines into cycles
 * (DESIGN §6, pm-log-formats.md §4, §7). One pass, constant state per open
 * cycle: a cycle is emitted as soon as its visible boundary (or what ends it)
 * is read, and then forgotten.
 */
type Stage = 'idle' | 'suspending' | 'platform' | 'resuming' | 'aborting' | 'thawed';

/** Lines to wait after `Restarting tasks … done.` for an exit line before closing without it. */
const EXIT_WAIT_LINES = 400;
/** Bounds on what one cycle may collect, so a runaway log cannot grow memory. */
const MAX_WAKELOCKS = 64;
const MAX_ANOMALIES = 32;

interface LineInfo {
  line: number;
  kernelTime: number | null;
  hostTimeMs: number | null;
  instance: number | null;
  clock: number;
}

export class CycleMachine {
  private cycle: Cycle | null = null;
  private stage: Stage = 'idle';
  private readonly wait: WakelockWait;
  private transferRequester: number | null | undefined = undefined;
  /** The requester printed that it claimed the sections: the transfer ends with the cycle in progress. */
  private transferEnded = false;
  /** An Android wakelock kernel prints `suspend: exit suspend` after every attempt. */
  private android = false;
  private openRestart = false;
  /** This kernel closes cycles at the thaw, with no exit line (pre-4.15 upstream). */
  private noExitLine = false;
  private thawedLines = 0;
  private suspendingInstance: number | null = null;
  private suspendingClock = 0;
  /** The last line of the suspending kernel: becomes the hand-over when the wake is seen. */
  private last: LineInfo = { line: 0, kernelTime: null, hostTimeMs: null, instance: null, clock: 0 };
  private cur: LineInfo = { line: 0, kernelTime: null, hostTimeMs: null, instance: null, clock: 0 };

  /** `hz`: the kernel's jiffies per second (CONFIG_HZ; 128 on tuna), for `time left N`. */
  constructor(
    private readonly emit: (cycle: Cycle) => void,
    hz = 128,
  ) {
    this.wait = new WakelockWait(hz);
  }

  private point(): Point {
    const c = this.cur;
    return { line: c.line, kernelTime: c.kernelTime, hostTimeMs: c.hostTimeMs, instance: c.instance, clock: c.clock };
  }

  /**
   * One line. `instanceChanged`/`booted` come from the InstanceTracker for this same line.
   */
  line(e: PmEvent, line: number, kernelTime: number | null, hostTimeMs: number | null, instance: number | null, clock: number, instanceChanged: boolean, booted: boolean): void {
    const cur = this.cur;
    cur.line = line;
    cur.kernelTime = kernelTime;
    cur.hostTimeMs = hostTimeMs;
    cur.instance = instance;
    cur.clock = clock;
    if (this.cycle) this.cycle.lastLine = line;
    if (booted) this.onBoot();
    else if (instanceChanged && this.cycle && (this.stage === 'suspending' || this.stage === 'platform') && this.cycle.kind !== 'plain-suspend') this.onWake(this.cycle);
    const cycle = this.cycle;

    const code = e.code;
    if (code === Ev.NONE) {
      if (this.stage === 'thawed') this.thawedTick();
      this.noteLast();
      return;
    }
    if (code >= Ev.FSW_REQUEST && code <= Ev.FSW_TRANSFER) this.android = true;
    switch (code) {
      case Ev.FSW_REQUEST:
        this.closeThawed();
        this.wait.switchRequested(this.point());
        break;
      case Ev.REQ_SLEEP:
        this.android = true;
        this.closeThawed();
        // `(3->3)` asks nothing new; a Fastswitch request already started the wait.
        if (e.a !== 3 && this.stage === 'idle') this.wait.sleepRequested(this.point());
        break;
      case Ev.REQ_WAKEUP:
        this.android = true;
        // A booting child is visible when its PowerManagerService turns the screen on.
        if (cycle && cycle.kind === 'boot' && this.stage === 'resuming' && cycle.bootKernelReady) {
          this.finish(cycle, this.point());
          break;
        }
        // The screen came back before any suspend: that sleep request is over.
        if (this.stage === 'idle') this.wait.wokeUp();
        break;
      case Ev.ACTIVE_WAKELOCK:
        this.android = true;
        this.closeThawed();
        if (cycle && this.stage !== 'idle' && this.stage !== 'thawed') {
          // Printed by the freezer or the noirq check: it is what aborts this attempt.
          this.pushLock(cycle.blockingWakelocks, e.name);
          this.noteAbortLock(cycle, e.name);
        } else this.wait.lockActive(e.name, e.a);
        break;
      case Ev.WAKELOCK_RELEASED:
        this.android = true;
        if (this.stage === 'idle' || this.stage === 'thawed') this.wait.lockReleased(e.name);
        break;
      case Ev.FSW_FORCED:
        this.wait.forced = true;
        if (cycle) cycle.forced = true;
        break;
      case Ev.FSW_TRANSFER:
        // `[claim] claimed N sections` ends a transfer; every other transfer line starts or continues one.
        if (e.flag) {
          if (cycle && cycle.kind === 'section-transfer') this.transferEnded = true;
          else this.transferRequester = undefined;
        } else this.transferRequester = instance;
        break;
      case Ev.SUSPEND_ENTER:
        this.android = true;
        this.startCycle(true);
        break;
      case Ev.PM_SUSPEND_ENTRY: {
        const c = this.startCycle(true);
        if (e.name === 'deep' || e.name === 's2idle' || e.name === 'shallow') c.sleepState = e.name;
        break;
      }
      case Ev.SYNC:
        this.openRestart = false;
        // After `suspend: enter suspend` the sync is part of the same cycle.
        if (!(cycle && this.stage === 'suspending' && !cycle.freezeStart)) this.startCycle(false);
        break;
      case Ev.PREPARING:
      case Ev.FREEZE_START: {
        if (code === Ev.FREEZE_START) this.openRestart = false;
        const c = this.ensureSuspending('freeze start');
        if (!c.freezeStart) c.freezeStart = this.point();
        break;
      }
      case Ev.FREEZE_ABORT:
      case Ev.FREEZE_FAILED: {
        const c = this.ensureSuspending('freezer abort');
        this.setAbort(c, 'freeze', code === Ev.FREEZE_ABORT ? 'wakeup event or wakelock during freezing (-16)' : 'tasks refusing to freeze', code === Ev.FREEZE_FAILED);
        break;
      }
      case Ev.ENTERING:
      case Ev.CONSOLE_SUSPEND: {
        const c = this.ensureSuspending('device suspend');
        if (!c.devicesStart) c.devicesStart = this.point();
        break;
      }
      case Ev.PHASE_TOTAL:
        this.onTotal(e);
        break;
      case Ev.DEVICES_FAILED_SUSPEND: {
        const c = this.ensureSuspending('device suspend failure');
        this.setAbort(c, 'deviceSuspend', 'Some devices failed to suspend', this.deviceFailed());
        break;
      }
      case Ev.DEVICES_FAILED_POWER_DOWN: {
        const c = this.ensureSuspending('noirq failure');
        this.setAbort(c, 'lateSuspend', 'Some devices failed to power down', this.deviceFailed());
        break;
      }
      case Ev.DEVICE_FAILED:
        if (cycle) {
          this.deviceError = e.a;
          this.anomaly(cycle, `device ${e.name} failed (error ${e.a}) at line ${line}`);
          this.noteAbortLock(cycle, `device ${e.name} (error ${e.a})`);
        }
        break;
      case Ev.POWER_SUSPEND_LATE:
        // power.0's noirq check found a wakelock: a wakeup source, not a broken device.
        if (cycle && e.a !== 0) this.wakelockInNoirq = true;
        break;
      case Ev.FSW_NO_SWITCH:
        if (cycle) {
          if (cycle.kind !== 'plain-suspend' && !cycle.outcomeFailed) this.anomaly(cycle, 'a switch was requested but the kernel did an ordinary suspend (`Fastswitch: no switch detected`)');
          if (!cycle.outcomeFailed) cycle.kind = 'plain-suspend';
          if (!cycle.devicesSuspended) cycle.devicesSuspended = this.point();
        }
        break;
      case Ev.FSW_SWITCH_MODE:
      case Ev.FSW_READY: {
        const c = this.ensureSuspending('switch-suspend');
        if (c.kind === 'plain-suspend') c.kind = this.transferRequester !== undefined ? 'section-transfer' : 'switch';
        if (e.a > 0) c.to = e.a;
        if (code === Ev.FSW_READY && !c.devicesSuspended) c.devicesSuspended = this.point();
        break;
      }
      case Ev.FSW_BOOT_MODE: {
        const c = this.ensureSuspending('switch-boot');
        c.kind = 'boot';
        if (e.a > 0) c.to = e.a;
        break;
      }
      case Ev.FSW_BOOT_READY:
        if (cycle && !cycle.devicesSuspended) cycle.devicesSuspended = this.point();
        break;
      case Ev.FSW_CONFIG_ERROR:
        if (cycle) {
          cycle.kind = cycle.kind === 'plain-suspend' ? 'switch' : cycle.kind;
          cycle.outcomeFailed = true;
          this.anomaly(cycle, `switch cancelled by a configuration error at line ${line}; the phone suspended anyway`);
          this.wait.dropSwitch();
        }
        break;
      case Ev.FSW_CANCEL:
        if (cycle) {
          this.anomaly(cycle, `switch dropped: \`Fastswitch: suspend did not occur, cancelling\` at line ${line}`);
          if (!cycle.abort) this.setAbort(cycle, 'lateSuspend', 'suspend did not occur (noirq or CPU offlining failed)', false);
        }
        this.wait.dropSwitch();
        break;
      case Ev.CPU_DOWN_FAILED:
        // The CPUs come back up (`Enabling non-boot CPUs`) in the same kernel: no hand-over.
        if (cycle && (this.stage === 'platform' || this.stage === 'suspending')) this.setAbort(cycle, 'platform', 'non-boot CPUs could not be taken down', true);
        break;
      case Ev.DISABLING_CPUS:
        if (cycle && this.stage === 'suspending' && !cycle.abort) this.stage = 'platform';
        break;
      case Ev.WAKE:
        this.onWakeLine(e);
        break;
      case Ev.FSW_RESUMED:
        if (cycle && (this.stage === 'resuming' || this.stage === 'platform' || this.stage === 'suspending')) {
          if (!cycle.wake) this.onWake(cycle);
          if (e.a > 0) cycle.from = e.a;
          if (e.b > 0) cycle.to = e.b;
          if (cycle.kind === 'plain-suspend') cycle.kind = this.transferRequester !== undefined ? 'section-transfer' : 'switch';
        }
        break;
      case Ev.WAKEUP_WAKELOCK:
        this.android = true;
        if (cycle && cycle.wakeReasons.length < MAX_WAKELOCKS) cycle.wakeReasons.push(`wakeup wake lock: ${e.name}`);
        break;
      case Ev.FINISHING:
        if (cycle && (this.stage === 'resuming' || this.stage === 'aborting') && !cycle.thawStart) cycle.thawStart = this.point();
        break;
      case Ev.RESTARTING:
        if (cycle && (this.stage === 'resuming' || this.stage === 'aborting' || this.stage === 'suspending')) {
          if (!cycle.thawStart) cycle.thawStart = this.point();
          if (e.flag) this.thawDone(cycle);
          else this.openRestart = true;
        }
        break;
      case Ev.DONE:
        if (this.openRestart && cycle && !cycle.thawDone) this.thawDone(cycle);
        this.openRestart = false;
        break;
      case Ev.SUSPEND_EXIT:
        this.android = true;
        if (cycle) {
          cycle.exitRet = e.a;
          if (e.a !== 0 && !cycle.abort) this.setAbort(cycle, this.stage === 'suspending' ? 'freeze' : 'platform', `pm_suspend returned ${e.a}`, false);
          this.finish(cycle, this.point());
        }
        break;
      case Ev.PM_SUSPEND_EXIT:
        if (cycle) this.finish(cycle, this.point());
        break;
      case Ev.BOOT_DONE:
        // The child's kernel hands over to init; Android is up when the screen is turned on (REQ_WAKEUP).
        if (cycle && cycle.kind === 'boot' && this.stage === 'resuming') cycle.bootKernelReady = this.point();
        break;
      case Ev.DEV_CALL:
        if (cycle && this.stage !== 'idle') {
          if (this.stage === 'suspending' && !cycle.devicesStart && cycle.freezeStart) cycle.devicesStart = this.point();
          recordDriverCall(cycle, e, line);
        }
        break;
      case Ev.DEV_RET:
        if (cycle && this.stage !== 'idle') recordDriverReturn(cycle, e, line);
        break;
      default:
        break;
    }
    if (this.stage === 'thawed' && code !== Ev.SUSPEND_EXIT) this.thawedTick();
    this.noteLast();
  }

  /** Last `PM: Device X failed …: error N` of this cycle. */
  private deviceError: number | null = null;
  private wakelockInNoirq = false;

  /**
   * Failed (a device's fault) or aborted (a wakeup source)? A wakeup event aborts without a
   * device error line; -11 (EAGAIN) is Android's power.0 wakelock check; anything else a
   * device printed is that device failing.
   */
  private deviceFailed(): boolean {
    if (this.wakelockInNoirq) return false;
    return this.deviceError !== null && this.deviceError !== -11;
  }

  /** The source lost lines here (a `gap` record): whatever cycle is open says so. */
  gap(line: number, text: string): void {
    if (this.cycle) this.anomaly(this.cycle, `the log has a gap at line ${line}${text ? ` (${text})` : ''}: boundaries inside it may be missing`);
  }

  /** End of stream: an open cycle is emitted as incomplete, with what is missing said. */
  end(): void {
    const cycle = this.cycle;
    if (cycle) {
      if (this.stage === 'thawed') this.closeThawed();
      else if (this.closeBootAtKernelReady(cycle)) return;
      else {
        cycle.incomplete = true;
        this.anomaly(cycle, `log ended during ${this.stageWords()}`);
        this.emitCycle(cycle);
      }
    } else if (this.wait.request && this.wait.isSwitch) {
      const request = this.wait.request;
      const c = newCycle(request.line);
      c.kind = 'switch';
      c.from = request.instance;
      c.request = request;
      c.blockingWakelocks = this.wait.pendingLocks();
      c.incomplete = true;
      c.lastLine = this.cur.line;
      this.anomaly(c, 'switch requested but no suspend started before the log ended (blocked by wakelocks?)');
      this.wait.settle();
      this.emit(c);
    }
  }

  private stageWords(): string {
    switch (this.stage) {
      case 'suspending':
        return 'suspend (before the platform hand-over)';
      case 'platform':
        return 'platform suspend (no wake line followed)';
      case 'resuming':
        return 'resume (not visible yet)';
      case 'aborting':
        return 'an aborted attempt';
      default:
        return this.stage;
    }
  }

  private noteLast(): void {
    if (this.stage === 'suspending' || this.stage === 'platform') {
      const c = this.cur;
      // Boot-loader noise after a warm reset has no printk stamp and is not the kernel's last line.
      if (c.instance === this.suspendingInstance && c.clock === this.suspendingClock && (c.kernelTime !== null || this.cycle?.suspendStart?.kernelTime === null)) {
        const l = this.last;
        l.line = c.line;
        l.kernelTime = c.kernelTime;
        l.hostTimeMs = c.hostTimeMs;
        l.instance = c.instance;
        l.clock = c.clock;
      }
    }
  }

  private pushLock(list: string[], name: string): void {
    if (!list.includes(name) && list.length < MAX_WAKELOCKS) list.push(name);
  }

  private anomaly(c: Cycle, text: string): void {
    if (c.anomalies.length < MAX_ANOMALIES) c.anomalies.push(text);
  }

  /** What was named as blocking while an attempt was failing: appended to the abort's cause. */
  private noteAbortLock(c: Cycle, what: string): void {
    if (c.abort) {
      if (!c.abort.cause.includes(what)) c.abort.cause += `; ${what}`;
    } else if (!this.abortHint) this.abortHint = what;
    else if (!this.abortHint.includes(what) && this.abortHint.length < 500) this.abortHint += `; ${what}`;
  }
  private abortHint: string | null = null;

  private setAbort(c: Cycle, phase: AbortPhase, cause: string, failed: boolean): void {
    if (c.abort) return;
    const hint = this.abortHint ? `; ${this.abortHint}` : '';
    this.abortHint = null;
    c.abort = { phase, cause: cause + hint, line: this.cur.line };
    c.abortPoint = this.point();
    if (failed) c.outcomeFailed = true;
    if (this.stage === 'suspending' || this.stage === 'platform') this.stage = 'aborting';
  }

  /** A suspend start line: a new cycle, closing whatever was open. */
  private startCycle(explicitEntry: boolean): Cycle {
    if (this.cycle) {
      if (this.stage === 'thawed') this.closeThawed();
      else if (this.closeBootAtKernelReady(this.cycle)) {
        // closed above
      } else {
        const old = this.cycle;
        old.incomplete = true;
        this.anomaly(old, `a new suspend started at line ${this.cur.line} before this cycle ${this.stage === 'suspending' ? 'reached the hand-over' : 'became visible'}`);
        this.emitCycle(old);
      }
    }
    const c = newCycle(this.cur.line);
    c.suspendStart = this.point();
    c.expectExit = explicitEntry || this.android;
    c.from = this.cur.instance;
    if (this.wait.request && this.wait.isSwitch) c.kind = this.transferRequester !== undefined ? 'section-transfer' : 'switch';
    const repeats = this.wait.attachTo(c);
    if (repeats.length) this.anomaly(c, `switch requested again at line(s) ${repeats.join(', ')} while one was pending`);
    this.cycle = c;
    this.stage = 'suspending';
    this.suspendingInstance = this.cur.instance;
    this.suspendingClock = this.cur.clock;
    this.openRestart = false;
    this.deviceError = null;
    this.wakelockInNoirq = false;
    this.abortHint = null;
    return c;
  }

  /** A suspend-phase line with no cycle open: the log began mid-suspend. */
  private ensureSuspending(what: string): Cycle {
    if (this.cycle && (this.stage === 'suspending' || this.stage === 'platform' || this.stage === 'aborting')) return this.cycle;
    if (this.cycle && this.stage === 'thawed') this.closeThawed();
    const c = this.startCycle(false);
    c.suspendStart = null;
    this.anomaly(c, `cycle begins at a ${what} line (${this.cur.line}): its suspend start is not in the log`);
    return c;
  }

  private onTotal(e: PmEvent): void {
    const phase = e.phase as TotalPhase;
    const resumeSide = phase === TotalPhase.noirqResume || phase === TotalPhase.earlyResume || phase === TotalPhase.deviceResume;
    let c = this.cycle;
    if (!resumeSide) {
      // A suspend-side total while resuming means this cycle's end and the next start were lost.
      c = this.ensureSuspending('device suspend total');
    } else if (!c || this.stage === 'idle' || this.stage === 'thawed') {
      c = this.startCycle(false);
      c.suspendStart = null;
      this.anomaly(c, `cycle begins in resume (line ${this.cur.line}): its suspend side is not in the log`);
      this.stage = 'resuming';
    }
    c.totals[phase] = e.value;
    c.totalLines[phase] = this.cur.line;
    settleDriverPhases(c, phase);
    const p = this.point();
    switch (phase) {
      case TotalPhase.deviceSuspend:
        if (e.flag) this.setAbort(c, 'deviceSuspend', 'device suspend aborted', false);
        else c.devicesSuspended = p;
        break;
      case TotalPhase.lateSuspend:
        if (e.flag) this.setAbort(c, 'lateSuspend', 'late suspend aborted', false);
        else c.lateDone = p;
        break;
      case TotalPhase.noirqSuspend:
        if (e.flag) this.setAbort(c, 'lateSuspend', 'noirq suspend aborted', false);
        else c.noirqDone = p;
        break;
      case TotalPhase.noirqResume:
        c.noirqResumeDone = p;
        break;
      case TotalPhase.earlyResume:
        c.earlyDone = p;
        break;
      case TotalPhase.deviceResume:
        c.devicesResumed = p;
        break;
    }
    // A wake line can be filtered by the console level: a resume total after the platform stage means we woke.
    if (resumeSide && (this.stage === 'platform' || (this.stage === 'suspending' && c.lateDone)) && !c.abort) this.onWake(c);
  }

  private onWakeLine(e: PmEvent): void {
    let c = this.cycle;
    if (!c || this.stage === 'idle' || this.stage === 'thawed') {
      if (e.wake === WakeKind.OTHER || e.wake === WakeKind.TARGET_MISSED || e.wake === WakeKind.IRQ_WAKEUP) return;
      c = this.startCycle(false);
      c.suspendStart = null;
      this.anomaly(c, `cycle begins at a wake line (${this.cur.line}): its suspend side is not in the log`);
      this.stage = 'platform';
    }
    if (e.wake === WakeKind.IRQ_WAKEUP && this.stage === 'suspending' && c.sleepState !== 's2idle') {
      // A wakeup IRQ while a deep suspend is still going down: it aborts the attempt, it does not wake it.
      if (c.wakeReasons.length < MAX_WAKELOCKS) c.wakeReasons.push(e.name);
      this.noteAbortLock(c, e.name);
      return;
    }
    if (this.stage === 'suspending' || this.stage === 'platform') this.onWake(c);
    if (this.stage !== 'resuming') return;
    if (e.wake === WakeKind.SUSPENDED_FOR && c.suspendedForMs === null && !Number.isNaN(e.value)) c.suspendedForMs = e.value;
    if ((e.wake === WakeKind.CAUSE || e.wake === WakeKind.IRQ_WAKEUP) && c.wakeReasons.length < MAX_WAKELOCKS) c.wakeReasons.push(e.name);
    if (e.wake === WakeKind.TARGET_MISSED && !c.anomalies.some((a) => a.startsWith('platform:'))) this.anomaly(c, `platform: a power domain missed its target state (line ${this.cur.line})`);
  }

  /** The first line after the platform hand-over. */
  private onWake(c: Cycle): void {
    if (c.wake) return;
    const l = this.last;
    c.handover = l.line > 0 && l.line >= c.firstLine ? { line: l.line, kernelTime: l.kernelTime, hostTimeMs: l.hostTimeMs, instance: l.instance, clock: l.clock } : null;
    c.wake = this.point();
    if (c.to === null) c.to = this.cur.instance;
    this.stage = 'resuming';
  }

  private onBoot(): void {
    const c = this.cycle;
    if (c && c.kind === 'boot' && (this.stage === 'suspending' || this.stage === 'platform')) {
      this.onWake(c);
      return;
    }
    if (c) {
      c.incomplete = true;
      this.anomaly(c, `kernel rebooted at line ${this.cur.line} (banner or printk clock restart) during ${this.stageWords()}`);
      this.emitCycle(c);
    }
    // A boot clears any pending Fastswitch request (fsw_init resets the mode).
    this.wait.dropSwitch();
    this.wait.forced = false;
    this.transferRequester = undefined;
  }

  /** A boot whose Android never turned the screen on: visible is where its kernel was ready, and the record says so. */
  private closeBootAtKernelReady(c: Cycle): boolean {
    if (c.kind !== 'boot' || this.stage !== 'resuming' || !c.bootKernelReady) return false;
    this.anomaly(c, `Android did not turn the screen on after the boot (no \`request_suspend_state: wakeup\`): visible taken at \`Freeing init memory\` (line ${c.bootKernelReady.line})`);
    this.finish(c, c.bootKernelReady);
    return true;
  }

  private thawDone(c: Cycle): void {
    c.thawDone = this.point();
    this.openRestart = false;
    if (c.kind === 'boot') return;
    // A kernel seen closing a cycle without an exit line will not print one: visible now.
    if (this.noExitLine && !c.expectExit && !this.android) {
      this.finish(c, c.thawDone);
      return;
    }
    // Otherwise wait a while: Android kernels print `suspend: exit suspend` after the thaw.
    this.stage = 'thawed';
    this.thawedLines = 0;
  }

  private thawedTick(): void {
    if (++this.thawedLines > EXIT_WAIT_LINES) this.closeThawed();
  }

  /** The exit line never came: visible is the `done.` of `Restarting tasks`. */
  private closeThawed(): void {
    const c = this.cycle;
    if (!c || this.stage !== 'thawed' || !c.thawDone) return;
    if (c.expectExit || this.android) this.anomaly(c, 'no exit line (`suspend: exit suspend` / `PM: suspend exit`): visible taken at the `done.` of `Restarting tasks`');
    else this.noExitLine = true;
    this.finish(c, c.thawDone);
  }

  private finish(c: Cycle, visible: Point): void {
    c.visible = visible;
    // Lines read while waiting for an exit line that never came are not part of the cycle.
    c.lastLine = visible.line;
    if (!c.thawDone && c.thawStart) c.thawDone = visible;
    this.emitCycle(c);
  }

  private emitCycle(c: Cycle): void {
    settleDriverPhases(c, null);
    if (c.from === null) c.from = this.suspendingInstance;
    const ok = !c.abort && !c.incomplete && !c.outcomeFailed && (c.exitRet === null || c.exitRet === 0);
    // A Fastswitch request stays pending after an abort in the freezer or device suspend (it is retried).
    if (ok || c.kind === 'boot') this.wait.settle();
    if (c.kind === 'section-transfer' && this.transferRequester !== undefined && ((c.to === this.transferRequester && ok) || this.transferEnded)) this.transferRequester = undefined;
    this.transferEnded = false;
    this.cycle = null;
    this.stage = 'idle';
    this.emit(c);
  }
}
