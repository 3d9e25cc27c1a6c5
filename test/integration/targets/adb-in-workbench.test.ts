import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptContextFrom } from '../../../common/profile/script-context';
import { loadProfileOrThrow } from '../../../main/profiles/load-profile';
import type { LogRecord } from '../../../common/domain/log-record';
import { createWorkbenchService, type LogPipeline } from '../../../main/services/workbench';
import { AdbTargetProvider } from '../../../main/targets/adb/adb-target-provider';
import { parseAdbServer } from '../../../main/targets/adb/adb-server';
import { until } from '../../support/console-recorder';
import { adbAvailable, adbMissingReason } from '../../support/private-adb-server';
import { simRig } from '../../support/sim-rig';

/** A pipeline that only counts bytes: the analyser is another branch's; this checks the seam. */
function countingPipeline(counts: Map<string, number>, source: string): LogPipeline {
  return {
    push: (chunk) => {
      counts.set(source, (counts.get(source) ?? 0) + (typeof chunk === 'string' ? chunk.length : chunk.length));
      return { records: [], switches: [] };
    },
    pushRecord: () => [],
    end: () => ({ records: [], switches: [] }),
  };
}

describe.skipIf(!adbAvailable)(`an adb phone behind the workbench's contract ${adbMissingReason}`, () => {
  let rig: Awaited<ReturnType<typeof simRig>>;
  beforeAll(async () => {
    rig = await simRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('is listed, connected, read and followed through a switch by targets.* and device.state', async () => {
    const profile = loadProfileOrThrow();
    const provider = new AdbTargetProvider({ server: parseAdbServer(`127.0.0.1:${rig.adb.port}`), connection: { comebackTimeoutMs: 20_000, profile, instanceNames: { 1: 'ics', 2: 'jb' } } });
    const counts = new Map<string, number>();
    const workbench = createWorkbenchService({
      transport: 'web',
      providers: [provider],
      createPipeline: (source) => countingPipeline(counts, source),
      defaultScriptContext: () => scriptContextFrom(profile, null, 'adb'),
      batchMs: 5,
    });
    const gaps: LogRecord[] = [];
    const statuses: string[] = [];
    workbench.hub.subscribe((name, payload) => {
      if (name === 'log.records') gaps.push(...(payload as LogRecord[]).filter((r) => r.kind === 'gap'));
      if (name === 'target.state') statuses.push((payload as { status: string }).status);
    });
    try {
      const id = await provider.connectAddress(rig.serial);
      const listed = await workbench.dispatch('targets.list', {});
      expect(listed).toMatchObject({ ok: true });
      const connected = await workbench.dispatch('targets.connect', { id });
      expect(connected).toMatchObject({ ok: true, result: { id, kind: 'adb', status: 'connected' } });
      const state = await workbench.dispatch('device.state', {});
      expect(state).toMatchObject({ ok: true, result: { model: 'Galaxy Nexus', runningInstance: rig.phone.model.current?.profile.id } });
      await until('kmsg bytes to reach the pipeline', () => (counts.get('kmsg') ?? 0) > 0);

      const target = rig.phone.model.current?.profile.id === 1 ? 2 : 1;
      expect(await workbench.dispatch('script.run', { text: `switch ${target === 1 ? 'ics' : 'jb'}\n` })).toMatchObject({ ok: true });
      await until('the switch request to be written', () => rig.phone.model.truth.lastRecord()?.outcome === 'pending');
      expect(rig.settle()).toBe(true);
      await until('the gap record of the comeback', () => gaps.length === 1);
      await until('the target connected again', () => statuses.at(-1) === 'connected');
      expect(statuses).toContain('waiting');
      expect(gaps[0]?.text).toMatch(/\[gap\] adb: the phone was away for .* back as (ics|jb)/);
      const after = await workbench.dispatch('device.state', {});
      expect(after).toMatchObject({ ok: true, result: { runningInstance: target } });
    } finally {
      await workbench.close();
      await provider.close();
    }
  });
});
