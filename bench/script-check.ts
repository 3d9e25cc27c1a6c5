// How fast the editor can re-check a script on every keystroke: parse and
// full check (rules + dry run) of the DESIGN sketch, a 1,000-line script and
// a 10,000-line one, and the compiler on the large one.
import { performance } from 'node:perf_hooks';
import { checkScript } from '../common/script/checker';
import { compileScript } from '../common/script/compile';
import { galaxyNexusContext } from '../common/script/galaxy-nexus-context';
import { parse } from '../common/script/parser';

const context = galaxyNexusContext({ interface: 'fsw-notes' });
const preamble = [
  'reserve 16 sections at 0x90000000 for jb',
  'load "images/jb/zImage" at 0x91808000 as kernel for jb',
  'load "images/jb/initrd" at 0x92800000 for jb',
  'load atags at 0x90000100 as param for jb',
  'boot jb',
  'wait until jb running timeout 90s',
];
const body = ['switch ics', 'expect last.total < 2s', 'wait 3s', 'wakelock hold bench for 2s', 'switch jb force', 'expect last.wakelockWait <= 300ms', 'mark "round"', 'wait 1500ms'];

function script(lines: number): string {
  const out = [...preamble, 'repeat 10 {'];
  while (out.length < lines - 1) out.push(`  ${body[out.length % body.length]}`);
  out.push('}');
  return out.join('\n');
}

function time(label: string, runs: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(3, runs); i++) fn();
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const p90 = times[Math.floor(times.length * 0.9)] ?? 0;
  console.log(`${label.padEnd(34)} median ${median.toFixed(3).padStart(8)} ms   p90 ${p90.toFixed(3).padStart(8)} ms   (${runs} runs)`);
}

const sketch = script(20);
const medium = script(1_000);
const large = script(10_000);
time('parse, 20 lines', 200, () => parse(sketch));
time('check, 20 lines', 200, () => checkScript(sketch, context));
time('parse, 1,000 lines', 50, () => parse(medium));
time('check, 1,000 lines', 50, () => checkScript(medium, context));
time('parse, 10,000 lines', 10, () => parse(large));
time('check, 10,000 lines', 10, () => checkScript(large, context));
time('check + compile, 10,000 lines', 10, () => compileScript(large, context));
const lines = large.split('\n').length;
const start = performance.now();
checkScript(large, context);
console.log(`throughput: ${Math.round(lines / ((performance.now() - start) / 1000)).toLocaleString('en')} lines/s checked`);
