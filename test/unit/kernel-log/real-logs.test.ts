import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { analyzeLogText } from '../../../main/kernel-log';
import { fixtures } from '../../support/fixtures';

// Every expected figure below was read off the log files by hand (timestamps
// subtracted, kernel totals copied), not recorded from the analyser's output.

function analyse(name: string) {
  return analyzeLogText(readFileSync(fixtures.path('logs', name), 'utf8'));
}

const SUSPEND_PHASES = ['sync', 'freeze', 'devicePrepare', 'deviceSuspend', 'platformPrepare', 'lateSuspend', 'noirqSuspend', 'platformSuspend'];
const RESUME_PHASES = ['platformResume', 'noirqResume', 'earlyResume', 'platformFinish', 'deviceResume', 'resumeComplete', 'thaw'];

function sum(s: SwitchRecord, names: string[]): number {
  return names.reduce((acc, n) => acc + (s.phases[n] ?? 0), 0);
}

describe.skipIf(!fixtures.available)(`real logs ${fixtures.reason}`, () => {
  it('Galaxy Nexus: two full suspend cycles, split by the kernel’s own device totals', () => {
    const { switches } = analyse('galaxy-nexus_tuna-3.0_2013_suspend-cycles.log');
    expect(switches).toHaveLength(2);
    const [a, b] = switches as [SwitchRecord, SwitchRecord];
    for (const s of switches) {
      expect(s.kind).toBe('plain-suspend');
      expect(s.outcome).toBe('ok');
      expect(s.clock).toBe('printk');
      // Opportunistic suspend has no request line: the wait is not known, and not guessed.
      expect(s.wakelockWaitMs).toBeNull();
      expect(s.totalMs).toBeNull();
    }
    // 342.268737 Syncing → 342.339935 CPU1: shutdown; 342.340362 Resume caused by → 342.514282 exit suspend.
    expect(a.suspendMs).toBeCloseTo(71.198, 3);
    expect(a.resumeMs).toBeCloseTo(173.92, 3);
    expect(a.boundaries?.suspendStart?.line).toBe(8);
    expect(a.boundaries?.handover?.line).toBe(20);
    expect(a.boundaries?.wake?.line).toBe(21);
    expect(a.boundaries?.visible?.line).toBe(40);
    expect(a.lines).toEqual([8, 40]);
    expect(a.phases).toMatchObject({ deviceSuspend: 6.076, lateSuspend: 0.702, earlyResume: 2.015, deviceResume: 92.667 });
    expect(a.kernelTotals).toEqual({ deviceSuspend: 6.076, lateSuspend: 0.702, earlyResume: 2.015, deviceResume: 92.667 });
    expect(a.kernelTotalLines).toEqual({ deviceSuspend: 17, lateSuspend: 18, earlyResume: 29, deviceResume: 35 });
    expect(a.suspendedForMs).toBe(6449);
    expect(a.blockingWakelocks).toEqual(['event2-19', 'musb_autosuspend_wake_lock', 'nfc', 'wlan_rx_wake']);
    // `time left` is in jiffies, HZ = 128: 49 → 382.8125 ms, 123 → 960.9375 ms.
    expect(a.wakelockTimeLeftMs).toEqual({ nfc: 382.813, wlan_rx_wake: 960.938 });
    expect(a.wakeReasons).toEqual(['IRQ 162, bcmsdh_sdmmc', 'IRQ 177, nfc_irq', 'wakeup wake lock: nfc']);
    // 343.483245 → 343.574523; 343.575012 → 343.738983.
    expect(b.suspendMs).toBeCloseTo(91.278, 3);
    expect(b.resumeMs).toBeCloseTo(163.971, 3);
    expect(b.phases).toMatchObject({ deviceSuspend: 6.961, lateSuspend: 0.793, earlyResume: 0.946, deviceResume: 114.314 });
    expect(b.suspendedForMs).toBe(19450);
    // The locks printed after the first exit belong to the second wait (pm-log-formats §7.10).
    expect(b.blockingWakelocks).toEqual(['nfc', 'wlan_rx_wake']);
    for (const s of switches) {
      expect(sum(s, SUSPEND_PHASES)).toBeCloseTo(s.suspendMs!, 2);
      expect(sum(s, RESUME_PHASES)).toBeCloseTo(s.resumeMs!, 2);
    }
  });

  it('Galaxy Nexus: a noirq abort (-11) and a freezer abort (-16), nothing invented', () => {
    const { switches } = analyse('galaxy-nexus_tuna-3.0_2013_aborts.log');
    expect(switches).toHaveLength(2);
    const [late, freeze] = switches as [SwitchRecord, SwitchRecord];
    expect(late.outcome).toBe('aborted');
    expect(late.exitRet).toBe(-11);
    expect(late.abort?.phase).toBe('lateSuspend');
    expect(late.abort?.cause).toContain('wlan_rx_wake');
    expect(late.kernelTotals).toEqual({ deviceSuspend: 7.908, earlyResume: 1.221, deviceResume: 91.903 });
    expect(late.phases.deviceSuspend).toBe(7.908);
    expect(late.phases.deviceResume).toBe(91.903);
    expect(late.lines).toEqual([6, 28]);
    expect(late.suspendMs).toBeNull();
    expect(late.boundaries?.wake).toBeUndefined();
    expect(freeze.outcome).toBe('aborted');
    expect(freeze.exitRet).toBe(-16);
    expect(freeze.abort?.phase).toBe('freeze');
    expect(freeze.lines).toEqual([35, 44]);
    expect(freeze.kernelTotals).toEqual({});
    expect(freeze.blockingWakelocks).toEqual(['mmc0_detect', 'wlan_wake', 'musb_autosuspend_wake_lock', 'wlan_rx_wake']);
  });

  it('Galaxy Nexus: a power domain that missed its target is an anomaly of an ok cycle', () => {
    const { switches } = analyse('galaxy-nexus_tuna-3.0_2013_pwrdm-target-missed.log');
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s.outcome).toBe('ok');
    expect(s.anomalies.some((a) => a.startsWith('platform:'))).toBe(true);
    // 522.824493 → 522.924926; 522.925598 → 523.091918.
    expect(s.suspendMs).toBeCloseTo(100.433, 3);
    expect(s.resumeMs).toBeCloseTo(166.32, 3);
    expect(s.phases).toMatchObject({ deviceSuspend: 7.232, lateSuspend: 0.915, earlyResume: 2.014, deviceResume: 113.006 });
    expect(s.suspendedForMs).toBe(7314);
    expect(s.boundaries?.visible?.line).toBe(38);
  });

  it('Nexus 7: request → 32.77 s wakelock wait → full cycle, then a cycle the log cuts off', () => {
    const { switches } = analyse('nexus7-grouper_android-3.1_2013_request-to-resume.log');
    expect(switches).toHaveLength(2);
    const [s, cut] = switches as [SwitchRecord, SwitchRecord];
    expect(s.outcome).toBe('ok');
    // 609.105264 request_suspend_state: sleep → 641.872983 suspend: enter suspend.
    expect(s.wakelockWaitMs).toBeCloseTo(32767.719, 3);
    expect(s.phases.wakelockWait).toBeCloseTo(32767.719, 3);
    // → 642.285656 suspend: exit suspend.
    expect(s.totalMs).toBeCloseTo(33180.392, 3);
    expect(s.clocks).toMatchObject({ wakelockWaitMs: 'printk', totalMs: 'printk' });
    expect(s.boundaries?.request?.line).toBe(11);
    expect(s.boundaries?.suspendStart?.line).toBe(43);
    expect(s.boundaries?.visible?.line).toBe(150);
    expect(s.blockingWakelocks).toEqual(['usb_config_wake_lock', 'wlan_rx_wake']);
    expect(s.lastReleasedWakelock).toBe('wlan_rx_wake');
    expect(s.phases).toMatchObject({ deviceSuspend: 161.258, lateSuspend: 1.173, earlyResume: 5.754, deviceResume: 57.999 });
    expect(s.suspendedForMs).toBe(2877);
    expect(cut.incomplete).toBe(true);
    expect(cut.boundaries?.suspendStart?.line).toBe(154);
    expect(cut.anomalies.join(' ')).toContain('log ended');
  });

  it('TF201: a sleep request that never suspends is no cycle; the <N> envelope is read', () => {
    const { switches, format, records } = analyse('tf201_android-2.6.36_2012_request-without-suspend.log');
    expect(switches).toEqual([]);
    expect(format.envelope).toBe('kmsg');
    expect(format.isKernelLog).toBe(true);
    const req = records[14]!;
    expect(req.level).toBe(6);
    expect(req.kernelTime).toBeCloseTo(485.587574, 6);
  });

  it('x86 3.15 with initcall_debug: every phase total, per-device times in real ms', () => {
    const { switches } = analyse('upstream-3.15_x86_initcall-debug_pm-graph-2014.log');
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s.outcome).toBe('ok');
    expect(s.kernelTotals).toEqual({ deviceSuspend: 866.009, lateSuspend: 15.901, noirqSuspend: 16.14, noirqResume: 15.274, earlyResume: 0.266, deviceResume: 180.949 });
    expect(s.phases).toMatchObject({ deviceSuspend: 866.009, lateSuspend: 15.901, noirqSuspend: 16.14, noirqResume: 15.274, earlyResume: 0.266, deviceResume: 180.949 });
    // 550.702791 Syncing → 552.478981 (last line before ACPI: Low-level resume complete, 552.479987) → 552.779517 done.
    expect(s.suspendMs).toBeCloseTo(1776.19, 3);
    expect(s.resumeMs).toBeCloseTo(299.53, 3);
    expect(s.boundaries?.handover?.line).toBe(95);
    expect(s.boundaries?.wake?.line).toBe(96);
    expect(s.boundaries?.visible?.line).toBe(153);
    // No exit line in 3.15: the cycle ends at the `done.`, not at the log's last line (154).
    expect(s.lines).toEqual([5, 153]);
    expect(s.anomalies.some((a) => a.startsWith('no exit line'))).toBe(false);
    // `call 0:0:0:0+ returned 0 after 819657 usecs` is ns >> 10: 819657 × 1024 ns.
    const slowest = [...s.drivers].sort((x, y) => y.ms - x.ms)[0]!;
    expect(slowest).toMatchObject({ name: '0:0:0:0', phase: 'deviceSuspend', ms: 839.328768, printed: { value: 819657, unit: 'ns>>10' } });
    expect(s.drivers.find((d) => d.name === '0000:02:00.0' && d.phase === 'noirqSuspend')?.printed?.value).toBe(15384);
    expect(s.drivers.find((d) => d.name === '0000:00:16.0' && d.phase === 'noirqResume')?.printed?.value).toBe(14489);
  });

  it('OMAP3 5.13: PM: suspend entry / PM: suspend exit bound the cycle', () => {
    const { switches } = analyse('upstream-5.13rc_omap3-gta04_suspend-entry-exit_linux-omap-2021.log');
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s.outcome).toBe('ok');
    // 769.181793 → 769.514526; 769.514556 → 770.142852.
    expect(s.suspendMs).toBeCloseTo(332.733, 3);
    expect(s.resumeMs).toBeCloseTo(628.296, 3);
    expect(s.boundaries?.visible?.line).toBe(30);
    expect(s.kernelTotals).toEqual({});
  });

  it('6.1 arm64 with pm_print_times and vendor prefixes: a suspend that hangs, reported incomplete', () => {
    const { switches } = analyse('upstream-6.1_arm64-cix_pm_print_times_linux-pci-2025.log');
    expect(switches).toHaveLength(1);
    const s = switches[0]!;
    expect(s.incomplete).toBe(true);
    expect(s.boundaries?.suspendStart?.line).toBe(9);
    expect(s.anomalies.join(' ')).toContain('log ended during platform suspend');
    expect(s.drivers.find((d) => d.name === 'linlondp 141d0000.disp-controller')).toMatchObject({ phase: 'deviceSuspend', ms: 7.874 });
    expect(s.drivers.find((d) => d.name === 'sky1-pcie a070000.pcie')).toMatchObject({ phase: 'noirqSuspend', ms: 26.379 });
    expect(s.drivers.find((d) => d.name === 'nvme 0000:91:00.0' && d.phase === 'lateSuspend')).toBeDefined();
  });
});
