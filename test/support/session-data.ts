import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { LogRecord } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import type { NewSessionMeta } from '../../common/sessions/session-meta';

/** A switch record with the given timings; everything else plausible and fixed. */
export function makeSwitch(id: number, t: Partial<SwitchRecord> = {}): SwitchRecord {
  const wakelockWaitMs = t.wakelockWaitMs !== undefined ? t.wakelockWaitMs : 200;
  const suspendMs = t.suspendMs !== undefined ? t.suspendMs : 500;
  const resumeMs = t.resumeMs !== undefined ? t.resumeMs : 740;
  const totalMs = t.totalMs !== undefined ? t.totalMs : wakelockWaitMs === null || suspendMs === null || resumeMs === null ? null : wakelockWaitMs + suspendMs + resumeMs;
  return {
    id,
    kind: 'switch',
    from: id % 2 ? 'jb' : 'ics',
    to: id % 2 ? 'ics' : 'jb',
    outcome: 'ok',
    clock: 'host',
    phases: {},
    drivers: [],
    blockingWakelocks: [],
    anomalies: [],
    lines: [id * 10 + 1, id * 10 + 9],
    ...t,
    wakelockWaitMs,
    suspendMs,
    resumeMs,
    totalMs,
  };
}

export function makeLog(seq: number, text = `line ${seq}`, t: Partial<LogRecord> = {}): LogRecord {
  return { seq, source: 'sim', hostTimeMs: seq * 10, hostWallMs: 1_790_000_000_000 + seq * 10, kernelTime: seq / 100, level: 6, instance: 1, text, kind: 'line', ...t };
}

export const META: NewSessionMeta = {
  profile: 'galaxy-nexus',
  device: { model: 'Galaxy Nexus', serial: '0149A0F50E01B00F', fingerprints: ['ics: google/yakju/maguro:4.0.4/IMM76I'], kernels: ['ics: 3.0.8', 'jb: 3.0.31'] },
  appVersion: '0.1.0',
  target: 'sim',
  note: 'before the omapdss change',
  tags: ['baseline'],
};

/**
 * A benchmark-like series: switch timings around the paper's figures, with
 * per-driver times; `slowDss` adds that many ms to omapdss's suspend.
 */
export function benchmarkSwitches(count: number, seed: number, slowDss = 0): SwitchRecord[] {
  const rng = xoroshiro128plus(seed);
  const jitter = (spread: number) => uniformInt(rng, -spread, spread);
  return Array.from({ length: count }, (_, id) => {
    const dss = 38 + jitter(3) + slowDss;
    const pvr = 49 + jitter(4);
    const wakelockWaitMs = uniformInt(rng, 0, 30) === 0 ? 5200 + jitter(400) : 200 + jitter(15);
    const suspendMs = 480 + dss + pvr - 87 + jitter(20);
    const resumeMs = 740 + jitter(30);
    return makeSwitch(id, {
      wakelockWaitMs,
      suspendMs,
      resumeMs,
      phases: { 'device-suspend': dss + pvr + 10, 'platform-sleep': 20 + jitter(2) },
      drivers: [
        { name: 'omapdss', phase: 'suspend', ms: dss },
        { name: 'pvrsrvkm', phase: 'suspend', ms: pvr },
        { name: 'omapdss', phase: 'resume', ms: 30 + jitter(3) },
      ],
    });
  });
}
