import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../../common/api/contract';
import type { LogRecord } from '../../../common/domain/log-record';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { createWorkbench } from '../../../main/services/create-workbench';
import type { Workbench } from '../../../main/services/workbench';

/** What the UI relies on from the service: line numbers it can find, the console's bytes and its input, progress it can cancel. */
describe('the service events the workbench UI is built on', () => {
  let workbench: Workbench;
  afterEach(async () => workbench?.close());

  const collect = () => {
    const records: LogRecord[] = [];
    const switches: SwitchRecord[] = [];
    const progress: Progress[] = [];
    let console = '';
    workbench.hub.subscribe((name, payload) => {
      if (name === 'log.records') records.push(...(payload as LogRecord[]));
      else if (name === 'switch.record') switches.push(payload as SwitchRecord);
      else if (name === 'progress') progress.push(payload as Progress);
      else if (name === 'console.bytes') console += Buffer.from((payload as { data: string }).data, 'base64').toString('latin1');
    });
    return { records, switches, progress, console: () => console };
  };
  const call = async (method: string, params: unknown) => {
    const response = await workbench.dispatch(method, params);
    if (!response.ok) throw new Error(response.error.message);
    return response.result as never;
  };

  it('numbers every line once, app-wide, so each boundary line of a switch is the record with seq = line - 1', async () => {
    workbench = createWorkbench({ transport: 'web', simSpeed: 'fast' });
    const seen = collect();
    await call('targets.connect', { id: 'sim' });
    // A script mark between switches puts a record of another channel among the UART's lines.
    await call('script.run', { text: 'switch jb\nmark "between"\nwait 1s\nswitch ics\n' });
    await expect.poll(() => seen.switches.length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => seen.progress.at(-1)?.finished, { timeout: 20_000 }).toBe(true);

    expect(seen.records.map((r) => r.seq)).toEqual(seen.records.map((_, i) => i));
    expect(seen.records.some((r) => r.source === 'script')).toBe(true);
    const bySeq = new Map(seen.records.map((r) => [r.seq, r]));
    const second = seen.switches[1]!;
    expect(bySeq.get(second.boundaries!.request!.line - 1)?.text).toContain('Fastswitch: [switch] trying suspend');
    expect(bySeq.get(second.boundaries!.devicesSuspended!.line - 1)?.text).toMatch(/PM: suspend of devices complete|ready to switch-suspend/);
    expect(bySeq.get(second.boundaries!.visible!.line - 1)?.text).toMatch(/suspend: exit suspend|Restarting tasks/);
    expect(bySeq.get(second.lines[0] - 1)?.source).toBe('uart');
  });

  it('reports a script as progress against the switches it expects, and cancels it', async () => {
    workbench = createWorkbench({ transport: 'web', simSpeed: 'fast' });
    const seen = collect();
    await call('targets.connect', { id: 'sim' });
    const { runId } = (await call('script.run', { text: 'repeat 50 {\n  switch jb\n  wait 3s\n  switch ics\n  wait 3s\n}\n' })) as { runId: string };
    await expect.poll(() => seen.progress.find((p) => p.done >= 1), { timeout: 20_000 }).toMatchObject({ id: runId, total: 100, cancellable: true, finished: false });
    expect(await call('progress.cancel', { id: runId })).toEqual({ cancelled: true });
    await expect.poll(() => seen.progress.at(-1), { timeout: 20_000 }).toMatchObject({ id: runId, finished: true, cancellable: false });
    expect(seen.progress.at(-1)!.done).toBeLessThan(100);
    expect(await call('progress.cancel', { id: runId })).toEqual({ cancelled: false });
  });

  it('carries what is typed to the simulated UART shell and its echo back as console bytes', async () => {
    workbench = createWorkbench({ transport: 'web', simSpeed: 'fast' });
    const seen = collect();
    await call('targets.connect', { id: 'sim' });
    expect(await call('console.write', { text: 'cat /sys/power/state\r' })).toEqual({ written: 21 });
    await expect.poll(() => seen.console(), { timeout: 5_000 }).toContain('cat /sys/power/state\r\nmem\r\n');
    expect(seen.console()).toMatch(/root@android:\/ # $/);
  });

  it('refuses console input when nothing is connected, saying so', async () => {
    workbench = createWorkbench({ transport: 'web', simSpeed: 'fast' });
    const response = await workbench.dispatch('console.write', { text: 'ls\r' });
    expect(response).toMatchObject({ ok: false, error: { kind: 'not-connected' } });
  });
});
