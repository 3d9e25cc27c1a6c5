import { describe, expect, it } from 'vitest';
import { analyzeLogText } from '../../../main/kernel-log';

// Written line by line from the format strings of pm-log-formats.md §6 (current kernels),
// as the QEMU/x86 target will print them; not a capture.
const s3 = `[  101.000000] PM: suspend entry (deep)
[  101.004000] Filesystems sync: 0.004 seconds
[  101.005000] Freezing user space processes
[  101.006000] Freezing user space processes completed (elapsed 0.001 seconds)
[  101.006100] OOM killer disabled.
[  101.006200] Freezing remaining freezable tasks
[  101.007000] Freezing remaining freezable tasks completed (elapsed 0.000 seconds)
[  101.007500] printk: Suspending console(s) (use no_console_suspend to debug)
[  101.008000] serio 00:01: PM: calling serio_suspend+0x0/0x30 @ 1200, parent: i8042
[  101.010000] serio 00:01: PM: serio_suspend+0x0/0x30 returned 0 after 1953 usecs
[  101.020000] PM: suspend of devices complete after 12.500 msecs
[  101.021000] PM: late suspend of devices complete after 0.800 msecs
[  101.023000] PM: noirq suspend of devices complete after 1.500 msecs
[  101.023500] ACPI: PM: Preparing to enter system sleep state S3
[  101.024000] ACPI: PM: Saving platform NVS memory
[  101.024100] Disabling non-boot CPUs ...
[  101.026000] smpboot: CPU 1 is now offline
[  101.027000] ACPI: PM: Low-level resume complete
[  101.027100] ACPI: PM: Restoring platform NVS memory
[  101.028000] Enabling non-boot CPUs ...
[  101.030000] CPU1 is up
[  101.031000] ACPI: PM: Waking up from system sleep state S3
[  101.033000] PM: noirq resume of devices complete after 1.200 msecs
[  101.034000] PM: early resume of devices complete after 0.400 msecs
[  101.090000] PM: resume of devices complete after 55.000 msecs
[  101.091000] OOM killer enabled.
[  101.091500] Restarting tasks ... done.
[  101.092000] random: crng reseeded on system resumption
[  101.095000] PM: suspend exit
`;

const s2idle = `[   50.000000] PM: suspend entry (s2idle)
[   50.002000] Filesystems sync: 0.002 seconds
[   50.003000] Freezing user space processes ... (elapsed 0.001 seconds) done.
[   50.004000] OOM killer disabled.
[   50.005000] Freezing remaining freezable tasks ... (elapsed 0.001 seconds) done.
[   50.006000] printk: Suspending console(s) (use no_console_suspend to debug)
[   50.030000] PM: suspend-to-idle
[   50.031000] PM: resume from suspend-to-idle
[   50.060000] OOM killer enabled.
[   50.061000] Restarting tasks ... done.
[   50.070000] PM: suspend exit
`;

describe('upstream kernels (the QEMU/x86 target)', () => {
  it('an ACPI S3 cycle with pm_debug_messages and pm_print_times', () => {
    const { switches } = analyzeLogText(s3);
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s).toMatchObject({ kind: 'plain-suspend', outcome: 'ok', anomalies: [] });
    expect(s.boundaries?.suspendStart?.line).toBe(1);
    expect(s.boundaries?.handover?.line).toBe(17);
    expect(s.boundaries?.wake?.line).toBe(18);
    expect(s.boundaries?.visible?.line).toBe(29);
    expect(s.suspendMs).toBeCloseTo(26, 3);
    expect(s.resumeMs).toBeCloseTo(68, 3);
    expect(s.phases).toMatchObject({ sync: 5, freeze: 2.5, deviceSuspend: 12.5, lateSuspend: 0.8, noirqSuspend: 1.5, noirqResume: 1.2, earlyResume: 0.4, deviceResume: 55 });
    expect(s.drivers).toEqual([{ name: 'serio 00:01', phase: 'deviceSuspend', ms: 1.953, printed: { value: 1953, unit: 'usecs' }, line: 10 }]);
  });

  it('a suspend-to-idle cycle', () => {
    const { switches } = analyzeLogText(s2idle);
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s.outcome).toBe('ok');
    expect(s.boundaries?.handover?.line).toBe(7);
    expect(s.boundaries?.wake?.line).toBe(8);
    expect(s.suspendMs).toBeCloseTo(30, 3);
    expect(s.resumeMs).toBeCloseTo(39, 3);
  });

  it('a dmesg without printk timestamps still finds the cycle, with no durations rather than wrong ones', () => {
    const bare = s3.replace(/^\[\s*[\d.]+\] /gm, '');
    const { switches, format } = analyzeLogText(bare);
    expect(format.envelope).toBe('bare');
    expect(format.isKernelLog).toBe(true);
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ outcome: 'ok', suspendMs: null, resumeMs: null });
    expect(switches[0]!.boundaries?.visible?.line).toBe(29);
  });
});

// The second abort point of pm-log-formats §7.8, in the 3.0 formats of §3.7 (no real sample exists):
// device suspend fails, only `PM: resume of devices complete` follows.
const deviceAbort = (error: string) => `[  200.000000] PM: Syncing filesystems ... done.
[  200.004000] PM: Preparing system for mem sleep
[  200.020000] Freezing user space processes ... (elapsed 0.01 seconds) done.
[  200.040000] Freezing remaining freezable tasks ... (elapsed 0.01 seconds) done.
[  200.045000] PM: Entering mem sleep
${error}[  200.060000] PM: Some devices failed to suspend
[  200.150000] PM: resume of devices complete after 88.000 msecs
[  200.151000] PM: Finishing wakeup.
[  200.151100] Restarting tasks ... done.
[  200.170000] suspend: exit suspend, ret = -16 (2013-07-08 14:05:36.202398190 UTC)
`;

describe('the device-suspend abort point', () => {
  it('a device that fails its callback makes the cycle failed, naming the device', () => {
    const { switches } = analyzeLogText(deviceAbort('[  200.059000] PM: Device mmc0 failed to suspend async: error -5\n'));
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s.outcome).toBe('failed');
    expect(s.abort).toMatchObject({ phase: 'deviceSuspend', line: 7 });
    expect(s.abort?.cause).toContain('device mmc0 (error -5)');
    expect(s.kernelTotals).toEqual({ deviceResume: 88 });
    expect(s.boundaries?.visible?.line).toBe(11);
    expect(s.suspendMs).toBeNull();
  });

  it('a wakeup event during device suspend (no device error) is an abort, not a failure', () => {
    const { switches } = analyzeLogText(deviceAbort(''));
    expect(switches[0]).toMatchObject({ outcome: 'aborted', exitRet: -16, abort: { phase: 'deviceSuspend' } });
  });
});

describe('a switch whose CPU offlining fails', () => {
  it('stays in the suspending kernel: its wake-like lines are not the target’s', () => {
    const log = `[  300.000000] Fastswitch: [switch] trying suspend
[  300.200000] PM: Syncing filesystems ... done.
[  300.300000] PM: suspend of devices complete after 80.000 msecs
[  300.300100] Fastswitch: ready to switch-suspend to instance 2
[  300.301000] PM: late suspend of devices complete after 0.700 msecs
[  300.301100] Disabling non-boot CPUs ...
[  300.310000] Error taking CPU1 down: -16
[  300.310100] Non-boot CPUs are not disabled
[  300.310200] Enabling non-boot CPUs ...
[  300.312000] PM: early resume of devices complete after 1.000 msecs
[  300.312100] Fastswitch: suspend did not occur, cancelling
[  300.400000] PM: resume of devices complete after 85.000 msecs
[  300.401000] Restarting tasks ... done.
[  300.402000] suspend: exit suspend, ret = -16 (2012-08-20 12:00:00.000000000 UTC)
`;
    const { switches, records } = analyzeLogText(log, { initialInstance: 1 });
    expect(new Set(records.map((r) => r.instance))).toEqual(new Set([1]));
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ kind: 'switch', from: 'ics', outcome: 'failed', abort: { phase: 'platform', line: 7 }, suspendMs: null });
    expect(switches[0]!.boundaries?.wake).toBeUndefined();
  });
});

describe('an upstream freezer failure', () => {
  it('ends the cycle as failed at `PM: suspend exit`, with no hand-over', () => {
    const log = `[  10.000000] PM: suspend entry (deep)
[  10.001000] Filesystems sync: 0.001 seconds
[  10.002000] Freezing user space processes
[  30.010000] Freezing user space processes failed after 20.008 seconds (1 tasks refusing to freeze, wq_busy=0):
[  30.010100] task:fuse-daemon     state:D stack:0     pid:812   ppid:1      flags:0x00004006
[  30.020000] OOM killer enabled.
[  30.020100] Restarting tasks ... done.
[  30.030000] PM: suspend exit
`;
    const { switches } = analyzeLogText(log);
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ outcome: 'failed', abort: { phase: 'freeze', line: 4 }, suspendMs: null, lines: [1, 8] });
  });
});
