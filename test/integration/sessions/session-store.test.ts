import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarize } from '../../../common/sessions/statistics';
import { SessionError } from '../../../main/sessions/session-error';
import { SessionStore } from '../../../main/sessions/session-store';
import { META, benchmarkSwitches, makeLog, makeSwitch } from '../../support/session-data';

let root: string;
let dir: string;
let clockMs: number;
const clock = () => clockMs;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fsw-sessions-'));
  dir = join(root, 'sessions');
  clockMs = Date.parse('2026-11-24T21:12:19Z');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean);

/** A complete session of `n` switches, one log line before each. */
async function recordSession(store: SessionStore, id: string, n = 5) {
  const rec = await store.create({ ...META, id }, `repeat ${n} { switch jb }\n`);
  for (const sw of benchmarkSwitches(n, 1)) {
    rec.appendLogs([makeLog(sw.id)]);
    await rec.appendSwitch(sw);
  }
  await rec.finish({ how: 'finished' });
  return rec.id;
}

describe('recording', () => {
  it('puts the folder, the lock, the exact script and running metadata on disk at once', async () => {
    const store = await SessionStore.open(dir, { clock });
    const script = 'switch jb\r\nmark "warm-up — done"\n\twait 3s';
    const rec = await store.create(META, script);
    expect(rec.id).toBe('20261124-211219');
    expect(await readFile(join(dir, rec.id, 'script.fsw'), 'utf8')).toBe(script);
    const meta = JSON.parse(await readFile(join(dir, rec.id, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ id: rec.id, status: 'running', ended: null, profile: 'galaxy-nexus', tags: ['baseline'], started: '2026-11-24T21:12:19.000Z' });
    expect(JSON.parse(await readFile(join(dir, rec.id, 'recorder.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await rec.finish({ how: 'cancelled' });
  });

  it('gives a second session started in the same second its own folder', async () => {
    const store = await SessionStore.open(dir, { clock });
    const a = await store.create(META, '');
    const b = await store.create(META, '');
    expect(b.id).toBe(`${a.id}-2`);
    await a.finish({ how: 'finished' });
    await b.finish({ how: 'finished' });
  });

  it('keeps log records in memory until the sync interval, and writes them before a switch', async () => {
    const store = await SessionStore.open(dir, { clock, syncIntervalMs: 60_000 });
    const rec = await store.create(META, '');
    rec.appendLogs([makeLog(0), makeLog(1)]);
    expect(await readFile(join(rec.dir, 'log.ndjson'), 'utf8')).toBe('');
    await rec.appendSwitch(makeSwitch(0));
    expect(await lines(join(rec.dir, 'log.ndjson'))).toHaveLength(2);
    expect(await lines(join(rec.dir, 'switches.ndjson'))).toHaveLength(1);
    expect(rec.totals.durable).toEqual({ logs: 2, switches: 1, marks: 0 });
    await rec.finish({ how: 'finished' });
  });

  it('syncs buffered log records on its interval without being asked', async () => {
    const store = await SessionStore.open(dir, { clock, syncIntervalMs: 50 });
    const rec = await store.create(META, '');
    rec.appendLogs([makeLog(0)]);
    for (let i = 0; i < 100 && rec.totals.durable.logs === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await lines(join(rec.dir, 'log.ndjson'))).toHaveLength(1);
    await rec.finish({ how: 'finished' });
  });

  it('finishes with complete metadata, a summary of its switches and no lock', async () => {
    const store = await SessionStore.open(dir, { clock });
    const rec = await store.create(META, '');
    const switches = benchmarkSwitches(8, 3);
    for (const sw of switches) await rec.appendSwitch(sw);
    clockMs += 60_000;
    const meta = await rec.finish({ how: 'failed', message: 'phone disconnected' });
    expect(meta).toMatchObject({ status: 'complete', ended: '2026-11-24T21:13:19.000Z', ending: { how: 'failed', message: 'phone disconnected' } });
    expect(JSON.parse(await readFile(join(rec.dir, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summarize(switches))));
    expect(await readdir(rec.dir)).not.toContain('recorder.lock');
    expect(() => rec.appendLogs([makeLog(0)])).toThrow(SessionError);
  });

  it('places marks after the switches recorded so far, from mark() and from mark log records', async () => {
    const store = await SessionStore.open(dir, { clock });
    const rec = await store.create(META, '');
    await rec.appendSwitch(makeSwitch(0));
    await rec.mark('warm-up done');
    await rec.appendSwitch(makeSwitch(1));
    rec.appendLogs([makeLog(5, 'driver reloaded', { kind: 'mark' })]);
    await rec.finish({ how: 'finished' });
    const loaded = await store.load(rec.id);
    expect(loaded.marks.map((m) => [m.label, m.switchIndex])).toEqual([
      ['warm-up done', 1],
      ['driver reloaded', 2],
    ]);
  });

  it('refuses metadata that does not fit the schema, saying which field', async () => {
    const store = await SessionStore.open(dir, { clock });
    await expect(store.create({ ...META, id: '../escape' }, '')).rejects.toMatchObject({ kind: 'invalid-meta', message: expect.stringContaining('id') });
  });
});

describe('listing and loading', () => {
  it('lists sessions oldest first with their status and switch count', async () => {
    const store = await SessionStore.open(dir, { clock });
    await recordSession(store, 'before', 3);
    clockMs += 1000;
    await recordSession(store, 'after', 4);
    const list = await store.list();
    expect(list.map((s) => [s.id, s.status, s.switches])).toEqual([
      ['before', 'complete', 3],
      ['after', 'complete', 4],
    ]);
  });

  it('loads everything a session holds', async () => {
    const store = await SessionStore.open(dir, { clock });
    const id = await recordSession(store, 'full', 4);
    const s = await store.load(id, { logs: true });
    expect(s.problems).toEqual([]);
    expect(s.logs.map((l) => l.seq)).toEqual([0, 1, 2, 3]);
    expect(s.switches).toEqual(benchmarkSwitches(4, 1));
    expect(s.summary.total?.count).toBe(4);
    expect(s.script).toBe('repeat 4 { switch jb }\n');
  });

  it('says there is no such session, and refuses ids that are paths', async () => {
    const store = await SessionStore.open(dir, { clock });
    await expect(store.load('nope')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(store.load('../sessions')).rejects.toMatchObject({ kind: 'invalid-id' });
  });
});

describe('corrupt and truncated sessions', () => {
  it('keeps every complete line of a log cut in the middle of a record, and names the cut line', async () => {
    const store = await SessionStore.open(dir, { clock });
    const id = await recordSession(store, 'cut', 4);
    await appendFile(join(dir, id, 'log.ndjson'), '{"seq":4,"source":"sim","hostTi');
    const s = await store.load(id, { logs: true });
    expect(s.logs).toHaveLength(4);
    expect(s.problems).toEqual([{ file: 'log.ndjson', line: 5, message: expect.stringContaining('line 5 is cut short') }]);
  });

  it('skips a garbled line in the middle and a line that is JSON but not a record, keeping the rest', async () => {
    const store = await SessionStore.open(dir, { clock });
    const id = await recordSession(store, 'garbled', 4);
    const path = join(dir, id, 'switches.ndjson');
    const text = (await lines(path)).map((l, i) => (i === 1 ? '{"id": 1, "kind": "swi\u0000' : i === 2 ? '{"id": 2}' : l)).join('\n');
    await writeFile(path, `${text}\n`);
    const s = await store.load(id);
    expect(s.switches.map((w) => w.id)).toEqual([0, 3]);
    expect(s.problems).toEqual([
      { file: 'switches.ndjson', line: 2, message: expect.stringContaining('line 2 is not JSON') },
      { file: 'switches.ndjson', line: 3, message: expect.stringMatching(/line 3 is not a valid switch record: kind: .*/) },
    ]);
    expect(s.summary.total?.count).toBe(2);
  });

  it('loads the records of a session whose metadata is not JSON, and says so', async () => {
    const store = await SessionStore.open(dir, { clock });
    const id = await recordSession(store, 'badmeta', 3);
    await writeFile(join(dir, id, 'meta.json'), '{"format": "fastswitch-session-meta/1", "id": ');
    const s = await store.load(id);
    expect(s.meta).toBeNull();
    expect(s.switches).toHaveLength(3);
    expect(s.problems).toEqual([{ file: 'meta.json', message: expect.stringContaining('meta.json is not valid JSON') }]);
  });

  it('names the field when the metadata is JSON of the wrong shape', async () => {
    const store = await SessionStore.open(dir, { clock });
    const id = await recordSession(store, 'shape', 1);
    const meta = JSON.parse(await readFile(join(dir, id, 'meta.json'), 'utf8'));
    await writeFile(join(dir, id, 'meta.json'), JSON.stringify({ ...meta, status: 'done' }));
    const s = await store.load(id);
    expect(s.problems[0]?.message).toMatch(/status: /);
  });

  it('reports each missing file and still loads the rest', async () => {
    const store = await SessionStore.open(dir, { clock });
    const id = await recordSession(store, 'holes', 3);
    await rm(join(dir, id, 'script.fsw'));
    await rm(join(dir, id, 'log.ndjson'));
    await rm(join(dir, id, 'summary.json'));
    const s = await store.load(id, { logs: true });
    expect(s.switches).toHaveLength(3);
    expect(s.script).toBeNull();
    expect(s.problems.map((p) => p.file).sort()).toEqual(['log.ndjson', 'script.fsw', 'summary.json']);
    expect(s.problems.find((p) => p.file === 'summary.json')?.message).toContain('recomputed');
  });

  it('never lets one broken session hide the others', async () => {
    const store = await SessionStore.open(dir, { clock });
    await recordSession(store, 'good-1', 2);
    await recordSession(store, 'broken', 2);
    await recordSession(store, 'good-2', 2);
    await writeFile(join(dir, 'broken', 'meta.json'), 'not json at all');
    await writeFile(join(dir, 'broken', 'switches.ndjson'), '\u0000\u0000\u0000');
    const list = await store.list();
    expect(list.map((s) => s.id).sort()).toEqual(['broken', 'good-1', 'good-2']);
    const broken = list.find((s) => s.id === 'broken')!;
    expect(broken).toMatchObject({ status: 'interrupted', started: null, switches: 0 });
    expect(broken.problems.map((p) => p.file)).toEqual(['meta.json', 'switches.ndjson']);
    expect(list.filter((s) => s.problems.length === 0)).toHaveLength(2);
  });

  it('ignores stray files and folders that are not sessions', async () => {
    const store = await SessionStore.open(dir, { clock });
    await recordSession(store, 'real', 1);
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await rm(join(dir, '.trash-x'), { recursive: true, force: true });
    expect((await store.list()).map((s) => s.id)).toEqual(['real']);
  });
});

describe('recovering interrupted sessions', () => {
  /** A session left running by a recorder that will never finish it (its process "died"). */
  async function abandon(store: SessionStore, id: string) {
    const rec = await store.create({ ...META, id }, '');
    rec.appendLogs([makeLog(0), makeLog(1)]);
    await rec.appendSwitch(makeSwitch(0, { totalMs: 1500 }));
    await rec.appendSwitch(makeSwitch(1, { totalMs: 1300 }));
    await appendFile(join(rec.dir, 'switches.ndjson'), '{"id":2,"kind":"swit');
    return rec;
  }

  it('marks a session of a dead recorder interrupted and rebuilds its summary from the records', async () => {
    const writer = await SessionStore.open(dir, { clock, pid: 999_999 });
    await abandon(writer, 'crashed');
    const store = await SessionStore.open(dir, { clock, isProcessAlive: () => false });
    const [report] = await store.recoverInterrupted();
    expect(report).toMatchObject({ id: 'crashed', recovered: true, message: expect.stringContaining('process 999999') });
    const s = await store.load('crashed');
    expect(s.meta).toMatchObject({ status: 'interrupted', ending: { how: 'interrupted' } });
    expect(s.meta?.ending?.message).toContain('switches.ndjson:3');
    expect(s.meta?.ended).not.toBeNull();
    const summary = JSON.parse(await readFile(join(dir, 'crashed', 'summary.json'), 'utf8'));
    expect(summary.total).toMatchObject({ count: 2, median: 1400, min: 1300, max: 1500 });
    expect(await readdir(join(dir, 'crashed'))).not.toContain('recorder.lock');
    expect(await store.recoverInterrupted()).toEqual([]);
  });

  it('leaves alone a session whose recorder still runs, or runs on another host', async () => {
    const here = await SessionStore.open(dir, { clock, pid: 4242, host: 'lab-1' });
    await abandon(here, 'alive');
    const there = await SessionStore.open(dir, { clock, pid: 4243, host: 'lab-2' });
    await abandon(there, 'elsewhere');
    const store = await SessionStore.open(dir, { clock, host: 'lab-1', isProcessAlive: (pid) => pid === 4242 });
    const reports = await store.recoverInterrupted();
    expect(reports.map((r) => [r.id, r.recovered])).toEqual(
      expect.arrayContaining([
        ['alive', false],
        ['elsewhere', false],
      ]),
    );
    expect((await store.list()).every((s) => s.status === 'running')).toBe(true);
  });

  it('never touches a session this store is recording', async () => {
    const store = await SessionStore.open(dir, { clock, isProcessAlive: () => false });
    const rec = await store.create(META, '');
    expect(await store.recoverInterrupted()).toEqual([]);
    await rec.finish({ how: 'finished' });
  });
});

describe('removing', () => {
  it('refuses a session another live process on this host is recording', async () => {
    const other = await SessionStore.open(dir, { clock, pid: 4242, host: 'lab-1' });
    await other.create({ ...META, id: 'theirs' }, '');
    const store = await SessionStore.open(dir, { clock, host: 'lab-1', isProcessAlive: (pid) => pid === 4242 });
    await expect(store.remove('theirs')).rejects.toMatchObject({ kind: 'busy', message: expect.stringContaining('process 4242') });
    expect(await readdir(dir)).toEqual(['theirs']);
  });

  it('deletes a finished session and refuses one being recorded', async () => {
    const store = await SessionStore.open(dir, { clock });
    await recordSession(store, 'old', 1);
    const rec = await store.create({ ...META, id: 'live' }, '');
    await store.remove('old');
    await expect(store.remove('live')).rejects.toMatchObject({ kind: 'busy' });
    expect((await readdir(dir)).sort()).toEqual(['live']);
    await rec.finish({ how: 'finished' });
  });
});
