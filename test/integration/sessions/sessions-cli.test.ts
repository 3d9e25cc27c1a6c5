import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionDocument } from '../../../common/sessions/session-document';
import { runCli } from '../../../main/cli/run-cli';
import { SessionStore } from '../../../main/sessions/session-store';
import { META, benchmarkSwitches, makeLog } from '../../support/session-data';

let root: string;
let dir: string;

async function fsw(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`) });
  return { code, out, err };
}
const sessions = (...argv: string[]) => fsw('sessions', '--dir', dir, ...argv);

async function record(store: SessionStore, id: string, slowDss: number, seed: number) {
  const rec = await store.create({ ...META, id }, 'repeat 40 { switch jb }\n');
  for (const sw of benchmarkSwitches(40, seed, slowDss)) {
    if (sw.id === 5) await rec.mark('warm-up done');
    rec.appendLogs([makeLog(sw.id)]);
    await rec.appendSwitch(sw);
  }
  await rec.finish({ how: 'finished' });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fsw-cli-'));
  dir = join(root, 'sessions');
  const store = await SessionStore.open(dir, { clock: () => Date.parse('2026-11-24T21:00:00Z') });
  await record(store, 'before', 0, 1);
  await record(store, 'after', 6, 2);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fsw sessions list', () => {
  it('prints exactly the public fields with --json', async () => {
    const { code, out } = await sessions('list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { id: 'after', status: 'complete', switches: 40, started: '2026-11-24T21:00:00.000Z', ended: '2026-11-24T21:00:00.000Z' },
      { id: 'before', status: 'complete', switches: 40, started: '2026-11-24T21:00:00.000Z', ended: '2026-11-24T21:00:00.000Z' },
    ]);
  });

  it('prints an empty array for an empty directory', async () => {
    const { code, out } = await fsw('sessions', '--dir', join(root, 'empty'), 'list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('first marks sessions of dead recorders interrupted', async () => {
    const other = join(root, 'crashy');
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const store = await SessionStore.open(other, { pid: dead });
    const rec = await store.create({ ...META, id: 'dead' }, '');
    await rec.appendSwitch(benchmarkSwitches(1, 1)[0]!);
    const { code, out, err } = await fsw('sessions', '--dir', other, 'list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ id: 'dead', status: 'interrupted', switches: 1 })]);
    expect(err).toContain('session dead was interrupted');
  });
});

describe('fsw sessions show', () => {
  it('prints the metadata with the switches and the summary', async () => {
    const { code, out } = await sessions('show', 'before', '--json');
    expect(code).toBe(0);
    const shown = JSON.parse(out);
    expect(shown).toMatchObject({ id: 'before', status: 'complete', profile: 'galaxy-nexus', device: META.device, tags: ['baseline'] });
    expect(shown.switches).toHaveLength(40);
    for (const phase of ['wakelockWait', 'suspend', 'resume', 'total']) {
      expect(Object.keys(shown.summary[phase])).toEqual(expect.arrayContaining(['count', 'mean', 'median', 'p90', 'min', 'max']));
    }
    expect(shown.summary.total.count).toBe(40);
  });

  it('leaves out the warm-up before a mark', async () => {
    const { out } = await sessions('show', 'before', '--json', '--from', 'warm-up done');
    expect(JSON.parse(out).summary.total.count).toBe(35);
  });

  it('says which marks exist when asked for another', async () => {
    const { code, err } = await sessions('show', 'before', '--from', 'warmup');
    expect(code).toBe(1);
    expect(err).toContain('no mark "warmup" in this session (--from); marks: "warm-up done"');
  });

  it('prints a table for people', async () => {
    const { out } = await sessions('show', 'before');
    expect(out).toMatch(/^total\s+40\s+\d+\.\d/m);
  });

  it('fails with exit 1 for an unknown session', async () => {
    const { code, err } = await sessions('show', 'nope');
    expect(code).toBe(1);
    expect(err).toContain("no session 'nope'");
  });
});

describe('fsw sessions compare', () => {
  it('finds the slower driver, reproducibly', async () => {
    const first = await sessions('compare', 'before', 'after@warm-up done..', '--json', '--resamples', '400');
    const again = await sessions('compare', 'before', 'after@warm-up done..', '--json', '--resamples', '400');
    expect(first.code).toBe(0);
    expect(first.out).toBe(again.out);
    const c = JSON.parse(first.out);
    expect(c.a).toEqual({ id: 'before', range: {} });
    expect(c.b).toEqual({ id: 'after', range: { from: 'warm-up done', to: null } });
    expect(c.slowerDrivers.map((d: { phase: string }) => d.phase)).toEqual(['driver:omapdss/suspend']);
    expect(c.phases.find((p: { phase: string }) => p.phase === 'driver:omapdss/suspend').b.count).toBe(35);
  });

  it('writes an HTML report with the two runs overlaid and side by side', async () => {
    const { code } = await sessions('compare', 'before', 'after', '--html', '--out', join(root, 'cmp.html'), '--resamples', '200');
    expect(code).toBe(0);
    const html = await readFile(join(root, 'cmp.html'), 'utf8');
    expect(html).toContain('Total switch time, overlaid');
    expect(html).toContain('<g class="box">');
  });

  it('prints a Markdown table for a commit message', async () => {
    const { out } = await sessions('compare', 'before', 'after', '--md', '--resamples', '200');
    expect(out).toContain('| phase (ms) | n A | n B |');
  });
});

describe('fsw sessions export and import', () => {
  it('exports CSV, JSON, Markdown and HTML', async () => {
    for (const format of ['csv', 'json', 'md', 'html']) {
      const { code } = await sessions('export', 'before', '--format', format, '--out', join(root, `before.${format}`));
      expect(code).toBe(0);
    }
    expect((await readFile(join(root, 'before.csv'), 'utf8')).split('\r\n')).toHaveLength(42);
    const doc = SessionDocument.parse(JSON.parse(await readFile(join(root, 'before.json'), 'utf8')));
    expect(doc.logs).toHaveLength(40);
    expect(await readFile(join(root, 'before.md'), 'utf8')).toContain('# Fastswitch session before');
    const html = await readFile(join(root, 'before.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('moves a session to another directory through an archive', async () => {
    expect((await sessions('export', 'before', '--format', 'archive', '--out', join(root, 'before.tgz'))).code).toBe(0);
    const { code, out } = await fsw('sessions', '--dir', join(root, 'elsewhere'), 'import', join(root, 'before.tgz'));
    expect(code).toBe(0);
    expect(out.trim()).toBe('before');
  });

  it('refuses to write an archive to the terminal', async () => {
    expect((await sessions('export', 'before', '--format', 'archive')).code).toBe(2);
  });
});

describe('fsw sessions usage', () => {
  it('answers bad usage with exit 2', async () => {
    expect((await sessions()).code).toBe(2);
    expect((await sessions('frobnicate')).code).toBe(2);
    expect((await sessions('show')).code).toBe(2);
    expect((await sessions('list', '--format', 'csv')).code).toBe(2);
    expect((await sessions('export', 'before', '--format', 'pdf')).code).toBe(2);
    expect((await sessions('compare', 'a', 'b', '--seed', 'x')).code).toBe(2);
  });

  it('runs as the fsw binary', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../../main/cli.ts'), 'sessions', '--dir', dir, 'list', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).map((s: { id: string }) => s.id)).toEqual(['after', 'before']);
  });
});
