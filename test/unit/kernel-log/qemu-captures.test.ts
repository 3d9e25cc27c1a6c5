import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { analyzeLogText, createKernelLogPipeline } from '../../../main/kernel-log';

// Our own captures of Debian's 6.1 x86-64 kernel under qemu-system-x86_64 (test/fixtures/qemu/README.md):
// each line is `<host receive ms>\t<console line>`. Expected figures were read off the files by hand.

interface CapturedLine {
  hostMs: number;
  text: string;
}

function capture(name: string): CapturedLine[] {
  const text = readFileSync(join(__dirname, '../../fixtures/qemu', name), 'latin1');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const tab = l.indexOf('\t');
      return { hostMs: Number(l.slice(0, tab)), text: l.slice(tab + 1) };
    });
}

/** As a live capture: every line pushed at its host receive time. */
function live(name: string): SwitchRecord[] {
  const p = createKernelLogPipeline({ source: 'uart', keepRecords: false });
  const out: SwitchRecord[] = [];
  for (const l of capture(name)) out.push(...p.push(`${l.text}\n`, l.hostMs).switches);
  out.push(...p.end(Number.MAX_SAFE_INTEGER).switches);
  return out;
}

/** As a saved file: printk clock only. */
function file(name: string): SwitchRecord[] {
  return analyzeLogText(capture(name).map((l) => l.text).join('\n') + '\n').switches;
}

const TOTAL_LINE = /PM: (suspend|late suspend|noirq suspend|noirq resume|early resume|resume) of devices complete after ([\d.]+) msecs/;
const PHASE_OF: Record<string, string> = {
  suspend: 'deviceSuspend',
  'late suspend': 'lateSuspend',
  'noirq suspend': 'noirqSuspend',
  'noirq resume': 'noirqResume',
  'early resume': 'earlyResume',
  resume: 'deviceResume',
};

/** The kernel's own `… of devices complete after X msecs` figures inside a record's lines, by phase. */
function kernelFigures(name: string, s: SwitchRecord): Record<string, number> {
  const lines = capture(name);
  const out: Record<string, number> = {};
  for (let n = s.lines[0]; n <= s.lines[1]; n++) {
    const m = TOTAL_LINE.exec(lines[n - 1]!.text);
    if (m) out[PHASE_OF[m[1]!]!] = Number(m[2]);
  }
  return out;
}

const SUSPEND_PHASES = ['sync', 'freeze', 'devicePrepare', 'deviceSuspend', 'platformPrepare', 'lateSuspend', 'noirqSuspend', 'platformSuspend'];
const RESUME_PHASES = ['platformResume', 'noirqResume', 'earlyResume', 'platformFinish', 'deviceResume', 'resumeComplete', 'thaw'];
const sum = (s: SwitchRecord, names: string[]) => names.reduce((acc, n) => acc + (s.phases[n] ?? 0), 0);

describe('QEMU pc, ACPI S3 (`echo mem`, woken by QMP system_wakeup)', () => {
  const name = 'pc-s3-two-cycles.log';

  it('finds two plain-suspend cycles in the deep state, bounded by the 6.1 lines', () => {
    const switches = live(name);
    expect(switches).toHaveLength(2);
    for (const s of switches) expect(s).toMatchObject({ kind: 'plain-suspend', outcome: 'ok', sleepState: 'deep', anomalies: [], wakelockWaitMs: null });
    const [a, b] = switches as [SwitchRecord, SwitchRecord];
    // suspend entry (deep) … Calling lapic_suspend | ACPI: PM: Low-level resume complete … PM: suspend exit
    expect(a.boundaries).toMatchObject({ suspendStart: { line: 8 }, handover: { line: 115 }, wake: { line: 116 }, visible: { line: 226 } });
    expect(b.boundaries).toMatchObject({ suspendStart: { line: 228 }, handover: { line: 335 }, wake: { line: 336 }, visible: { line: 446 } });
    // 5.576409 → 5.678638; 5.680422 → 5.765115.
    expect(a.suspendMs).toBeCloseTo(102.229, 3);
    expect(a.resumeMs).toBeCloseTo(84.693, 3);
    // `Timekeeping suspended for 1.836 seconds`
    expect(a.suspendedForMs).toBe(1836);
    expect(b.suspendedForMs).toBe(1641);
  });

  it('each device phase is exactly the kernel’s own `complete after` figure', () => {
    for (const s of live(name)) {
      const printed = kernelFigures(name, s);
      expect(Object.keys(printed)).toHaveLength(6);
      for (const [phase, ms] of Object.entries(printed)) expect(s.phases[phase], phase).toBe(ms);
      expect(s.kernelTotals).toEqual(printed);
      expect(sum(s, SUSPEND_PHASES)).toBeCloseTo(s.suspendMs!, 2);
      expect(sum(s, RESUME_PHASES)).toBeCloseTo(s.resumeMs!, 2);
    }
  });

  it('the freeze phase ends at `PM: Suspending system (deep)`, where the device phase starts', () => {
    const [a, b] = live(name) as [SwitchRecord, SwitchRecord];
    // 5.576409 → 5.594733; 7.006342 → 7.014621
    expect(a.phases.sync! + a.phases.freeze!).toBeCloseTo(18.324, 3);
    expect(b.phases.sync! + b.phases.freeze!).toBeCloseTo(8.279, 3);
    // From `Suspending system` to the `suspend of devices complete` line, what the kernel’s figure leaves over is devicePrepare.
    expect(a.phases.devicePrepare).toBeGreaterThan(0);
  });

  it('per-device pm_print_times lines are real usecs, each in its phase', () => {
    const [a] = live(name) as [SwitchRecord];
    expect(a.drivers.length).toBeGreaterThan(50);
    expect(a.drivers.every((d) => d.printed?.unit === 'usecs' && d.ms === d.printed.value / 1000)).toBe(true);
    const phases = new Set(a.drivers.map((d) => d.phase));
    expect(phases).toEqual(new Set(['deviceSuspend', 'lateSuspend', 'noirqSuspend', 'noirqResume', 'earlyResume', 'deviceResume']));
    expect(a.anomalies.some((x) => x.includes('never returned'))).toBe(false);
  });

  it('live: the printk and host clocks side by side, differing by the time asleep', () => {
    const [a, b] = live(name) as [SwitchRecord, SwitchRecord];
    // printk 5.576409 → 5.765115; host 19246.601 → 21448.541; hand-over 19348.508; wake 21364.128.
    expect(a.cycleMs).toBeCloseTo(188.706, 3);
    expect(a.host).toEqual({ suspendMs: 101.907, resumeMs: 84.413, totalMs: null, cycleMs: 2201.94 });
    expect(a.asleepMs).toBeCloseTo(2013.234, 3);
    // printk 7.006342 → 7.117532; host 22688.590 → 24808.496.
    expect(b.cycleMs).toBeCloseTo(111.19, 3);
    expect(b.host?.cycleMs).toBeCloseTo(2119.906, 3);
    expect(b.asleepMs).toBeCloseTo(2008.716, 3);
    // No request line: totalMs (request → visible) stays unknown, on both clocks.
    expect(a.totalMs).toBeNull();
  });

  it('as a file: the same printk figures, and no host figures at all', () => {
    const [a] = file(name) as [SwitchRecord];
    expect(a.cycleMs).toBeCloseTo(188.706, 3);
    expect(a.suspendMs).toBeCloseTo(102.229, 3);
    expect(a).not.toHaveProperty('host');
    expect(a).not.toHaveProperty('asleepMs');
  });
});

describe('QEMU pc, suspend-to-idle (`echo freeze`, woken by a key press)', () => {
  const name = 'pc-s2idle-two-cycles.log';

  it('comes out as plain-suspend records in the s2idle state, woken by the keyboard IRQ', () => {
    const switches = live(name);
    expect(switches).toHaveLength(2);
    for (const s of switches) expect(s).toMatchObject({ kind: 'plain-suspend', outcome: 'ok', sleepState: 's2idle', anomalies: [], wakeReasons: ['IRQ 1'] });
    const [a] = switches as [SwitchRecord];
    // PM: suspend-to-idle | PM: Triggering wakeup from IRQ 1
    expect(a.boundaries).toMatchObject({ suspendStart: { line: 8 }, handover: { line: 103 }, wake: { line: 104 }, visible: { line: 201 } });
    // 6.912163 → 7.004190; 9.009001 → 9.058800: the two seconds asleep are in neither.
    expect(a.suspendMs).toBeCloseTo(92.027, 3);
    expect(a.resumeMs).toBeCloseTo(49.799, 3);
  });

  it('each device phase is exactly the kernel’s own figure', () => {
    for (const s of live(name)) {
      const printed = kernelFigures(name, s);
      expect(Object.keys(printed)).toHaveLength(6);
      for (const [phase, ms] of Object.entries(printed)) expect(s.phases[phase], phase).toBe(ms);
    }
  });

  it('the printk clock runs through suspend-to-idle: next to nothing is asleep on it, and that is no fake resume', () => {
    const [a, b] = live(name) as [SwitchRecord, SwitchRecord];
    // printk 6.912163 → 9.058800 = 2146.637; host 20840.468 → 22985.948 = 2145.480 (UART latency differs per line).
    expect(a.cycleMs).toBeCloseTo(2146.637, 3);
    expect(a.host?.cycleMs).toBeCloseTo(2145.48, 3);
    expect(a.asleepMs).toBe(0);
    expect(b.asleepMs).toBeCloseTo(0.28, 3);
  });
});

describe('QEMU q35, three S3 cycles: only the first really sleeps (SeaBIOS)', () => {
  const name = 'q35-s3-three-cycles.log';

  it('live: the second and third are flagged as fake resumes, the first is not', () => {
    const switches = live(name);
    expect(switches).toHaveLength(3);
    const [a, b, c] = switches as [SwitchRecord, SwitchRecord, SwitchRecord];
    for (const s of switches) {
      expect(s).toMatchObject({ kind: 'plain-suspend', outcome: 'ok', sleepState: 'deep' });
      for (const [phase, ms] of Object.entries(kernelFigures(name, s))) expect(s.phases[phase], phase).toBe(ms);
    }
    // printk 6.588435 → 6.741314 = 152.879; host 21052.802 → 23213.283 = 2160.481.
    expect(a.asleepMs).toBeCloseTo(2007.602, 3);
    expect(a.anomalies).toEqual([]);
    // printk 7.980239 → 8.098657 = 118.418; host 24452.666 → 24572.491 = 119.825.
    expect(b.asleepMs).toBeCloseTo(1.407, 3);
    // printk 9.342154 → 9.483675 = 141.521; host 25816.473 → 25958.755 = 142.282.
    expect(c.asleepMs).toBeCloseTo(0.761, 3);
    for (const s of [b, c]) {
      expect(s.anomalies).toHaveLength(1);
      expect(s.anomalies[0]).toMatch(/^fake resume: the machine did not really sleep/);
    }
    // The kernel still prints `Timekeeping suspended for 0.648 seconds` (from the RTC): no proof of a sleep.
    expect(b.suspendedForMs).toBe(648);
  });

  it('as a file nothing can tell, so nothing is claimed', () => {
    const switches = file(name);
    expect(switches).toHaveLength(3);
    for (const s of switches) expect(s.anomalies).toEqual([]);
  });
});

describe('the fake-resume check', () => {
  // One deep cycle in the 6.1 formats; host time = printk time + offset, plus `sleptMs` from the wake on.
  const cycle = `[   20.000000] PM: suspend entry (deep)
[   20.001000] Filesystems sync: 0.001 seconds
[   20.002000] Freezing user space processes
[   20.003000] Freezing user space processes completed (elapsed 0.001 seconds)
[   20.004000] PM: Suspending system (deep)
[   20.010000] PM: suspend of devices complete after 5.500 msecs
[   20.011000] PM: late suspend of devices complete after 0.900 msecs
[   20.012000] PM: noirq suspend of devices complete after 0.800 msecs
[   20.012100] ACPI: PM: Preparing to enter system sleep state S3
[   20.012500] Calling lapic_suspend+0x0/0x210
[   20.013000] ACPI: PM: Low-level resume complete
[   20.013200] Calling lapic_resume+0x0/0x360
[   20.014000] ACPI: PM: Waking up from system sleep state S3
[   20.016000] PM: noirq resume of devices complete after 1.500 msecs
[   20.018000] PM: early resume of devices complete after 1.600 msecs
[   20.030000] PM: resume of devices complete after 11.000 msecs
[   20.031000] Restarting tasks ... done.
[   20.032000] PM: suspend exit
`;
  function run(sleptMs: number, entry = 'deep'): SwitchRecord {
    const p = createKernelLogPipeline({ source: 'uart', keepRecords: false });
    const out: SwitchRecord[] = [];
    let woke = false;
    for (const text of cycle.replace('(deep)', `(${entry})`).split('\n').filter(Boolean)) {
      if (text.includes('Low-level resume complete')) woke = true;
      const printkMs = Number(/\[\s*([\d.]+)\]/.exec(text)![1]) * 1000;
      out.push(...p.push(`${text}\n`, printkMs + 3 + (woke ? sleptMs : 0)).switches);
    }
    expect(out).toHaveLength(1);
    return out[0]!;
  }

  it('flags a deep cycle whose printk clock stood still for less than 50 ms', () => {
    const s = run(20);
    expect(s.asleepMs).toBe(20);
    expect(s.anomalies).toEqual(['fake resume: the machine did not really sleep (deep suspend, but the printk clock stood still for only 20 ms of the 52 ms the host saw)']);
  });

  it('does not flag a real sleep, nor a state whose printk clock keeps running', () => {
    expect(run(50).anomalies).toEqual([]);
    expect(run(2000)).toMatchObject({ asleepMs: 2000, cycleMs: 32, host: { cycleMs: 2032, suspendMs: 12.5, resumeMs: 19 }, anomalies: [] });
    expect(run(0, 's2idle').anomalies).toEqual([]);
  });
});
