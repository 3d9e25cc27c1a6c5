import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SwitchRecord } from '../../../common/domain/switch-record';
import { runCli } from '../../../main/cli/run-cli';
import { fixtures } from '../../support/fixtures';
import { generateSwitchLog } from '../../support/switch-log-generator';

const dir = mkdtempSync(join(tmpdir(), 'fsw-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fsw(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

const generated = generateSwitchLog({ seed: 11, switches: 30, initcallDebug: true });
const uartFile = join(dir, 'uart.log');
writeFileSync(uartFile, generated.text);

// The DESIGN §9 contract, written out here so a change to the output that breaks it fails this test.
const Stats = z.object({ count: z.number().int(), mean: z.number(), median: z.number(), p90: z.number(), min: z.number(), max: z.number() }).strict();
const AnalyzeJson = z
  .object({
    switches: z.array(SwitchRecord.extend({ file: z.string() })),
    summary: z.record(z.string(), Stats),
  })
  .strict();

describe('fsw analyze', () => {
  it('prints a table of cycles with their breakdown and slowest drivers, then the summary', async () => {
    const { code, out } = await fsw('analyze', uartFile);
    expect(code).toBe(0);
    expect(out).toContain(`${uartFile}: ${generated.lines} lines, fastswitch kernel log`);
    // A file that starts mid-session does not say which kernel ran first: unknown, not guessed.
    expect(out).toMatch(/boot \?→jb ok/);
    expect(out).toMatch(/switch jb→ics ok/);
    expect(out).toContain('phases: sync');
    expect(out).toContain('slowest drivers:');
    expect(out).toMatch(/Summary \(completed switches, or plain suspends where there is no switch; boots and section transfers left out; ms\):\n\s+phase\s+count/);
    expect(out).toMatch(/\n\s+wakelockWait\s+\d+/);
  });

  it('--json prints exactly { switches, summary } in the documented shape', async () => {
    const { code, out } = await fsw('analyze', uartFile, '--json');
    expect(code).toBe(0);
    const parsed = AnalyzeJson.parse(JSON.parse(out));
    expect(parsed.switches).toHaveLength(generated.truth.length);
    expect(parsed.switches.map((s) => s.kind)).toEqual(generated.truth.map((t) => t.kind));
    expect(Object.keys(parsed.summary)).toEqual(expect.arrayContaining(['wakelockWait', 'suspend', 'resume', 'deviceSuspend']));
    // A file has no host clock: cross-kernel totals are null, never guessed.
    expect(parsed.switches.filter((s) => s.outcome === 'ok' && s.from !== s.to).every((s) => s.totalMs === null)).toBe(true);
  });

  it('--csv prints a header and one row per switch', async () => {
    const { code, out } = await fsw('analyze', uartFile, '--csv');
    expect(code).toBe(0);
    const rows = out.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^file,id,kind,from,to,outcome,wakelockWaitMs,suspendMs,resumeMs,totalMs,clock,totalClock,firstLine,lastLine,blockingWakelocks,anomalies,sleepState,cycleMs,hostCycleMs,asleepMs,phase\./);
    expect(rows).toHaveLength(generated.truth.length + 1);
    expect(rows[1]).toContain(',boot,,jb,ok,');
  });

  it('refuses a file that is not a kernel log with a message that says what it saw, exit 1', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'shopping list\neggs\nmilk\n');
    const { code, err, out } = await fsw('analyze', notes);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`${notes}: not a kernel log (3 lines, 0 with a printk timestamp`);
  });

  it('says what is wrong with a missing file or a bad flag', async () => {
    expect((await fsw('analyze', join(dir, 'nope.log'))).err).toContain('cannot read');
    const bad = await fsw('analyze', uartFile, '--source', 'serial');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--source must be uart, kmsg or dmesg');
    expect((await fsw('analyze')).code).toBe(2);
    expect((await fsw('analyze', uartFile, '--json', '--csv')).code).toBe(2);
  });

  it.skipIf(!fixtures.available)(`reads every real log in the fixtures ${fixtures.reason}`, async () => {
    const logs = ['galaxy-nexus_tuna-3.0_2013_suspend-cycles.log', 'galaxy-nexus_tuna-3.0_2013_aborts.log', 'tf201_android-2.6.36_2012_request-without-suspend.log'].map((f) => fixtures.path('logs', f));
    const { code, out } = await fsw('analyze', '--source', 'dmesg', '--json', ...logs);
    expect(code).toBe(0);
    const parsed = AnalyzeJson.parse(JSON.parse(out));
    expect(parsed.switches.map((s) => [s.id, s.outcome])).toEqual([
      [0, 'ok'],
      [1, 'ok'],
      [2, 'aborted'],
      [3, 'aborted'],
    ]);
    // The two ok cycles' own `PM: suspend of devices complete after` figures: 6.076 and 6.961 ms.
    // p90 linear between the two ranks: 6.076 + 0.9 × (6.961 − 6.076) = 6.8725
    expect(parsed.summary.deviceSuspend).toMatchObject({ count: 2, p90: 6.873, min: 6.076, max: 6.961 });
    expect(parsed.summary.deviceSuspend!.mean).toBeCloseTo(6.5185, 2);
  });
});
