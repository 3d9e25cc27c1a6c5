import { describe, expect, it } from 'vitest';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { analyzeLogText, createKernelLogPipeline } from '../../../main/kernel-log';
import { generateSwitchLog, type GeneratedLog, type TruthRecord } from '../../support/switch-log-generator';

const NAMES: Record<number, string> = { 1: 'ics', 2: 'jb' };

function analyseLive(g: GeneratedLog): SwitchRecord[] {
  const p = createKernelLogPipeline({ source: 'uart', initialInstance: 1, keepRecords: false });
  const out: SwitchRecord[] = [];
  for (const c of g.chunks) out.push(...p.push(c.bytes, c.hostTimeMs).switches);
  out.push(...p.end(Number.MAX_SAFE_INTEGER).switches);
  return out;
}

/** Every mismatch as text, so a failure lists them all at once. */
function compare(found: SwitchRecord[], truth: TruthRecord[], hostToleranceMs: number): string[] {
  const errors: string[] = [];
  if (found.length !== truth.length) errors.push(`found ${found.length} records, truth has ${truth.length}`);
  const within = (what: string, got: number | null, want: number, tol: number, i: number) => {
    if (got === null || Math.abs(got - want) > tol) errors.push(`#${i} ${what}: got ${got}, truth ${want.toFixed(3)} (±${tol})`);
  };
  truth.forEach((t, i) => {
    const s = found[i];
    if (!s) return;
    if (s.kind !== t.kind) errors.push(`#${i} kind ${s.kind} ≠ ${t.kind}`);
    if (s.outcome !== t.outcome) errors.push(`#${i} outcome ${s.outcome} ≠ ${t.outcome}`);
    if (s.forced !== t.forced) errors.push(`#${i} forced ${s.forced} ≠ ${t.forced}`);
    if (s.from !== NAMES[t.from]) errors.push(`#${i} from ${s.from} ≠ ${NAMES[t.from]}`);
    if (t.outcome === 'ok' && s.to !== NAMES[t.to]) errors.push(`#${i} to ${s.to} ≠ ${NAMES[t.to]}`);
    const b: Partial<NonNullable<SwitchRecord['boundaries']>> = s.boundaries ?? {};
    const line = (name: string, got: number | undefined, want: number | undefined) => {
      if (got !== want) errors.push(`#${i} ${name} line ${got} ≠ ${want}`);
    };
    line('request', b.request?.line, t.request.line);
    line('suspendStart', b.suspendStart?.line, t.suspendStart.line);
    line('handover', b.handover?.line, t.handover?.line);
    line('wake', b.wake?.line, t.wake?.line);
    line('visible', b.visible?.line, t.visible.line);
    // One printk clock: quantised to 1/32768 s at both ends, so well within 1 ms.
    within('wakelockWaitMs', s.wakelockWaitMs, t.wakelockWaitMs, 1, i);
    if (s.clocks?.wakelockWaitMs !== 'printk') errors.push(`#${i} wakelockWaitMs clock ${s.clocks?.wakelockWaitMs}`);
    if (t.suspendMs !== null) within('suspendMs', s.suspendMs, t.suspendMs, 1, i);
    else if (s.suspendMs !== null) errors.push(`#${i} suspendMs ${s.suspendMs} for a cycle with no hand-over`);
    if (t.resumeMs !== null) within('resumeMs', s.resumeMs, t.resumeMs, 1, i);
    // Across a hand-over (even to the same kernel, whose printk clock stood still): host receive clock, off by the UART latency at most.
    const crossKernel = t.outcome === 'ok';
    within('totalMs', s.totalMs, t.totalMs, crossKernel ? hostToleranceMs : 1, i);
    if (s.clocks?.totalMs !== (crossKernel ? 'host' : 'printk')) errors.push(`#${i} totalMs clock ${s.clocks?.totalMs}`);
    if (t.outcome === 'ok' && t.kind !== 'boot' && s.phases.deviceSuspend !== Number(t.deviceSuspendMs.toFixed(3))) errors.push(`#${i} deviceSuspend ${s.phases.deviceSuspend} ≠ printed ${t.deviceSuspendMs.toFixed(3)}`);
    if ([...s.blockingWakelocks].sort().join() !== [...t.blockingWakelocks].sort().join()) errors.push(`#${i} wakelocks [${s.blockingWakelocks}] ≠ [${t.blockingWakelocks}]`);
  });
  return errors;
}

describe('against the generator’s ground truth', () => {
  const g = generateSwitchLog({ seed: 20260101, switches: 1000, initcallDebug: true });

  it('covers what the issue asks for: forced switches, section transfers, a boot, aborts, long wakelock waits', () => {
    const kinds = new Set(g.truth.map((t) => t.kind));
    expect(kinds).toEqual(new Set(['boot', 'switch', 'section-transfer']));
    expect(g.truth.filter((t) => t.forced).length).toBeGreaterThan(10);
    expect(g.truth.filter((t) => t.outcome === 'aborted').length).toBeGreaterThan(10);
    expect(g.truth.filter((t) => t.wakelockWaitMs > 4000).length).toBeGreaterThan(10);
  });

  it('live over the UART: 1,000 records, every boundary on its line, durations within 1 ms (printk) or the UART latency (host)', () => {
    const found = analyseLive(g);
    expect(compare(found, g.truth, g.maxLatencyMs)).toEqual([]);
  });

  it('the same capture as a file: same boundaries, cross-kernel totals null (no host clock) and said so', () => {
    const { switches } = analyzeLogText(g.text, { keepRecords: false });
    expect(switches).toHaveLength(g.truth.length);
    const cross = switches.filter((s) => s.outcome === 'ok' && s.from !== s.to);
    expect(cross.length).toBeGreaterThan(100);
    for (const s of cross) {
      expect(s.totalMs).toBeNull();
      expect(s.anomalies).toContain('totalMs spans two kernels and the input has no host receive clock');
    }
    expect(switches.map((s) => s.boundaries?.visible?.line)).toEqual(g.truth.map((t) => t.visible.line));
  });

  it('is deterministic for a seed', () => {
    const again = generateSwitchLog({ seed: 20260101, switches: 50, initcallDebug: true });
    const first = generateSwitchLog({ seed: 20260101, switches: 50, initcallDebug: true });
    expect(again.text).toBe(first.text);
  });
});

describe('instance attribution from printk clock discontinuities alone', () => {
  it('finds who runs after each hand-over when the Fastswitch hand-off lines are missing', () => {
    const g = generateSwitchLog({ seed: 515, switches: 120 });
    const first = createKernelLogPipeline({ source: 'uart', initialInstance: 1 });
    const records = g.chunks.flatMap((c) => first.push(c.bytes, c.hostTimeMs).records).concat(first.end(Number.MAX_SAFE_INTEGER).records);
    const handOff = /Fastswitch: (ready to switch-suspend|switch-suspend mode|resumed from)/;
    const p = createKernelLogPipeline({ source: 'uart', initialInstance: 1 });
    const found: SwitchRecord[] = [];
    for (const r of records) if (!handOff.test(r.text)) found.push(...p.push(r.text + '\n', r.hostTimeMs).switches);
    found.push(...p.end(Number.MAX_SAFE_INTEGER).switches);

    const ok = g.truth.filter((t) => t.outcome === 'ok' && t.kind !== 'boot');
    const okFound = found.filter((s) => s.outcome === 'ok' && s.kind !== 'boot');
    expect(okFound).toHaveLength(ok.length);
    ok.forEach((t, i) => {
      const s = okFound[i]!;
      expect([s.from, s.to]).toEqual([NAMES[t.from], NAMES[t.to]]);
      expect(Math.abs(s.suspendMs! - t.suspendMs!)).toBeLessThanOrEqual(1);
      expect(Math.abs(s.resumeMs! - t.resumeMs!)).toBeLessThanOrEqual(1);
      expect(Math.abs(s.totalMs! - t.totalMs)).toBeLessThanOrEqual(g.maxLatencyMs);
    });
  });
});
