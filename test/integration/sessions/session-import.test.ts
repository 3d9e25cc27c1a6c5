import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../../../main/sessions/session-store';
import { readTar, safeArchivePath, writeTar } from '../../../main/sessions/tar';
import { META, benchmarkSwitches, makeLog, makeSwitch } from '../../support/session-data';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fsw-import-'));
  dir = join(root, 'sessions');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function recordSession(store: SessionStore, id: string, n = 3) {
  const rec = await store.create({ ...META, id }, 'switch jb\n');
  for (const sw of benchmarkSwitches(n, 1)) {
    rec.appendLogs([makeLog(sw.id)]);
    await rec.appendSwitch(sw);
  }
  await rec.mark('warm-up done');
  await rec.finish({ how: 'finished' });
}

/** One archive entry with a type flag of our choosing (the writer only makes plain files). */
function entry(path: string, data: string, type = '0'): Buffer {
  const tar = writeTar([{ path, data }]);
  const body = Buffer.from(tar.subarray(0, tar.length - 1024));
  body[156] = type.charCodeAt(0);
  body.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += body[i]!;
  body.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return body;
}
const archive = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

async function sessionArchiveFiles(): Promise<Buffer> {
  const source = await SessionStore.open(join(root, 'elsewhere'));
  await recordSession(source, 'theirs');
  return source.exportArchive('theirs');
}

describe('archives', () => {
  it('round-trips a session through export and import', async () => {
    const bytes = await sessionArchiveFiles();
    await writeFile(join(root, 'theirs.tar.gz'), bytes);
    const store = await SessionStore.open(dir);
    const result = await store.import(join(root, 'theirs.tar.gz'));
    expect(result.ids).toEqual(['theirs']);
    const s = await store.load('theirs', { logs: true });
    expect(s.problems).toEqual([]);
    expect(s.switches).toEqual(benchmarkSwitches(3, 1));
    expect(s.logs).toHaveLength(3);
    expect(s.marks).toHaveLength(1);
    expect(s.script).toBe('switch jb\n');
  });

  it('writes archives the system tar reads, and reads archives it writes', async () => {
    await writeFile(join(root, 'ours.tgz'), await sessionArchiveFiles());
    await mkdir(join(root, 'unpacked'));
    execFileSync('tar', ['xzf', join(root, 'ours.tgz'), '-C', join(root, 'unpacked')]);
    expect((await readdir(join(root, 'unpacked', 'theirs'))).sort()).toEqual(['log.ndjson', 'marks.ndjson', 'meta.json', 'script.fsw', 'summary.json', 'switches.ndjson']);
    execFileSync('tar', ['cf', join(root, 'system.tar'), '-C', join(root, 'unpacked'), '.']);
    const store = await SessionStore.open(dir);
    expect((await store.import(join(root, 'system.tar'))).ids).toEqual(['theirs']);
  });

  it('gives an imported session a new id when its own is taken', async () => {
    const store = await SessionStore.open(dir);
    await recordSession(store, 'theirs');
    await writeFile(join(root, 'theirs.tgz'), await sessionArchiveFiles());
    const result = await store.import(join(root, 'theirs.tgz'));
    expect(result.ids).toEqual(['theirs-2']);
    expect((await store.load('theirs-2')).meta?.id).toBe('theirs-2');
  });

  it('imports a session still marked running as interrupted', async () => {
    const source = await SessionStore.open(join(root, 'src'));
    const rec = await source.create({ ...META, id: 'unfinished' }, '');
    await rec.appendSwitch(makeSwitch(0));
    await writeFile(join(root, 'u.tgz'), await source.exportArchive('unfinished'));
    await rec.finish({ how: 'finished' });
    const store = await SessionStore.open(dir);
    const result = await store.import(join(root, 'u.tgz'));
    expect(result.notes).toEqual([expect.stringContaining('imported as interrupted')]);
    expect((await store.load('unfinished')).meta?.status).toBe('interrupted');
  });

  describe('paths that could escape the sessions directory', () => {
    const meta = JSON.stringify({ format: 'fastswitch-session-meta/1' });
    const cases: [string, Buffer][] = [
      ['a ".." segment', archive(entry('../evil/meta.json', meta))],
      ['a ".." in the middle', archive(entry('s/../../evil/meta.json', meta))],
      ['an absolute path', archive(entry('/tmp/evil/meta.json', meta))],
      ['a drive letter', archive(entry('C:/evil/meta.json', meta))],
      ['a backslash', archive(entry('..\\evil\\meta.json', meta))],
      ['a symbolic link', archive(entry('s/log.ndjson', '', '2'))],
      ['a hard link', archive(entry('s/log.ndjson', '', '1'))],
      ['a pax path override', archive(entry('PaxHeaders/x', '29 path=../../evil/meta.json\n', 'x'), entry('s/meta.json', meta))],
      ['a GNU long name', archive(entry('././@LongLink', '../../evil/meta.json\0', 'L'), entry('s/meta.json', meta))],
    ];
    for (const [what, bytes] of cases) {
      it(`refuses an archive with ${what} and writes nothing`, async () => {
        const store = await SessionStore.open(dir);
        await writeFile(join(root, 'evil.tar'), bytes);
        await expect(store.import(join(root, 'evil.tar'))).rejects.toMatchObject({ kind: 'unsafe-archive' });
        expect((await readdir(root)).sort()).toEqual(['evil.tar', 'sessions']);
        expect(await readdir(dir)).toEqual([]);
      });
    }

    it('normalises harmless paths and explains dangerous ones', () => {
      expect(safeArchivePath('./s//meta.json')).toEqual({ ok: true, path: 's/meta.json' });
      expect(safeArchivePath('s/../meta.json')).toEqual({ ok: false, reason: 'has a ".." segment' });
    });
  });

  it('refuses a damaged archive with a reason', async () => {
    const bytes = await sessionArchiveFiles();
    const tar = readTar(bytes); // sanity: it reads
    expect(tar.length).toBeGreaterThan(0);
    const raw = writeTar([{ path: 's/meta.json', data: '{}' }]);
    raw[10] = raw[10]! ^ 0xff;
    await writeFile(join(root, 'bad.tar'), raw);
    const store = await SessionStore.open(dir);
    await expect(store.import(join(root, 'bad.tar'))).rejects.toMatchObject({ kind: 'bad-archive', message: expect.stringContaining('checksum') });
  });

  it('imports the good sessions of an archive and says which it skipped', async () => {
    const source = await SessionStore.open(join(root, 'src'));
    await recordSession(source, 'fine');
    const fineMeta = await readFile(join(root, 'src', 'fine', 'meta.json'));
    const bytes = writeTar([
      { path: 'fine/meta.json', data: fineMeta },
      { path: 'broken/meta.json', data: '{ nope' },
    ]);
    await writeFile(join(root, 'two.tar'), bytes);
    const store = await SessionStore.open(dir);
    const result = await store.import(join(root, 'two.tar'));
    expect(result.ids).toEqual(['fine']);
    expect(result.notes).toEqual([expect.stringMatching(/skipped: .*broken\/meta.json is not valid JSON/)]);
  });
});

describe('folders', () => {
  it('imports a session folder, copying only session files and never following links', async () => {
    const source = await SessionStore.open(join(root, 'src'));
    await recordSession(source, 'folder');
    await writeFile(join(root, 'secret'), 'do not copy');
    await symlink(join(root, 'secret'), join(root, 'src', 'folder', 'extra.txt'));
    await rm(join(root, 'src', 'folder', 'script.fsw'));
    await symlink(join(root, 'secret'), join(root, 'src', 'folder', 'script.fsw'));
    const store = await SessionStore.open(dir);
    const result = await store.import(join(root, 'src', 'folder'));
    expect(result.ids).toEqual(['folder']);
    expect(result.notes).toEqual([expect.stringContaining('ignored script.fsw (not a plain file)')]);
    expect((await readdir(join(dir, 'folder'))).sort()).toEqual(['log.ndjson', 'marks.ndjson', 'meta.json', 'summary.json', 'switches.ndjson']);
  });

  it('imports every session of a copied sessions directory', async () => {
    const source = await SessionStore.open(join(root, 'src'));
    await recordSession(source, 'one');
    await recordSession(source, 'two');
    const store = await SessionStore.open(dir);
    expect((await store.import(join(root, 'src'))).ids.sort()).toEqual(['one', 'two']);
  });
});

describe('bare kernel logs', () => {
  const log = 'PM: Syncing filesystems ... done.\nFastswitch: resumed from instance 1 to instance 2\nmark\n';

  it('become a session through the analyser passed in, marks placed after the switches before them', async () => {
    await writeFile(join(root, 'uart.log'), log);
    const store = await SessionStore.open(dir, { clock: () => Date.parse('2026-11-24T22:00:00Z') });
    const seen: string[] = [];
    const result = await store.import(join(root, 'uart.log'), {
      appVersion: '9.9.9',
      analyze: (text) => {
        seen.push(text);
        const records = text
          .split('\n')
          .filter(Boolean)
          .map((t, i) => makeLog(i, t, { source: 'file', kind: t === 'mark' ? 'mark' : 'line' }));
        return { records, switches: [makeSwitch(0, { lines: [1, 2] })] };
      },
    });
    expect(seen).toEqual([log]);
    const s = await store.load(result.ids[0]!, { logs: true });
    expect(s.problems).toEqual([]);
    expect(s.meta).toMatchObject({ status: 'complete', target: 'file', appVersion: '9.9.9', note: 'imported from uart.log', ending: { how: 'imported' } });
    expect(s.logs).toHaveLength(3);
    expect(s.switches).toHaveLength(1);
    expect(s.marks).toEqual([{ label: 'mark', switchIndex: 1, hostWallMs: s.logs[2]!.hostWallMs }]);
  });

  it('say so when the analyser cannot read them', async () => {
    await writeFile(join(root, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const store = await SessionStore.open(dir);
    const analyze = () => {
      throw new Error('not a kernel log: no line has a printk timestamp or a PM message');
    };
    await expect(store.import(join(root, 'photo.jpg'), { analyze })).rejects.toMatchObject({
      kind: 'analysis-failed',
      message: expect.stringContaining('photo.jpg could not be analysed as a kernel log: not a kernel log'),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('cannot be imported without the analyser, and says why', async () => {
    await writeFile(join(root, 'uart.log'), log);
    const store = await SessionStore.open(dir);
    await expect(store.import(join(root, 'uart.log'))).rejects.toMatchObject({ kind: 'no-analyser' });
  });
});
