import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionDocument } from '../../common/sessions/session-document';
import { createWorkbench } from '../../main/services/create-workbench';
import type { Workbench } from '../../main/services/workbench';

const SCRIPT = 'switch jb\nmark "warm"\nswitch ics\n';

async function call(workbench: Workbench, method: string, params: unknown) {
  const response = await workbench.dispatch(method, params);
  if (!response.ok) throw new Error(`${method}: ${response.error.kind}: ${response.error.message}`);
  return response.result as never;
}

async function recordRun(workbench: Workbench, tags: string[]): Promise<string> {
  const finished = new Promise<string>((resolve) => {
    const stop = workbench.hub.subscribe((name, payload) => {
      if (name === 'sessions.changed' && (payload as { change: string }).change === 'finished') {
        stop();
        resolve((payload as { id: string }).id);
      }
    });
  });
  const started: { sessionId?: string } = await call(workbench, 'script.run', { text: SCRIPT, record: { tags, note: 'n' } });
  const id = await finished;
  expect(started.sessionId).toBe(id);
  return id;
}

describe('the sessions methods of the contract, over a real sessions folder', () => {
  let dir: string;
  let workbench: Workbench;
  let a: string;
  let b: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fsw-session-service-'));
    workbench = createWorkbench({ transport: 'web', simSpeed: 'fast', sessionsDir: dir, adb: false });
    await call(workbench, 'targets.connect', { id: 'sim' });
    a = await recordRun(workbench, ['before']);
    b = await recordRun(workbench, ['after']);
  });
  afterAll(async () => {
    await workbench?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a run only when asked, with its exact script, switches, marks and tags', async () => {
    await call(workbench, 'script.run', { text: 'switch jb\n' });
    await new Promise((r) => setTimeout(r, 300));
    const listed: { dir: string; sessions: { id: string; status: string; switches: number; tags: string[] }[] } = await call(workbench, 'sessions.list', {});
    expect(listed.dir).toBe(dir);
    expect(listed.sessions.map((s) => [s.id, s.status, s.switches, s.tags])).toEqual([
      [a, 'complete', 2, ['before']],
      [b, 'complete', 2, ['after']],
    ]);
    const loaded: { script: string; switches: unknown[]; marks: { label: string; switchIndex: number }[]; logs: unknown[]; logCount: number; meta: { note: string; ending: { how: string } } } =
      await call(workbench, 'sessions.load', { id: a, logLimit: 5 });
    expect(loaded.script).toBe(SCRIPT);
    expect(loaded.marks).toEqual([expect.objectContaining({ label: 'warm', switchIndex: 1 })]);
    expect(loaded.logs).toHaveLength(5);
    expect(loaded.logCount).toBeGreaterThan(5);
    expect(loaded.meta.note).toBe('n');
    expect(loaded.meta.ending.how).toBe('finished');
  });

  it('compares two sessions phase by phase', async () => {
    const comparison: { phases: { phase: string; a: { count: number }; b: { count: number }; mannWhitney: { p: number | null }; verdict: string }[] } = await call(workbench, 'sessions.compare', { a, b });
    const total = comparison.phases.find((p) => p.phase === 'total')!;
    expect(total.a.count).toBe(2);
    expect(total.b.count).toBe(2);
    expect(total.mannWhitney.p).not.toBeNull();
  });

  it('compares from a mark in both sessions, and says which session lacks it', async () => {
    const comparison: { phases: { phase: string; a: { count: number }; b: { count: number } }[] } = await call(workbench, 'sessions.compare', { a, b, from: 'warm' });
    const total = comparison.phases.find((p) => p.phase === 'total')!;
    expect([total.a.count, total.b.count]).toEqual([1, 1]);
    const unknown = await workbench.dispatch('sessions.compare', { a, b, from: 'nope' });
    expect(unknown.ok ? null : unknown.error).toMatchObject({ kind: 'bad-request', message: expect.stringContaining(`session ${a}: no mark "nope"`) });
  });

  it('exports csv, json, markdown and a self-contained html report', async () => {
    const csv: { fileName: string; text: string } = await call(workbench, 'sessions.export', { id: a, format: 'csv' });
    expect(csv.fileName).toBe(`${a}.csv`);
    expect(csv.text.trim().split('\n')).toHaveLength(3);
    const json: { text: string; mimeType: string } = await call(workbench, 'sessions.export', { id: a, format: 'json' });
    expect(json.mimeType).toBe('application/json');
    expect(SessionDocument.parse(JSON.parse(json.text)).switches).toHaveLength(2);
    const md: { text: string } = await call(workbench, 'sessions.export', { id: a, format: 'md' });
    expect(md.text).toContain(a);
    const html: { text: string } = await call(workbench, 'sessions.export', { id: a, format: 'html' });
    expect(html.text).toMatch(/^<!doctype html>/);
    expect(html.text).toContain('<svg');
  });

  it('refuses ids that are not session ids and answers not-found for unknown ones', async () => {
    const bad = await workbench.dispatch('sessions.load', { id: '../etc' });
    expect(bad.ok ? null : bad.error.kind).toBe('bad-request');
    const missing = await workbench.dispatch('sessions.remove', { id: 'no-such-session' });
    expect(missing.ok ? null : missing.error.kind).toBe('not-found');
  });

  it('removes a session and its folder', async () => {
    expect(await call(workbench, 'sessions.remove', { id: b })).toEqual({ removed: true });
    expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual([a]);
  });
});
