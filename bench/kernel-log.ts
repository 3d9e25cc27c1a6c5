// Kernel-log analyser throughput and memory (issue 4): parse + analyse a generated
// two-kernel UART log of 1,000,000 lines, streamed from disk in 64 KiB chunks the way
// a live capture arrives, records not kept. Aims: ≥ 1,000,000 lines/s on one core,
// peak memory well under 200 MB.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernelLogPipeline } from '../main/kernel-log';
import { generateSwitchLog } from '../test/support/switch-log-generator';

const TARGET_LINES = 1_000_000;
const file = join(tmpdir(), `fsw-bench-kernel-log-${TARGET_LINES}.log`);

if (process.argv[2] === '--generate') {
  // Run in its own process so the generator's memory does not count against the analyser.
  const log = generateSwitchLog({ seed: 424242, switches: Math.ceil(TARGET_LINES / 35), initcallDebug: true });
  const lines = log.text.split('\n').slice(0, TARGET_LINES);
  writeFileSync(file, lines.join('\n') + '\n');
  process.exit(0);
}

if (!existsSync(file)) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', process.argv[1]!, '--generate'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generating the bench log failed');
  console.log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function run(mode: 'bytes' | 'text', limitBytes = Infinity): { wall: number; cpu: number } {
  gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(64 * 1024);
  const decoder = new TextDecoder();
  // A replayed file has no host receive clock.
  const pipeline = createKernelLogPipeline({ source: 'uart', initialInstance: 1, keepRecords: false, hostClock: false });
  let switches = 0;
  let chunks = 0;
  let host = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0 || chunks * buf.length >= limitBytes) break;
    const chunk = buf.subarray(0, n);
    host += 5;
    switches += pipeline.push(mode === 'bytes' ? chunk : decoder.decode(chunk, { stream: true }), host).switches.length;
    if (++chunks % 64 === 0) {
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  switches += pipeline.end(host).switches.length;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  closeSync(fd);
  const lines = pipeline.stats().lines;
  if (limitBytes !== Infinity) return { wall: 0, cpu: 0 };
  console.log(
    `${mode === 'bytes' ? 'UART bytes' : 'text      '}: ${lines.toLocaleString('en')} lines, ${switches} switch records in ${seconds.toFixed(2)} s wall = ${Math.round(lines / seconds).toLocaleString('en')} lines/s; ` +
      `${cpuSeconds.toFixed(2)} s CPU = ${Math.round(lines / cpuSeconds).toLocaleString('en')} lines per CPU-second; peak RSS ${mb(peakRss)} (${mb(peakRss - baseRss)} above start), peak heap ${mb(peakHeap)}`,
  );
  return { wall: lines / seconds, cpu: lines / cpuSeconds };
}

// Wall time suffers when other work shares the cores; CPU time (this process, GC threads
// included, so if anything pessimistic) is the figure to compare with the one-core aim.
console.log(`kernel-log: parse + analyse, records not kept (${process.version}, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
// Warm the JIT on a few MB first; then three runs of each input kind.
run('bytes', 4e6);
run('text', 4e6);
for (const mode of ['bytes', 'text'] as const) {
  const runs = [run(mode), run(mode), run(mode)];
  const best = (k: 'wall' | 'cpu') => Math.round(Math.max(...runs.map((r) => r[k]))).toLocaleString('en');
  const median = (k: 'wall' | 'cpu') => Math.round(runs.map((r) => r[k]).sort((a, b) => a - b)[1]!).toLocaleString('en');
  console.log(`  ${mode}: wall best ${best('wall')} / median ${median('wall')} lines/s; CPU best ${best('cpu')} / median ${median('cpu')} lines per CPU-second (aim ≥ 1,000,000 on one core)`);
}
