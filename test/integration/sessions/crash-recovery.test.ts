import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../../common/sessions/statistics';
import { SessionStore, type LoadedSession } from '../../../main/sessions/session-store';

const SYNC_INTERVAL_MS = 200;
/** Room for the fsync itself and a busy shared machine; the exact check is the `synced` one below. */
const SLACK_MS = 600;

interface ChildEvent {
  t: number;
  started?: string;
  log?: number;
  switch?: number;
  mark?: string;
  synced?: { logs: number; switches: number; marks: number };
}

describe('a recorder killed with SIGKILL in the middle of a benchmark', () => {
  let root: string;
  const events: ChildEvent[] = [];
  let killedAt = 0;
  let session: LoadedSession;
  let recovery: Awaited<ReturnType<SessionStore['recoverInterrupted']>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fsw-crash-'));
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../support/record-child.ts'), root, String(SYNC_INTERVAL_MS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((done) => child.on('exit', done));
    let switchesSeen = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as ChildEvent;
      events.push(event);
      if (event.switch !== undefined) switchesSeen++;
      // Let it record two switches, then kill it well after the last one, when only the interval sync has run.
      if (switchesSeen >= 2 && event.log !== undefined && event.log % 200 === 180 && !killedAt) {
        killedAt = Date.now();
        child.kill('SIGKILL');
      }
    }
    await exited;
    const store = await SessionStore.open(root);
    recovery = await store.recoverInterrupted();
    session = await store.load('crash', { logs: true });
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('ran long enough to matter', () => {
    expect(events.filter((e) => e.switch !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.synced).length).toBeGreaterThanOrEqual(2);
  });

  it('kept every log record older than the sync interval', () => {
    const onDisk = new Set(session.logs.map((l) => l.seq));
    const old = events.filter((e) => e.log !== undefined && e.t < killedAt - SYNC_INTERVAL_MS - SLACK_MS).map((e) => e.log as number);
    expect(old.length).toBeGreaterThan(50);
    expect(old.filter((seq) => !onDisk.has(seq))).toEqual([]);
  });

  it('kept everything the recorder had reported durable', () => {
    const lastSync = events.filter((e) => e.synced).pop()!.synced!;
    expect(session.logs.length).toBeGreaterThanOrEqual(lastSync.logs);
    expect(session.switches.length).toBeGreaterThanOrEqual(lastSync.switches);
    expect(session.marks.map((m) => m.label)).toEqual(['warm-up done']);
    // Records are kept in order and whole: seq 0..n−1 and switch ids 0..m−1 with no hole.
    expect(session.logs.map((l) => l.seq)).toEqual(session.logs.map((_, i) => i));
    expect(session.switches.map((s) => s.id)).toEqual(session.switches.map((_, i) => i));
  });

  it('never has a switch on disk without its log lines', () => {
    const lastSwitch = session.switches[session.switches.length - 1]!;
    expect(session.logs.length).toBeGreaterThanOrEqual(lastSwitch.lines[1]);
  });

  it('is marked interrupted, with its summary rebuilt from the records', async () => {
    expect(recovery).toEqual([expect.objectContaining({ id: 'crash', recovered: true })]);
    expect(session.meta).toMatchObject({ status: 'interrupted', ending: { how: 'interrupted' } });
    expect(Date.parse(session.meta!.ended!)).toBeLessThanOrEqual(killedAt + 50);
    const summary = JSON.parse(await readFile(join(root, 'crash', 'summary.json'), 'utf8'));
    expect(summary).toEqual(JSON.parse(JSON.stringify(summarize(session.switches))));
    expect(summary.total.count).toBe(session.switches.length);
  });

  it('reports at most the one line the kill cut short in each file', () => {
    for (const file of ['log.ndjson', 'switches.ndjson', 'marks.ndjson']) {
      const problems = session.problems.filter((p) => p.file === file);
      expect(problems.length).toBeLessThanOrEqual(1);
      for (const p of problems) expect(p.message).toContain('cut short');
    }
    expect(session.problems.filter((p) => !['log.ndjson', 'switches.ndjson', 'marks.ndjson'].includes(p.file))).toEqual([]);
  });
});
