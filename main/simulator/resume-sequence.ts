import type { GroundTruthRecord } from './ground-truth';
import type { Instance } from './instance';
import { WAKELOCK_DEBUG } from './instance';
import { KERN } from './kernel-log';
import { msecs, seconds3, usecs1024, utc } from './log-formats';
import type { PhoneModel } from './phone-model';

const PM_PID = 1204;

export interface WakeCause {
  cause: string;
  powerKey: boolean;
}

/**
 * The waking kernel's side, from the first line after the hand-over (or the
 * wake IRQ) to `suspend: exit suspend` (fixtures/pm-log-formats.md §4,
 * lines 11–17). `switch`: another kernel handed the CPU over; `plain`: the
 * platform really slept in this kernel.
 */
export function runResume(model: PhoneModel, to: Instance, from: Instance, record: GroundTruthRecord, kind: 'switch' | 'plain', wake?: WakeCause): void {
  const t = model.profile.timing;
  const rng = model.rng;
  const now = model.now();
  if (kind === 'switch') model.wifiChipOn = from.activity.wifi !== 'off';
  model.current = to;
  to.status = 'running';
  to.log.clock.start(now);
  model.phase = 'resuming';
  model.changed();
  const tl = model.timeline(to);
  const mark = (name: 'wake' | 'devicesResumed' | 'visible', line: string) =>
    tl.do((at) => model.truth.mark(record, name, { atMs: at, instance: to.id, printk: to.log.clock.seconds(at), line }));

  const sleptMs = model.wallMs(now) - to.sleptAtWallMs;
  if (kind === 'switch') {
    mark('wake', 'GIC returns spurious interrupt for resume IRQ');
    tl.line(KERN.INFO, 'GIC returns spurious interrupt for resume IRQ');
    tl.line(KERN.ERR, 'Could not enter target state in pm_suspend');
  } else {
    mark('wake', `Resume caused by ${wake?.cause ?? 'IRQ 36, rtc_twl6030'}`);
    tl.line(KERN.INFO, `Resume caused by ${wake?.cause ?? 'IRQ 36, rtc_twl6030'}`);
    tl.line(KERN.ERR, 'Successfully put all powerdomains to target state');
  }
  tl.line(KERN.INFO, `Suspended for ${seconds3(sleptMs)} seconds`);
  tl.line(KERN.INFO, 'Enabling non-boot CPUs ...');
  tl.wait(rng.spread(t.cpuUpMs));
  tl.line(KERN.DEFAULT, 'CPU1: Booted secondary processor');
  tl.line(KERN.INFO, 'CPU1 is up');
  tl.line(KERN.INFO, 'Switched to NOHz mode on CPU #1');
  if (to.knobs.initcallDebug) {
    tl.line(KERN.DEFAULT, `calling  power.0+ @ ${PM_PID}, parent: platform`);
    tl.line(KERN.DEFAULT, `initcall power.0_i+ returned 0 after ${usecs1024(0.03)} usecs`);
  }
  const early = rng.spread(t.earlyResumeMs);
  tl.wait(early).line(KERN.INFO, `PM: early resume of devices complete after ${msecs(early)} msecs`);
  if (kind === 'switch') {
    tl.line(KERN.INFO, `Fastswitch: resumed from instance ${from.id} to instance ${to.id}`);
    tl.do(() => model.fsw.switchedIn(to, from));
  } else if (wake) {
    const lock = wake.powerKey ? model.profile.wakelocks.userspace : wake.cause.includes('usb') ? model.profile.wakelocks.usbCable : 'alarm_rtc';
    if (to.knobs.wakelockMask & WAKELOCK_DEBUG.WAKEUP) tl.line(KERN.INFO, `wakeup wake lock: ${lock}`);
  }

  const start = tl.t;
  let sum = 0;
  for (const d of model.profile.devices) {
    const ms = rng.spread(d.resumeMs);
    sum += ms;
    record.drivers.push({ name: d.name, phase: 'resume', ms: Math.round(ms * 1000) / 1000 });
    if (to.knobs.initcallDebug) tl.line(KERN.DEFAULT, `calling  ${d.name}+ @ ${PM_PID}`);
    for (const l of d.resumeLines) tl.line(KERN.DEFAULT, l);
    if (to.knobs.initcallDebug) tl.wait(ms).line(KERN.DEFAULT, `call ${d.name}+ returned 0 after ${usecs1024(ms)} usecs`);
  }
  const overlap = to.knobs.pmAsync && !to.knobs.initcallDebug ? rng.between(t.asyncOverlap[0], t.asyncOverlap[1]) : 1;
  const devicesMs = Math.max(tl.t - start, to.knobs.initcallDebug ? 0 : sum * overlap);
  tl.t = start + devicesMs;
  mark('devicesResumed', 'PM: resume of devices complete after');
  tl.line(KERN.INFO, `PM: resume of devices complete after ${msecs(devicesMs)} msecs`);
  tl.line(KERN.DEBUG, 'PM: Finishing wakeup.');
  const thaw = rng.spread(t.thawMs);
  tl.begin(KERN.DEFAULT, 'Restarting tasks ... ');
  // the USB hub often prints in the middle, so `done.` lands on its own line (fixtures/logs, pm-log-formats §2.3)
  if (rng.chance(0.3)) tl.wait(0.4).line(KERN.INFO, 'hub 1-0:1.0: activate --> -22');
  tl.wait(thaw).cont('done.', true, KERN.DEFAULT);
  const exitLine = to.knobs.wakelockMask & WAKELOCK_DEBUG.EXIT_SUSPEND;
  mark('visible', exitLine ? 'suspend: exit suspend, ret = 0' : 'Restarting tasks ... done.');
  tl.do((at) => {
    if (exitLine) to.log.line(KERN.INFO, `suspend: exit suspend, ret = 0 (${utc(model.wallMs(at))})`, model.baud);
    model.resumed(to, from, record, kind);
  });
}
