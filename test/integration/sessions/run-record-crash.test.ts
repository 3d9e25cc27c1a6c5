import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../main/sessions/session-store';
import { REPO } from '../../support/run-cli';

const lineCount = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).length : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A long benchmark: jb booted, then many switches, so the kill lands in the middle of it. */
const BENCHMARK = `# expect-switches: 40001
reserve 16 sections at 0x90000000 for jb
load "device:/data/media/fsw/jb/zImage" at 0x91808000 as kernel for jb
load "device:/data/media/fsw/jb/initrd.img" at 0x92800000 for jb
load atags at 0x90000100 as param for jb
boot jb
wait until jb running timeout 120s
mark "warm-up done"
repeat 20000 {
  switch ics
  wait 1s
  switch jb
  wait 1s
}
`;

describe('fsw run --record survives being killed in the middle of a benchmark', () => {
  it('keeps every record synced before the kill, marks the session interrupted and rebuilds its summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-crash-'));
    const script = join(dir, 'bench.fsw');
    writeFileSync(script, BENCHMARK);
    const sessions = join(dir, 'sessions');
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO, 'main/cli.ts'), 'run', script, '--speed', 'fast', '--record', sessions], {
      cwd: REPO,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));

    // Wait until the benchmark is well under way on disk, note what is there, let a sync interval pass, then kill.
    let folder = '';
    for (let i = 0; i < 600 && lineCount(join(sessions, folder, 'switches.ndjson')) < 20; i++) {
      await sleep(100);
      folder = existsSync(sessions) ? (readdirSync(sessions)[0] ?? '') : '';
    }
    const sessionDir = join(sessions, folder);
    const switchesBefore = lineCount(join(sessionDir, 'switches.ndjson'));
    const logsBefore = lineCount(join(sessionDir, 'log.ndjson'));
    expect(switchesBefore).toBeGreaterThanOrEqual(20);
    await sleep(1_500); // more than the 1 s sync interval: what was appended until now must be on disk
    const switchesSynced = lineCount(join(sessionDir, 'switches.ndjson'));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = await SessionStore.open(sessions);
    const recovered = await store.recoverInterrupted();
    expect(recovered.map((r) => r.id)).toEqual([folder]);
    const session = await store.load(folder, { logs: true });
    expect(session.meta?.status).toBe('interrupted');
    // Nothing on disk before the kill was lost; the benchmark was cut before its end.
    expect(session.switches.length).toBeGreaterThanOrEqual(switchesSynced);
    expect(session.logs.length).toBeGreaterThanOrEqual(logsBefore);
    expect(session.switches.length).toBeLessThan(40_001);
    expect(session.marks.map((m) => m.label)).toEqual(['warm-up done']);
    // The summary is rebuilt from the records on disk.
    const rebuilt = JSON.parse(readFileSync(join(sessionDir, 'summary.json'), 'utf8'));
    expect(rebuilt).toEqual(JSON.parse(JSON.stringify(session.summary)));
    expect(JSON.stringify(session.summary)).toContain('"count"');
    // At most the line being written at the kill is cut; everything else reads back.
    expect(session.problems.filter((p) => !/cut|truncat|incomplete/i.test(p.message))).toEqual([]);

    // Every switch on disk points at log lines that are on disk too: logs are synced before the switches they explain.
    const lastLine = Math.max(...session.logs.map((r) => r.seq + 1));
    for (const record of session.switches) expect(record.lines[1]).toBeLessThanOrEqual(lastLine);
  });
});
