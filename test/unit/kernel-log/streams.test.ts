import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../common/domain/log-record';
import { createKernelLogPipeline, summarizeSwitches } from '../../../main/kernel-log';
import { generateSwitchLog } from '../../support/switch-log-generator';

const g = generateSwitchLog({ seed: 99, switches: 60, latency: { baseMs: 3, jitterMs: 4 } });

function live() {
  const p = createKernelLogPipeline({ source: 'uart', initialInstance: 1 });
  const records: LogRecord[] = [];
  const switches = [];
  for (const c of g.chunks) {
    const out = p.push(c.bytes, c.hostTimeMs);
    records.push(...out.records);
    switches.push(...out.switches);
  }
  const out = p.end(Number.MAX_SAFE_INTEGER);
  return { p, records: records.concat(out.records), switches: switches.concat(out.switches) };
}

describe('one analyser for live streams and recorded sessions', () => {
  it('replaying the recorded LogRecords gives the same switch records as the live stream', () => {
    const first = live();
    expect(first.records).toHaveLength(g.lines);
    const replay = createKernelLogPipeline({ source: 'uart', initialInstance: 1 });
    const again = first.records.flatMap((r) => replay.pushRecord(r));
    again.push(...replay.end(0).switches);
    expect(again).toEqual(first.switches);
  });

  it('keeps the raw bytes of a line that was not valid UTF-8', () => {
    const { records } = live();
    const garbage = records.find((r) => r.raw !== undefined);
    expect(garbage?.text).toBe('\\xff\\xfe\\x00U\\x1b');
    expect([...Buffer.from(garbage!.raw!, 'base64')]).toEqual([0xff, 0xfe, 0x00, 0x55, 0x1b]);
  });

  it('estimates each instance’s printk-to-host clock offset to within the UART latency', () => {
    const { p, records } = live();
    const offsets = p.clockOffsets();
    expect(Object.keys(offsets).sort()).toEqual(['1', '2']);
    // Every line of the instance, since its offset was last reset, fits host ≈ printk + offset + latency.
    for (const [instance, o] of Object.entries(offsets)) {
      const since = records.filter((r) => r.instance === Number(instance) && r.kernelTime !== null && r.seq + 1 >= o.sinceLine);
      expect(since.length).toBe(o.samples);
      for (const r of since) {
        const lag = r.hostTimeMs - r.kernelTime! * 1000 - o.offsetMs;
        // Never early: at most a microsecond of floating-point rounding over hundreds of seconds of clock.
        expect(lag).toBeGreaterThanOrEqual(-1e-3);
        expect(lag).toBeLessThanOrEqual(g.maxLatencyMs);
      }
    }
  });

  it('summarises completed switches only (not boots, section transfers or aborted attempts), per phase, with the DESIGN §9 statistics', () => {
    const { switches } = live();
    const summary = summarizeSwitches(switches);
    expect(switches.some((s) => s.kind !== 'switch' || s.outcome !== 'ok')).toBe(true);
    const ok = switches.filter((s) => s.outcome === 'ok' && s.kind === 'switch');
    expect(summary.total!.count).toBe(ok.length);
    const totals = ok.map((s) => s.totalMs!).sort((a, b) => a - b);
    expect(summary.total!.min).toBe(totals[0]);
    expect(summary.total!.max).toBe(totals[totals.length - 1]);
    // Linear between the closest ranks (type 7), as the sessions' statistics.
    const h = (totals.length - 1) * 0.9;
    const p90 = totals[Math.floor(h)]! + (h - Math.floor(h)) * (totals[Math.ceil(h)]! - totals[Math.floor(h)]!);
    expect(summary.total!.p90).toBeCloseTo(p90, 3);
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['wakelockWait', 'suspend', 'resume', 'total', 'freeze', 'deviceSuspend', 'deviceResume', 'thaw']));
  });
});
