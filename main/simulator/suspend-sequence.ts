import type { GroundTruthRecord } from './ground-truth';
import type { Instance } from './instance';
import { WAKELOCK_DEBUG } from './instance';
import { KERN } from './kernel-log';
import { elapsed2, msecs, usecs1024, utc } from './log-formats';
import type { Timeline } from './timeline';
import type { PhoneModel } from './phone-model';

export type SwitchDecision =
  | { kind: 'switch' | 'terminate' | 'boot'; target: number; lines: string[] }
  | { kind: 'skip' | 'none'; lines: string[] };

/** A pid for initcall_debug lines (the PM worker's). */
const PM_PID = 1204;

/**
 * The suspending kernel's side of a suspend, from `PM: Syncing filesystems`
 * to `CPU1: shutdown` (fixtures/pm-log-formats.md §4, lines 4–9), printed at
 * the times the devices and the freezer take.
 */
export function runSuspend(model: PhoneModel, inst: Instance, record: GroundTruthRecord): void {
  const t = model.profile.timing;
  const rng = model.rng;
  const tl = model.timeline(inst);
  const mark = (name: 'suspendStart' | 'devicesSuspended', line: string) =>
    tl.do((at) => model.truth.mark(record, name, { atMs: at, instance: inst.id, printk: inst.log.clock.seconds(at), line }));

  mark('suspendStart', 'PM: Syncing filesystems ... ');
  tl.do(() => model.changed());
  if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) tl.line(KERN.INFO, 'suspend: enter suspend');
  tl.begin(KERN.INFO, 'PM: Syncing filesystems ... ').wait(rng.spread(t.syncMs)).cont('done.', true, KERN.INFO);
  tl.line(KERN.DEBUG, 'PM: Preparing system for mem sleep');
  if (inst.profile.kernelRelease.startsWith('3.0.8')) tl.line(KERN.INFO, 'twl6030_irq_pm_notifier(): wakeirqs=2 irq_wake_enabled=2');
  tl.wait(rng.spread(t.prepareMs));
  const freezeUser = rng.spread(t.freezeUserMs);
  tl.begin(KERN.DEFAULT, 'Freezing user space processes ... ').wait(freezeUser).cont(`(elapsed ${elapsed2(freezeUser)} seconds) `, false, KERN.DEFAULT).cont('done.', true, KERN.DEFAULT);
  const freezeTasks = rng.spread(t.freezeTasksMs);
  // a packet that arrives while the phone freezes takes wlan_rx_wake: the freezer aborts (-16) and the suspend is retried
  const wifi = inst.activity.wifi;
  const abort = record.forced ? 'none' : pickAbort(rng.float(), wifi);
  if (abort === 'freezer') {
    tl.begin(KERN.DEFAULT, 'Freezing remaining freezable tasks ... ').wait(freezeTasks / 2);
    runFreezerAbort(model, inst, record, tl);
    return;
  }
  tl.begin(KERN.DEFAULT, 'Freezing remaining freezable tasks ... ').wait(freezeTasks).cont(`(elapsed ${elapsed2(freezeTasks)} seconds) `, false, KERN.DEFAULT).cont('done.', true, KERN.DEFAULT);
  tl.line(KERN.DEBUG, 'PM: Entering mem sleep');

  // device ->suspend callbacks; pm_async overlaps them unless initcall_debug serialises the prints
  const start = tl.t;
  let sum = 0;
  const forcedErrors = record.forced;
  for (const d of [...model.profile.devices].reverse()) {
    const ms = rng.spread(d.suspendMs);
    sum += ms;
    record.drivers.push({ name: d.name, phase: 'suspend', ms: round3(ms) });
    if (inst.knobs.initcallDebug) tl.line(KERN.DEFAULT, `calling  ${d.name}+ @ ${PM_PID}`);
    for (const l of d.suspendLines) tl.line(KERN.DEFAULT, l);
    if (inst.knobs.initcallDebug) tl.wait(ms).line(KERN.DEFAULT, `call ${d.name}+ returned 0 after ${usecs1024(ms)} usecs`);
  }
  if (forcedErrors) {
    // the skip "will add bug messages on early device (+0.1s)" and breaks what was running (N:oct L290-293)
    tl.line(KERN.ERR, 'omap_hsmmc omap_hsmmc.4: omap_hsmmc_suspend: card busy, suspending anyway');
    if (inst.activity.wifi === 'busy') {
      tl.line(KERN.ERR, 'dhd_bus_suspend: bus busy (rx pending), transfer torn down');
      model.truth.anomaly(record, `forced switch tore down the wifi transfer in ${inst.name}`);
      inst.wifiTornDown = true;
    }
    if (inst.activity.audio) {
      tl.line(KERN.ERR, 'omap-abe-twl6040: suspend while playing: unexpected state');
      model.truth.anomaly(record, `forced switch left the audio driver of ${inst.name} in an unexpected state`);
      inst.audioBroken = true;
    }
    tl.wait(rng.spread([80, 100, 130]));
  }
  const overlap = inst.knobs.pmAsync && !inst.knobs.initcallDebug ? rng.between(t.asyncOverlap[0], t.asyncOverlap[1]) : 1;
  const devicesMs = Math.max(tl.t - start, inst.knobs.initcallDebug ? 0 : sum * overlap);
  tl.t = start + devicesMs;
  mark('devicesSuspended', 'PM: suspend of devices complete after');
  tl.line(KERN.INFO, `PM: suspend of devices complete after ${msecs(devicesMs)} msecs`);
  tl.do(() => afterDevices(model, inst, record, abort === 'late'));
}

/** Odds that a wifi packet lands inside the suspend path (fixtures/logs/galaxy-nexus_tuna-3.0_2013_aborts.log). */
function pickAbort(roll: number, wifi: 'off' | 'idle' | 'busy'): 'none' | 'freezer' | 'late' {
  const freezer = wifi === 'busy' ? 0.08 : wifi === 'idle' ? 0.02 : 0;
  const late = wifi === 'off' ? 0 : 0.005;
  if (roll < freezer) return 'freezer';
  if (roll < freezer + late) return 'late';
  return 'none';
}

/** `Freezing of tasks  aborted` (two spaces, sic): user space restarts, pm_suspend returns -16, the request stays pending. */
function runFreezerAbort(model: PhoneModel, inst: Instance, record: GroundTruthRecord, tl: Timeline): void {
  const name = model.profile.wakelocks.wifiRx;
  tl.do(() => model.power.lock(inst, name, 1000));
  if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKEUP) tl.line(KERN.INFO, `active wake lock ${name}, time left ${model.profile.hz}`);
  tl.line(KERN.DEFAULT, '');
  tl.line(KERN.ERR, 'Freezing of tasks  aborted');
  tl.line(KERN.DEFAULT, '');
  tl.begin(KERN.DEFAULT, 'Restarting tasks ... ').wait(model.rng.spread([2, 4, 8])).cont('done.', true, KERN.DEFAULT);
  exitSuspend(model, inst, tl, -16);
  tl.do(() => model.suspendAborted(inst, record, 'freezer'));
}

/** The noirq check finds a lock (-11): devices resume, and Fastswitch drops the request (K:suspend.c "cancelling"). */
function runLateAbort(model: PhoneModel, inst: Instance, record: GroundTruthRecord, tl: Timeline): void {
  const t = model.profile.timing;
  const name = model.profile.wakelocks.wifiRx;
  tl.do(() => model.power.lock(inst, name, 1000));
  if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.WAKEUP) tl.line(KERN.INFO, `active wake lock ${name}, time left ${model.profile.hz - 1}`);
  if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) tl.line(KERN.INFO, 'power_suspend_late return -11');
  tl.line(KERN.ERR, 'pm_noirq_op(): platform_pm_suspend_noirq+0x0/0x48 returns -11');
  tl.line(KERN.ERR, 'PM: Device power.0 failed to suspend late: error -11');
  const early = model.rng.spread(t.earlyResumeMs);
  tl.wait(early).line(KERN.INFO, `PM: early resume of devices complete after ${msecs(early)} msecs`);
  tl.line(KERN.ERR, 'PM: Some devices failed to power down');
  tl.line(KERN.INFO, 'Fastswitch: suspend did not occur, cancelling');
  tl.do(() => {
    model.page.switchMode = 0;
    model.page.targetInstance = 0;
  });
  const start = tl.t;
  let sum = 0;
  for (const d of model.profile.devices) {
    sum += model.rng.spread(d.resumeMs);
    for (const l of d.resumeLines) tl.line(KERN.DEFAULT, l);
  }
  tl.t = Math.max(tl.t, start + sum * 0.8);
  tl.line(KERN.INFO, `PM: resume of devices complete after ${msecs(tl.t - start)} msecs`);
  tl.line(KERN.DEBUG, 'PM: Finishing wakeup.');
  tl.begin(KERN.DEFAULT, 'Restarting tasks ... ').wait(model.rng.spread([20, 30, 60])).cont('done.', true, KERN.DEFAULT);
  exitSuspend(model, inst, tl, -11);
  tl.do(() => model.suspendAborted(inst, record, 'late'));
}

function exitSuspend(model: PhoneModel, inst: Instance, tl: Timeline, ret: number): void {
  if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.EXIT_SUSPEND) {
    tl.do((at) => inst.log.line(KERN.INFO, `suspend: exit suspend, ret = ${ret} (${utc(model.wallMs(at))})`, model.baud));
    tl.wait(0.1);
  }
}

/** suspend_enter(): the Fastswitch checks, the noirq phase and the CPUs, then the hand-over. */
function afterDevices(model: PhoneModel, inst: Instance, record: GroundTruthRecord, lateAbort: boolean): void {
  const t = model.profile.timing;
  const rng = model.rng;
  const decision = model.fsw.decide();
  const tl = model.timeline(inst);
  for (const l of decision.lines) tl.line(KERN.INFO, l);
  if (lateAbort) {
    runLateAbort(model, inst, record, tl);
    return;
  }
  if (decision.kind === 'skip') {
    model.truth.anomaly(record, `switch cancelled: ${decision.lines[decision.lines.length - 1]}`);
    record.kind = 'plain-suspend';
  }
  if (inst.knobs.initcallDebug) {
    tl.line(KERN.DEFAULT, `calling  power.0+ @ ${PM_PID}, parent: platform`);
    tl.line(KERN.DEFAULT, `initcall power.0_i+ returned 0 after ${usecs1024(0.03)} usecs`);
  }
  if (inst.knobs.wakelockMask & WAKELOCK_DEBUG.SUSPEND) tl.line(KERN.INFO, 'power_suspend_late return 0');
  const late = rng.spread(t.lateSuspendMs);
  tl.wait(late).line(KERN.INFO, `PM: late suspend of devices complete after ${msecs(late)} msecs`);
  tl.line(KERN.DEFAULT, 'Disabling non-boot CPUs ...');
  tl.wait(rng.spread(t.cpuDownMs));
  // The jump prints nothing: the hand-over a log can show is the stamp of the last line A prints (DESIGN §6).
  tl.do((at) => model.truth.mark(record, 'handover', { atMs: at, instance: inst.id, printk: inst.log.clock.seconds(at), line: 'CPU1: shutdown' }));
  tl.line(KERN.NOTICE, 'CPU1: shutdown');
  tl.wait(0.3);
  tl.do(() => model.fsw.handOver(inst, decision, record));
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
