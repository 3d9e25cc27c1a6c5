/**
 * The log view under a flood, in Chromium through the web mode: the real
 * service, analyser and WebSocket bridge feed the built renderer 5,000
 * kernel-log lines per second for 60 s, with a switch in the stream every
 * couple of seconds so the charts update meanwhile. Prints the frames per
 * second and the longest task; then loads the renderer to 1,000,000 lines,
 * times a regular-expression filter over them and reads the renderer's heap.
 *
 *   node --import tsx --expose-gc bench/ui-log-flood.ts [--seconds 60] [--rate 5000] [--lines 1000000]
 *
 * Needs `npm run build` first (the built renderer in out/renderer).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';
import type { TargetInfo } from '../common/api/contract';
import type { DeviceState } from '../common/domain/device-state';
import { galaxyNexusContext } from '../common/script/galaxy-nexus-context';
import { createKernelLogPipeline } from '../main/kernel-log';
import { createWorkbenchService } from '../main/services/workbench';
import type { TargetConnection, TargetProvider, TargetSink } from '../main/targets/target';
import { wallClock } from '../main/targets/wall-clock';
import { startWebServer } from '../main/web/web-server';
import { generateSwitchLog } from '../test/support/switch-log-generator';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '5000' },
    lines: { type: 'string', default: '1000000' },
    /** Also print where the renderer's time went during the flood (CPU profile, self time by function). */
    profile: { type: 'boolean', default: false },
    /** Which chart the charts area shows during the flood (per switch by default: the heaviest to redraw). */
    chart: { type: 'string', default: 'switches' },
  },
});
const RENDERER_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));
// Debian's Chromium, launched as test/support/browser.ts does (that module is CommonJS-only: __dirname).
const launchChromium = () =>
  chromium.launch({
    executablePath: process.env.FSW_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const TOTAL_LINES = Number(values.lines);
const TICK_MS = 20;

const NOISE = [
  'binder: 1234:1240 transaction failed 29189, size 0-0',
  'max17040 4-0036: online = 1 vcell = 4036250 soc = 95 status = 2 health = 1 temp = 320 charger status = 0',
  'omapdss DISPC: channel 0 xres 1280 yres 720',
  'wl1271: RX BA session started on TID 0',
  'init: untracked pid 2345 exited',
  'lowmemorykiller: Killing \'d.process.acore\' (1523), adj 15, to free 15332kB on behalf of \'kswapd0\' (25) because cache 24668kB is below limit 24576kB for oom_score_adj 529',
  'usb 1-1: new high speed USB device number 3 using ehci-omap',
  'healthd: battery l=95 v=4036 t=32.0 h=2 st=2 chg=u',
];

/**
 * A target whose UART floods: a generated Fastswitch log (real switch
 * cycles, real formats) played back twice as fast as it was printed, with
 * chatter lines between its lines up to `rate` lines per second. Chatter
 * carries the printk stamp of the kernel line before it, so each kernel's
 * clock stays monotonic and the analyser still finds every switch.
 */
function floodProvider(): { provider: TargetProvider; bulk: (lines: number, shown: () => Promise<number>) => Promise<void>; stop: () => void } {
  const log = generateSwitchLog({ seed: 7, switches: 200 });
  const real = log.text.split('\n').filter((l) => l.length > 0);
  // Host times of the real lines, from the generator's chunks (one time per chunk: spread lines evenly over the span).
  const span = log.chunks.at(-1)!.hostTimeMs - log.chunks[0]!.hostTimeMs;
  const dueAt = real.map((_, i) => ((i / real.length) * span) / 2);
  let sink: TargetSink | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let next = 0;
  let stamp = '[    0.000000] ';
  let noise = 0;
  const started = performance.now();
  const lineOf = () => {
    noise++;
    return `${stamp}${NOISE[noise % NOISE.length]} #${noise}\n`;
  };
  const emit = (count: number, now: number) => {
    let text = '';
    for (let n = 0; n < count; n++) {
      if (next < real.length && dueAt[next]! <= now - started) {
        const line = real[next++]!;
        const m = /^\[\s*\d+\.\d+\]\s/.exec(line);
        if (m) stamp = m[0];
        text += `${line}\n`;
      } else text += lineOf();
    }
    sink?.chunk('uart', text, now, Date.now());
  };
  const state: DeviceState = {
    model: 'Galaxy Nexus (flood)',
    runningInstance: 1,
    instances: [
      { id: 1, name: 'ics', kernel: '3.0.8', android: '4.0.4', status: 'running' },
      { id: 2, name: 'jb', kernel: '3.0.31', android: '4.1.1', status: 'sleeping' },
    ],
    sections: [],
  };
  const info = (status: TargetInfo['status']): TargetInfo => ({ id: 'flood', kind: 'serial', label: 'Flooding UART', status, detail: `${RATE} lines/s` });
  const provider: TargetProvider = {
    list: async () => [info('disconnected')],
    open: (id, s) => {
      if (id !== 'flood') return null;
      sink = s;
      // By elapsed time, not per tick: a late timer (a busy machine) sends more, so the rate holds.
      const floodStart = performance.now();
      let sent = 0;
      timer = setInterval(() => {
        const now = performance.now();
        const due = Math.round((RATE * (now - floodStart)) / 1000) - sent;
        sent += due;
        emit(due, now);
      }, TICK_MS);
      const connection: TargetConnection = {
        info: () => info('connected'),
        deviceState: async () => state,
        writeControl: async () => undefined,
        readControl: async () => '',
        shell: async () => '',
        push: async () => undefined,
        scriptContext: async () => galaxyNexusContext({ instances: [{ id: 1, name: 'ics', status: 'running' }, { id: 2, name: 'jb', status: 'sleeping' }] }),
        clock: wallClock(),
        instanceNames: () => ({ 1: 'ics', 2: 'jb' }),
        close: async () => {
          if (timer) clearInterval(timer);
          sink = null;
        },
      };
      return Promise.resolve(connection);
    },
  };
  return {
    provider,
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
    // As fast as the page takes them: chunks of 10,000 lines, never more than 40,000 ahead of what it shows
    // (the web bridge drops events for a client that falls too far behind).
    bulk: async (lines, shown) => {
      const target = (await shown()) + lines;
      for (let done = 0; done < lines; done += 10_000) {
        emit(Math.min(10_000, lines - done), performance.now());
        await new Promise((r) => setTimeout(r, 30));
        while ((await shown()) < target - (lines - done) - 40_000) await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function printProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log('  renderer CPU by function (self time):');
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`    ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${key}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
};

async function main() {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`No built renderer in ${RENDERER_DIR}: run npm run build first.`);
  const flood = floodProvider();
  const service = createWorkbenchService({
    transport: 'web',
    providers: [flood.provider],
    createPipeline: (source, instanceNames, initialInstance, allocateSeq) => createKernelLogPipeline({ source, instanceNames, initialInstance, allocateSeq }),
    defaultScriptContext: () => galaxyNexusContext({ instances: [] }),
  });
  const server = await startWebServer({ dispatch: service.dispatch, hub: service.hub, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(`localStorage.setItem('fsw.chart-tab', ${JSON.stringify(values.chart)})`);
    await page.goto(server.url);
    await page.locator('[data-target="flood"] button', { hasText: 'Connect' }).waitFor();
    // Steady state, not start-up: the editor (Monaco, loaded lazily) is up and the page has settled.
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    // Frame times and long tasks, collected in the page itself.
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.evaluate(`(() => {
      window.frames_ = [];
      window.longTasks = [];
      window.longTaskAt = [];
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) { window.longTasks.push(entry.duration); window.longTaskAt.push(Math.round(entry.startTime)); } }).observe({ type: 'longtask', buffered: false });
      const tick = (t) => { window.frames_.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.locator('[data-target="flood"] button', { hasText: 'Connect' }).click();
    console.log(`flood: ${RATE} lines/s for ${SECONDS} s (a switch every ~2 s in the stream)…`);
    const floodStart = Date.now();
    const pageStart = (await page.evaluate('performance.now()')) as number;
    const switchTimes: number[] = [];
    const unsubscribe = service.hub.subscribe((name) => {
      if (name === 'switch.record') switchTimes.push(Date.now() - floodStart);
    });
    const profiler = values.profile ? await page.context().newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    flood.stop();
    unsubscribe();
    if (profiler) {
      printProfile(((await profiler.send('Profiler.stop')) as { profile: CpuProfile }).profile);
      const at = (await page.evaluate('window.longTaskAt')) as number[];
      const durations = (await page.evaluate('window.longTasks')) as number[];
      console.log(`  long tasks (ms after start: duration): ${at.map((t, i) => `${Math.round(t - pageStart)}:${Math.round(durations[i]!)}`).join(' ')}`);
      console.log(`  switches measured at (ms after start): ${switchTimes.join(' ')}`);
    }
    const floodWall = (Date.now() - floodStart) / 1000;
    const { frames, longTasks, connectTasks, lines, switches } = (await page.evaluate(`({
      frames: window.frames_.filter((t) => t >= ${pageStart}),
      longTasks: window.longTasks.filter((d, i) => window.longTaskAt[i] >= ${pageStart}),
      connectTasks: window.longTasks.filter((d, i) => window.longTaskAt[i] < ${pageStart}),
      lines: document.querySelector('[data-testid="log-count"]')?.textContent ?? '',
      switches: document.querySelector('[data-testid="switch-count"]')?.textContent ?? '',
    })`)) as { frames: number[]; longTasks: number[]; connectTasks: number[]; lines: string; switches: string };
    // fps per whole second of the flood (the first second holds page start-up: skipped).
    const perSecond = new Map<number, number>();
    const first = frames[0] ?? 0;
    for (const t of frames) perSecond.set(Math.floor((t - first) / 1000), (perSecond.get(Math.floor((t - first) / 1000)) ?? 0) + 1);
    const fps = [...perSecond.entries()].filter(([s]) => s >= 1 && s < Math.floor((frames.at(-1)! - first) / 1000)).map(([, n]) => n);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
    console.log(`  received: ${lines}, ${switches} (in ${floodWall.toFixed(1)} s)`);
    console.log(`  frames per second: median ${median(fps)}, min ${Math.min(...fps)}, max ${Math.max(...fps)} (aim: median ≥ 55)`);
    console.log(`  longest frame gap: ${Math.max(...gaps).toFixed(1)} ms; longest task: ${longTasks.length ? Math.max(...longTasks).toFixed(1) : '0 (none over 50)'} ms; tasks over 50 ms: ${longTasks.length} (aim: none over 100 ms)`);

    if (connectTasks.length) console.log(`  (before the flood, connecting: longest task ${Math.max(...connectTasks).toFixed(0)} ms)`);

    // Up to a million lines, then a regular expression over all of them.
    const count = async () => Number(((await page.locator('[data-testid="log-count"]').textContent()) ?? '').replace(/ of .*/, '').replace(/\D/g, ''));
    const missing = Math.max(0, TOTAL_LINES - (await count()));
    const bulkStart = Date.now();
    await flood.bulk(missing, count);
    while ((await count()) < TOTAL_LINES) await new Promise((r) => setTimeout(r, 200));
    console.log(`  loaded to ${TOTAL_LINES.toLocaleString()} lines (+${missing.toLocaleString()} in ${((Date.now() - bulkStart) / 1000).toFixed(1)} s)`);
    await page.getByLabel('Regular expression').check();
    const regex = 'lowmemorykiller: Killing .*adj (1[0-9]|9)';
    const clicked = Date.now();
    await page.locator('[data-testid="log-filter"]').fill(regex);
    await page.locator('[data-testid="filter-time"]').waitFor();
    const shown = await page.locator('[data-testid="log-count"]').textContent();
    const filterMs = await page.locator('[data-testid="filter-time"]').textContent();
    console.log(`  regex /${regex}/ over the log: ${filterMs} (${shown}); typed to drawn ${Date.now() - clicked} ms (aim: under 200 ms to filter)`);
    await page.locator('[data-testid="log-filter"]').fill('');

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    console.log(`  renderer heap after ${TOTAL_LINES.toLocaleString()}+ lines: ${(heap.usedSize / 2 ** 20).toFixed(0)} MB used, ${(heap.totalSize / 2 ** 20).toFixed(0)} MB allocated (aim: under 300 MB)`);
  } finally {
    flood.stop();
    await browser.close();
    await server.close();
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
