import { describeCycleClocks } from '../../kernel-log/cycle-clocks';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { createKernelLogPipeline, summarizeSwitches, type DetectedFormat, type PhaseStats } from '../../kernel-log';
import { parseCommandArgs, UsageError, WorkError, type CliCommand } from '../command';

const usage = `Usage: fsw analyze FILE... [--json] [--csv] [--source uart|kmsg|dmesg]

Finds every switch and suspend/resume cycle in kernel logs (UART captures,
/proc/kmsg, dmesg, upstream dmesg) and splits each into wakelock wait,
suspend and resume, per phase and per driver.

  --json            print { switches, summary } (schema: docs/analyze-json.md)
  --csv             one row per switch
  --source SOURCE   how the files were captured: uart, kmsg or dmesg (default: file)

Files carry no host receive clock: a duration that spans two kernels is
shown as - (null in JSON), never guessed.`;

const SourceFlag = z.enum(['uart', 'kmsg', 'dmesg']);

/** Phases in the order they happen, for tables and CSV columns. */
const PHASE_ORDER = ['wakelockWait', 'sync', 'freeze', 'devicePrepare', 'deviceSuspend', 'platformPrepare', 'lateSuspend', 'noirqSuspend', 'platformSuspend', 'platformResume', 'noirqResume', 'earlyResume', 'platformFinish', 'deviceResume', 'resumeComplete', 'thaw', 'kernelBoot'];
const SUMMARY_ORDER = ['wakelockWait', 'suspend', 'resume', 'total', ...PHASE_ORDER.slice(1)];

interface FileResult {
  file: string;
  switches: SwitchRecord[];
  format: DetectedFormat;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'find switches and suspend/resume cycles in kernel logs and time them',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('analyze', argv, {
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      source: { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('fsw analyze: give at least one log file');
    if (values.json && values.csv) throw new UsageError('fsw analyze: --json and --csv exclude each other');
    let source: 'uart' | 'kmsg' | 'dmesg' | 'file' = 'file';
    if (values.source !== undefined) {
      const parsed = SourceFlag.safeParse(values.source);
      if (!parsed.success) throw new UsageError(`fsw analyze: --source must be uart, kmsg or dmesg, got '${values.source}'`);
      source = parsed.data;
    }

    const results: FileResult[] = [];
    const refused: string[] = [];
    let nextId = 0;
    for (const file of positionals) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new WorkError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const pipeline = createKernelLogPipeline({ source, hostClock: false, keepRecords: false });
      const switches = [...pipeline.push(bytes, 0).switches, ...pipeline.end(0).switches];
      const format = pipeline.format();
      if (!format.isKernelLog) {
        refused.push(`${file}: not a kernel log (${format.lines} lines, ${format.timestamped} with a printk timestamp, ${format.pmLines} suspend/resume or Fastswitch lines). Give a dmesg, /proc/kmsg or UART capture.`);
        continue;
      }
      for (const s of switches) s.id = nextId++;
      results.push({ file, switches, format });
    }
    if (refused.length) throw new WorkError(refused.join('\n'));

    const all = results.flatMap((r) => r.switches);
    const summary = summarizeSwitches(all);
    if (values.json) {
      const switches = results.flatMap((r) => r.switches.map((s) => ({ ...s, file: r.file })));
      io.out(JSON.stringify({ switches, summary }, null, 2));
    } else if (values.csv) {
      io.out(toCsv(results));
    } else {
      io.out(toTable(results, summary));
    }
    return 0;
  },
};

function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function toTable(results: FileResult[], summary: Record<string, PhaseStats>): string {
  const out: string[] = [];
  for (const r of results) {
    const flavour = r.format.flavour === 'unknown' ? '' : `${r.format.flavour} `;
    out.push(`${r.file}: ${r.format.lines} lines, ${flavour}kernel log (${r.format.envelope} envelope), ${r.switches.length} cycle(s)`);
    if (r.switches.length === 0) {
      out.push('  no suspend/resume cycle or switch in this log', '');
      continue;
    }
    // An anomaly many cycles share word for word (a file has no host clock) is said once, here.
    const counts = new Map<string, number>();
    for (const s of r.switches) for (const a of new Set(s.anomalies)) counts.set(a, (counts.get(a) ?? 0) + 1);
    const shared = [...counts].filter(([, n]) => n >= 3).map(([a]) => a);
    for (const a of shared) out.push(`  note (${counts.get(a)} cycles): ${a}`);
    const widths = [4, 34, 10, 10, 10, 10, 13];
    out.push('  ' + pad(['#', 'kind / outcome', 'wait', 'suspend', 'resume', 'total', 'lines'], widths));
    for (const s of r.switches) {
      const route = s.from || s.to ? ` ${s.from ?? '?'}→${s.to ?? '?'}` : '';
      const total = s.totalMs === null ? '-' : `${ms(s.totalMs)}${s.clocks?.totalMs === 'host' ? ' (host)' : ''}`;
      out.push('  ' + pad([String(s.id), `${s.kind}${route} ${s.outcome}${s.incomplete ? ' (incomplete)' : ''}`, ms(s.wakelockWaitMs), ms(s.suspendMs), ms(s.resumeMs), total, `${s.lines[0]}-${s.lines[1]}`], widths));
      const phases = PHASE_ORDER.filter((p) => p !== 'wakelockWait' && s.phases[p] !== undefined).map((p) => `${p} ${ms(s.phases[p])}`);
      const joined = Object.keys(s.phases).filter((p) => !PHASE_ORDER.includes(p)).map((p) => `${p} ${ms(s.phases[p])}`);
      if (phases.length || joined.length) out.push(`       phases: ${[...phases, ...joined].join(', ')}`);
      const clocks = describeCycleClocks(s);
      if (clocks) out.push(`       clocks: ${clocks}`);
      const slow = [...s.drivers].sort((a, b) => b.ms - a.ms).slice(0, 3);
      if (slow.length) out.push(`       slowest drivers: ${slow.map((d) => `${d.name} (${d.phase}) ${d.ms.toFixed(3)} ms`).join(', ')}`);
      if (s.blockingWakelocks.length) out.push(`       wakelocks: ${s.blockingWakelocks.join(', ')}${s.lastReleasedWakelock ? ` (released last: ${s.lastReleasedWakelock})` : ''}`);
      if (s.abort) out.push(`       stopped in ${s.abort.phase} at line ${s.abort.line}: ${s.abort.cause}`);
      for (const a of s.anomalies) if (!shared.includes(a)) out.push(`       ! ${a}`);
    }
    out.push('');
  }
  const names = [...SUMMARY_ORDER.filter((n) => summary[n]), ...Object.keys(summary).filter((n) => !SUMMARY_ORDER.includes(n))];
  if (names.length === 0) {
    out.push('Summary: no completed cycle to summarise.');
    return out.join('\n');
  }
  out.push('Summary (completed switches, or plain suspends where there is no switch; boots and section transfers left out; ms):');
  const widths = [22, 6, 10, 10, 10, 10, 10];
  out.push('  ' + pad(['phase', 'count', 'mean', 'median', 'p90', 'min', 'max'], widths));
  for (const n of names) {
    const st = summary[n]!;
    out.push('  ' + pad([n, String(st.count), st.mean.toFixed(3), st.median.toFixed(3), st.p90.toFixed(3), st.min.toFixed(3), st.max.toFixed(3)], widths));
  }
  return out.join('\n');
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(results: FileResult[]): string {
  const all = results.flatMap((r) => r.switches.map((s) => ({ file: r.file, s })));
  const extra = [...new Set(all.flatMap(({ s }) => Object.keys(s.phases)))].filter((p) => !PHASE_ORDER.includes(p)).sort();
  const phases = [...PHASE_ORDER, ...extra];
  const head = ['file', 'id', 'kind', 'from', 'to', 'outcome', 'wakelockWaitMs', 'suspendMs', 'resumeMs', 'totalMs', 'clock', 'totalClock', 'firstLine', 'lastLine', 'blockingWakelocks', 'anomalies', 'sleepState', 'cycleMs', 'hostCycleMs', 'asleepMs', ...phases.map((p) => `phase.${p}`)];
  const rows = all.map(({ file, s }) => [file, s.id, s.kind, s.from, s.to, s.outcome, s.wakelockWaitMs, s.suspendMs, s.resumeMs, s.totalMs, s.clock, s.clocks?.totalMs, s.lines[0], s.lines[1], s.blockingWakelocks.join(' '), s.anomalies.join(' | '), s.sleepState, s.cycleMs, s.host?.cycleMs, s.asleepMs, ...phases.map((p) => s.phases[p])]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n');
}
