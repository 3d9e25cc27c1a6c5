import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchRecord } from '../../../common/domain/switch-record';
import { createKernelLogPipeline } from '../../../main/kernel-log';
import { generateSwitchLog } from '../../support/switch-log-generator';

// A real log to cut up: its lines are the vocabulary the state machine reacts to.
const base = generateSwitchLog({ seed: 7, switches: 40, initcallDebug: true });
const vocabulary = base.text.split('\n');

interface Run {
  switches: SwitchRecord[];
  bytes: number;
  lines: number;
  work: number;
}

function run(chunks: (string | Uint8Array)[]): Run {
  const p = createKernelLogPipeline({ source: 'uart', initialInstance: 1, keepRecords: true });
  const switches: SwitchRecord[] = [];
  let bytes = 0;
  let host = 0;
  for (const c of chunks) {
    bytes += c.length;
    host += 1;
    switches.push(...p.push(c, host).switches);
  }
  switches.push(...p.end(host + 1).switches);
  return { switches, bytes, lines: p.stats().lines, work: p.stats().work };
}

/** Linear time, checked by counting: the work done is a small multiple of the input, whatever its shape. */
function expectLinear(r: Run): void {
  expect(r.work).toBeLessThanOrEqual(3 * r.bytes + 2 * r.lines + 16);
}

/** Every record fits the schema, points inside the input, and no duration is negative. */
function expectValid(r: Run): void {
  for (const s of r.switches) {
    expect(SwitchRecord.safeParse(s).success).toBe(true);
    const [first, last] = s.lines;
    expect(first).toBeGreaterThanOrEqual(1);
    expect(last).toBeGreaterThanOrEqual(first);
    expect(last).toBeLessThanOrEqual(r.lines);
    for (const b of Object.values(s.boundaries ?? {})) {
      if (!b) continue;
      expect(b.line).toBeGreaterThanOrEqual(first);
      expect(b.line).toBeLessThanOrEqual(last);
    }
    for (const ms of [s.wakelockWaitMs, s.suspendMs, s.resumeMs, s.totalMs, ...Object.values(s.phases)]) if (ms !== null) expect(ms).toBeGreaterThanOrEqual(0);
  }
}

const lineOf = fc.integer({ min: 0, max: vocabulary.length - 1 }).map((i) => vocabulary[i]!);

describe('fuzz: the analyser never throws, never hangs, and stays linear', () => {
  it('random bytes in random chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }), (chunks) => {
        const r = run(chunks);
        expectValid(r);
        expectLinear(r);
      }),
      { numRuns: 200 },
    );
  });

  it('real lines truncated, dropped, shuffled and interleaved, with clocks jumping backwards', () => {
    const mangled = fc.array(
      fc.oneof(
        lineOf,
        lineOf.chain((l) => fc.integer({ min: 0, max: l.length }).map((n) => l.slice(0, n))),
        fc.tuple(lineOf, lineOf).map(([a, b]) => a.slice(0, a.length >> 1) + b),
        lineOf.map((l) => l.replace(/\[\s*\d+\.\d+\]/, '[    0.000500]')),
        fc.constantFrom('[    0.000000] Linux version 3.0.8-gda6252b', 'done.', '', '\r', '[  1.0] x'),
      ),
      { maxLength: 400 },
    );
    fc.assert(
      fc.property(mangled, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 10 }), (lines, cuts) => {
        const text = lines.join('\n');
        const chunks: string[] = [];
        for (let at = 0, i = 0; at < text.length; i++) {
          const n = cuts[i % cuts.length]!;
          chunks.push(text.slice(at, at + n));
          at += n;
        }
        const r = run(chunks);
        expectValid(r);
        expectLinear(r);
      }),
      { numRuns: 200 },
    );
  });

  it('a kernel rebooting mid-switch closes that switch as incomplete and says why', () => {
    const lines = base.text.split('\n');
    // The first switch after jb has booted (the log starts with that boot).
    const booted = lines.findIndex((l) => l.includes('Freeing init memory'));
    const mid = lines.findIndex((l, i) => i > booted && l.includes('Disabling non-boot CPUs'));
    const text = [...lines.slice(0, mid + 1), '[    0.000000] Linux version 3.0.8-gda6252b (android-build) #1 SMP PREEMPT', '[    0.120000] Fastswitch: current instance is master (1)', ...lines.slice(mid + 1, mid + 5)].join('\n');
    const r = run([text]);
    const broken = r.switches.find((s) => s.incomplete);
    expect(broken?.anomalies.join(' ')).toMatch(/kernel rebooted at line \d+/);
    expectValid(r);
  });

  it('one enormous line fed a byte at a time stays linear', () => {
    const enc = new TextEncoder();
    const chunks = [...enc.encode('[  1.000000] ' + 'y'.repeat(100_000) + '\n')].map((b) => new Uint8Array([b]));
    const r = run(chunks);
    expectLinear(r);
    expect(r.lines).toBeGreaterThan(1);
  });

  it('a gap record inside a cycle is reported on that cycle', () => {
    const p = createKernelLogPipeline({ source: 'uart', initialInstance: 1 });
    p.push('[  10.000000] PM: Syncing filesystems ... done.\n', 0);
    p.pushRecord({ seq: 1, source: 'uart', hostTimeMs: 1, hostWallMs: 1, kernelTime: null, level: null, instance: null, text: 'UART overrun: 312 bytes lost', kind: 'gap' });
    const { switches } = p.end(2);
    expect(switches[0]?.anomalies.join(' ')).toContain('gap at line 2');
  });
});
