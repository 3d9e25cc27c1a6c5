import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { SwitchKind, SwitchOutcome } from '../../common/domain/switch-record';

/**
 * A stand-in for the simulator's ground truth until it lands: a seeded model
 * of two Fastswitch kernels sharing one UART, printing the exact formats of
 * pm-log-formats.md §3/§4, with the true time of every boundary. Each
 * instance's printk clock runs only while it runs (OMAP's 32 kHz sched_clock
 * stops while suspended) and is quantised to 1/32768 s; the host receives
 * each line after a UART latency in [latency.baseMs, baseMs + jitterMs],
 * in chunks that cut lines anywhere.
 */
export interface GeneratorOptions {
  seed: number;
  /** How many switch records to produce (boots, transfers and aborted attempts count). */
  switches: number;
  latency?: { baseMs: number; jitterMs: number };
  /** Per-device initcall_debug lines in some cycles. */
  initcallDebug?: boolean;
}

export interface TruthBoundary {
  /** 1-based line number of the boundary line. */
  line: number;
  /** True time in ms. */
  t: number;
}

export interface TruthRecord {
  kind: SwitchKind;
  from: number;
  to: number;
  outcome: SwitchOutcome;
  forced: boolean;
  request: TruthBoundary;
  suspendStart: TruthBoundary;
  handover: TruthBoundary | null;
  wake: TruthBoundary | null;
  visible: TruthBoundary;
  wakelockWaitMs: number;
  suspendMs: number | null;
  resumeMs: number | null;
  totalMs: number;
  blockingWakelocks: string[];
  /** The kernel's own printed totals, ms. */
  deviceSuspendMs: number;
  deviceResumeMs: number | null;
}

export interface GeneratedLog {
  chunks: { bytes: Uint8Array; hostTimeMs: number }[];
  /** The log as one string with `\n` line ends (for offline analysis). */
  text: string;
  lines: number;
  truth: TruthRecord[];
  /** Upper bound on |host receive time − true time| of any line, ms. */
  maxLatencyMs: number;
}

interface Line {
  text: string;
  t: number;
  stamped: boolean;
  bytes?: Uint8Array;
}

const NOISE = [
  'hub 1-0:1.0: activate --> -22',
  'max17040 4-0036: online = 1 vcell = 4036250 soc = 95 status = 2 health = 1 temp = 320 charger status = 0',
  'omapdss DISPC: channel 0 xres 1280 yres 720',
  'wl1271: down',
  'binder: 1234:1240 transaction failed 29189, size 0-0',
  'init: untracked pid 2345 exited',
];

const DEVICES = ['omapdss', 'pvrsrvkm', 'alarm', 'twl6030_rtc', 'omap_hsmmc.0', 'musb-omap2430', 'i2c_omap.1', 'omap-mcpdm'];

export function generateSwitchLog(options: GeneratorOptions): GeneratedLog {
  const rng = xoroshiro128plus(options.seed);
  const int = (a: number, b: number) => uniformInt(rng, a, b);
  const real = (a: number, b: number) => a + (b - a) * (int(0, 1_000_000) / 1_000_000);
  const chance = (p: number) => int(0, 999_999) < p * 1_000_000;
  const latency = options.latency ?? { baseMs: 2, jitterMs: 6 };

  const lines: Line[] = [];
  const truth: TruthRecord[] = [];
  let t = 100_000; // true ms
  let running = 1;
  const printk = new Map<number, number>([
    [1, 250.5],
    [2, 0],
  ]);
  const sleptAt = new Map<number, number>();
  let jbExists = false;
  const epochMs = Date.UTC(2012, 7, 20, 12, 0, 0);

  const advance = (ms: number) => {
    t += ms;
    printk.set(running, printk.get(running)! + ms / 1000);
  };
  const stamp = (s: number) => {
    const q = Math.floor(s * 32768) / 32768;
    const whole = Math.floor(q);
    const micros = Math.floor((q - whole) * 1e6);
    return `[${String(whole).padStart(5, ' ')}.${String(micros).padStart(6, '0')}] `;
  };
  const say = (text: string, gapMs = real(0.02, 0.4)): TruthBoundary => {
    advance(gapMs);
    lines.push({ text: stamp(printk.get(running)!) + text, t, stamped: true });
    return { line: lines.length, t };
  };
  const utc = () => {
    const d = new Date(epochMs + t);
    const ns = String(d.getUTCMilliseconds() * 1_000_000 + int(0, 999_999)).padStart(9, '0');
    return `${d.toISOString().slice(0, 19).replace('T', ' ')}.${ns} UTC`;
  };
  const noise = (n: number, spanMs: number) => {
    for (let i = 0; i < n; i++) say(NOISE[int(0, NOISE.length - 1)]!, spanMs / Math.max(1, n));
  };

  /** The request and the wakelock wait; returns the request boundary and blockers. */
  const request = (forced: boolean) => {
    const req = say('Fastswitch: [switch] trying suspend', real(50, 400));
    say(`request_suspend_state: sleep (0->3) at ${Math.round(printk.get(running)! * 1e9)} (${utc()})`, 0.1);
    const blockers: string[] = [];
    const wifi = !forced && chance(0.15);
    if (forced) {
      blockers.push('wlan_rx_wake');
      say('active wake lock wlan_rx_wake, time left 121', real(5, 20));
      for (let i = 0; i < int(1, 3); i++) say('Fastswitch: WARNING, wakelock still active', real(10, 40));
    } else if (wifi) {
      blockers.push('wlan_rx_wake', 'wlan_wake');
      let left = 5 * 128;
      const waitMs = real(5000, 6000);
      const steps = int(3, 6);
      for (let i = 0; i < steps; i++) {
        say(`active wake lock wlan_rx_wake, time left ${left}`, waitMs / (steps + 1));
        if (i === 0) say('active wake lock wlan_wake', 0.05);
        left = Math.max(1, left - Math.round((waitMs / (steps + 1) / 1000) * 128));
      }
      say('wake lock wlan_rx_wake, expired', waitMs / (steps + 1));
    } else {
      advance(real(150, 250));
    }
    return { req, blockers };
  };

  /** Suspend start through device suspend, in the running kernel. */
  const suspendDevices = () => {
    const ss = say('PM: Syncing filesystems ... done.', real(1, 5));
    say('PM: Preparing system for mem sleep', real(3, 8));
    say('Freezing user space processes ... (elapsed 0.02 seconds) done.', real(10, 25));
    say('Freezing remaining freezable tasks ... (elapsed 0.02 seconds) done.', real(20, 25));
    say('PM: Entering mem sleep', real(20, 25));
    advance(real(0.3, 1.2)); // dpm_prepare, console
    const before = t;
    if (options.initcallDebug && chance(0.3)) {
      for (const d of DEVICES) {
        say(`calling  ${d}+ @ ${int(1, 3000)}`, 0.03);
        const us = int(20, 40_000);
        advance((us * 1024) / 1e6);
        say(`call ${d}+ returned 0 after ${us} usecs`, 0);
      }
    } else {
      advance(real(66, 108));
    }
    const devMs = t - before + 0.05;
    const devLine = say(`PM: suspend of devices complete after ${devMs.toFixed(3)} msecs`, 0.05);
    return { ss, devMs, devLine };
  };

  const resumeSide = (from: number, to: number) => {
    const slept = sleptAt.has(to) ? (t - sleptAt.get(to)!) / 1000 : 0;
    const wake = say('GIC returns spurious interrupt for resume IRQ', real(0.3, 2));
    say('Successfully put all powerdomains to target state', 0.03);
    say(`Suspended for ${slept.toFixed(3)} seconds`, 0.03);
    say('Enabling non-boot CPUs ...', 0.06);
    say('CPU1: Booted secondary processor', real(20, 50));
    say('CPU1 is up', 0.3);
    const early = real(0.9, 2.1);
    say(`PM: early resume of devices complete after ${early.toFixed(3)} msecs`, early + 0.1);
    say(`Fastswitch: resumed from instance ${from} to instance ${to}`, 0.3);
    say(`request_suspend_state: wakeup (3->0) at ${Math.round(printk.get(running)! * 1e9)} (${utc()})`, 0.2);
    const resumeDev = real(90, 115);
    say(`PM: resume of devices complete after ${resumeDev.toFixed(3)} msecs`, resumeDev + 0.2);
    say('PM: Finishing wakeup.', 0.7);
    if (chance(0.3)) {
      say('Restarting tasks ... ', 0.05);
      say(NOISE[0]!, 0.4);
      say('done.', real(10, 25));
    } else say('Restarting tasks ... done.', real(5, 25));
    const visible = say(`suspend: exit suspend, ret = 0 (${utc()})`, real(0.5, 10));
    return { wake, visible, resumeDev };
  };

  const lateAndHandover = (target: number, boot: boolean) => {
    if (boot) {
      say(`Fastswitch: boot mode, instance ${target} (params at c0a00100)`, 0.2);
      say('Fastswitch: Found zImage at [0x91808000], ready to switch-boot', 0.1);
    } else {
      say(`Fastswitch: switch-suspend mode, boot instance ${target.toString(16)} (params at c0a00100)`, 0.2);
      say(`Fastswitch: ready to switch-suspend to instance ${target}`, 0.1);
    }
    const late = real(0.6, 1.0);
    say(`PM: late suspend of devices complete after ${late.toFixed(3)} msecs`, late + 0.05);
    say('Disabling non-boot CPUs ...', 0.02);
    return say('CPU1: shutdown', real(0.5, 16));
  };

  const doSwitch = (to: number, kind: SwitchKind, forcedIn?: boolean) => {
    const from = running;
    const forced = forcedIn ?? chance(0.1);
    const { req, blockers } = request(forced);
    if (chance(0.07)) {
      // The freezer aborts on a wakelock: the request stays pending and the kernel retries.
      const ssAbort = say('PM: Syncing filesystems ... done.', real(1, 5));
      say('PM: Preparing system for mem sleep', real(3, 8));
      say('Freezing user space processes ... (elapsed 0.02 seconds) done.', real(10, 25));
      say('Freezing remaining freezable tasks ... ', real(20, 25));
      say('active wake lock wlan_rx_wake, time left 126', 0.1);
      say('', 0);
      say('Freezing of tasks  aborted', 0.03);
      say('', 0.2);
      say('Restarting tasks ... done.', 0.01);
      const exit = say(`suspend: exit suspend, ret = -16 (${utc()})`, 4);
      truth.push({ kind, from, to, outcome: 'aborted', forced, request: req, suspendStart: ssAbort, handover: null, wake: null, visible: exit, wakelockWaitMs: ssAbort.t - req.t, suspendMs: null, resumeMs: null, totalMs: exit.t - req.t, blockingWakelocks: [...new Set([...blockers, 'wlan_rx_wake'])], deviceSuspendMs: 0, deviceResumeMs: null });
      say('active wake lock wlan_rx_wake, time left 126', 0.05);
      if (!blockers.includes('wlan_rx_wake')) blockers.push('wlan_rx_wake');
      advance(real(100, 300));
    }
    const { ss, devMs } = suspendDevices();
    const handover = lateAndHandover(to, false);
    sleptAt.set(from, t);
    advance(real(0.2, 1.5)); // the software hand-over prints nothing
    running = to;
    const r = resumeSide(from, to);
    truth.push({
      kind,
      from,
      to,
      outcome: 'ok',
      forced,
      request: req,
      suspendStart: ss,
      handover,
      wake: r.wake,
      visible: r.visible,
      wakelockWaitMs: ss.t - req.t,
      suspendMs: handover.t - ss.t,
      resumeMs: r.visible.t - r.wake.t,
      totalMs: r.visible.t - req.t,
      blockingWakelocks: blockers,
      deviceSuspendMs: devMs,
      deviceResumeMs: r.resumeDev,
    });
  };

  const noirqAbort = () => {
    const from = running;
    const { req, blockers } = request(false);
    const { ss, devMs } = suspendDevices();
    say('Fastswitch: switch-suspend mode, boot instance 2 (params at c0a00100)', 0.2);
    say(`Fastswitch: ready to switch-suspend to instance ${from === 1 ? 2 : 1}`, 0.1);
    say('active wake lock wlan_rx_wake, time left 127', 0.9);
    say('pm_noirq_op(): platform_pm_suspend_noirq+0x0/0x48 returns -11', 0.03);
    say('PM: Device power.0 failed to suspend late: error -11', 0);
    say('PM: early resume of devices complete after 1.221 msecs', 1.2);
    say('PM: Some devices failed to power down', 0.2);
    say('Fastswitch: suspend did not occur, cancelling', 0.1);
    say('PM: resume of devices complete after 91.903 msecs', 92);
    say('PM: Finishing wakeup.', 0.7);
    say('Restarting tasks ... done.', 0.1);
    const exit = say(`suspend: exit suspend, ret = -11 (${utc()})`, 30);
    truth.push({ kind: 'switch', from, to: from === 1 ? 2 : 1, outcome: 'aborted', forced: false, request: req, suspendStart: ss, handover: null, wake: null, visible: exit, wakelockWaitMs: ss.t - req.t, suspendMs: null, resumeMs: null, totalMs: exit.t - req.t, blockingWakelocks: [...new Set([...blockers, 'wlan_rx_wake'])], deviceSuspendMs: devMs, deviceResumeMs: 91.903 });
  };

  const boot = (target: number) => {
    const from = running;
    const { req, blockers } = request(false);
    const { ss, devMs } = suspendDevices();
    const handover = lateAndHandover(target, true);
    sleptAt.set(from, t);
    // Warm reset, boot loader, decompressor: no printk clock, only boot-loader noise on the UART.
    advance(real(300, 600));
    lines.push({ text: 'Texas Instruments X-Loader 1.41 (Jul 10 2012)', t, stamped: false });
    lines.push({ text: '', t, stamped: false, bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x55, 0x1b]) });
    t += real(800, 1200);
    lines.push({ text: 'Uncompressing Linux... done, booting the kernel.', t, stamped: false });
    t += real(200, 400);
    running = target;
    printk.set(target, 0);
    const wake = say('Linux version 3.0.31-g5639c04 (build@lab) (gcc version 4.6.x) #1 SMP PREEMPT', 0);
    say('CPU: ARMv7 Processor [412fc09a] revision 10 (ARMv7), cr=10c5387d', 0);
    say('Machine: Tuna', 0);
    say(`Fastswitch: current instance is child (${target})`, real(50, 100));
    noise(20, real(1200, 2000));
    say('Freeing init memory: 232K', real(10, 50));
    noise(10, real(20_000, 30_000));
    // Android is up when PowerManagerService turns the screen on: the last boot line the log shows.
    const visible = say(`request_suspend_state: wakeup (0->0) at ${Math.round(printk.get(target)! * 1e9)} (${utc()})`, real(10, 50));
    jbExists = true;
    truth.push({ kind: 'boot', from, to: target, outcome: 'ok', forced: false, request: req, suspendStart: ss, handover, wake, visible, wakelockWaitMs: ss.t - req.t, suspendMs: handover.t - ss.t, resumeMs: visible.t - wake.t, totalMs: visible.t - req.t, blockingWakelocks: blockers, deviceSuspendMs: devMs, deviceResumeMs: null });
  };

  noise(5, 500);
  while (truth.length < options.switches) {
    if (!jbExists) {
      boot(2);
    } else {
      const other = running === 1 ? 2 : 1;
      const roll = int(0, 99);
      if (roll < 8) {
        // A section-transfer round: the requester lends the CPU to the owner, who frees sections, and resumes last.
        const requester = running;
        say('Fastswitch: [request] 2 sections from instance ' + other, real(100, 300));
        doSwitch(other, 'section-transfer');
        say('Offlined Pages 4096', real(50, 200));
        say('Offlined Pages 4096', real(50, 200));
        doSwitch(requester, 'section-transfer');
      } else if (roll < 13) {
        noirqAbort();
      } else if (roll < 17) {
        doSwitch(running, 'switch'); // a self-switch, how the author timed switches
      } else {
        doSwitch(other, 'switch');
      }
    }
    noise(int(2, 8), real(500, 3000));
  }

  return deliver(lines, truth, latency, int);
}

function deliver(lines: Line[], truth: TruthRecord[], latency: { baseMs: number; jitterMs: number }, int: (a: number, b: number) => number): GeneratedLog {
  const enc = new TextEncoder();
  const wire = lines.map((l) => concat([l.bytes ?? enc.encode(l.text), new Uint8Array([13, 10])]));
  // Each line reaches the host after a latency; the UART keeps order.
  const received: number[] = [];
  let host = 0;
  for (const l of lines) {
    host = Math.max(host, l.t + latency.baseMs + (latency.jitterMs * int(0, 1000)) / 1000);
    received.push(host);
  }
  // Lines that arrive within `windowMs` travel in one chunk, delivered when its last line is
  // complete. Often the last line's head comes a little earlier in a chunk of its own (a
  // partial line, possibly cut between its CR and LF).
  const windowMs = 1;
  const chunks: { bytes: Uint8Array; hostTimeMs: number }[] = [];
  let parts: Uint8Array[] = [];
  let groupStart = 0;
  let lastChunkMs = 0;
  for (let i = 0; i < wire.length; i++) {
    const next = wire[i + 1];
    if (next && received[i + 1]! - received[groupStart]! <= windowMs) {
      parts.push(wire[i]!);
      continue;
    }
    const line = wire[i]!;
    if (int(0, 2) === 0 && line.length > 1) {
      const cut = int(1, line.length - 1);
      parts.push(line.subarray(0, cut));
      lastChunkMs = Math.max(lastChunkMs, received[i]! - 0.1);
      chunks.push({ bytes: concat(parts), hostTimeMs: lastChunkMs });
      parts = [line.subarray(cut)];
    } else parts.push(line);
    lastChunkMs = received[i]!;
    chunks.push({ bytes: concat(parts), hostTimeMs: lastChunkMs });
    parts = [];
    groupStart = i + 1;
  }
  // The offline text is what went over the wire, decoded as latin1 so odd bytes survive one-to-one.
  const text = new TextDecoder('latin1').decode(concat(chunks.map((c) => c.bytes))).replace(/\r\n/g, '\n');
  return { chunks, text, lines: lines.length, truth, maxLatencyMs: latency.baseMs + latency.jitterMs + windowMs };
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
