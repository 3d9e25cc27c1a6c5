import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adbAvailable, adbMissingReason, freePort, startPrivateAdbServer, type PrivateAdbServer } from '../../support/private-adb-server';
import { REPO, runFsw } from '../../support/run-cli';

/**
 * `fsw run` on a phone as a lab script uses it: a separate `fsw sim` process
 * is the phone (adbd + UART on loopback, real time), a private Debian adb
 * server stands for the lab host's, and the console comes over TCP as from
 * ser2net. Switches are measured on the UART, which sees both kernels.
 */
describe.skipIf(!adbAvailable)(`fsw run --target adb with a console ${adbMissingReason}`, () => {
  let sim: ChildProcess;
  let adb: PrivateAdbServer;
  let adbPort: number;
  let consolePort: number;

  beforeAll(async () => {
    adbPort = await freePort();
    consolePort = await freePort();
    sim = spawn(process.execPath, ['--import', 'tsx', resolve(REPO, 'main/cli.ts'), 'sim', '--adb-port', String(adbPort), '--console-port', String(consolePort), '--seed', '4'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => sim.stdout!.on('data', (d: Buffer) => String(d).includes('Press Ctrl-C') && ready()));
    adb = await startPrivateAdbServer();
  });
  afterAll(async () => {
    sim?.kill('SIGINT');
    await adb?.stop();
  });

  it('runs a script through adb, measures each switch from the console, and prints the DESIGN §9 JSON', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'fsw-adb-run-')), 'self.fsw');
    writeFileSync(script, 'switch ics\nwait 1s\nswitch ics\nexpect last.outcome == ok\nexpect last.total < 3s\n');
    const result = await runFsw(['run', script, '--target', `adb:127.0.0.1:${adbPort}`, '--adb-host', `127.0.0.1:${adb.port}`, '--console', `tcp://127.0.0.1:${consolePort}`, '--json'], { timeoutMs: 90_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { switches: { kind: string; from: string; to: string; outcome: string; totalMs: number; wakelockWaitMs: number; suspendMs: number; resumeMs: number; clock: string }[]; run: { state: string; expectationsMet: number } };
    expect(output.run).toMatchObject({ state: 'finished', expectationsMet: 2 });
    // Each switch once, though both the console and /proc/kmsg showed it.
    expect(output.switches.map((s) => `${s.kind} ${s.from}→${s.to} ${s.outcome}`)).toEqual(['switch ics→ics ok', 'switch ics→ics ok']);
    for (const s of output.switches) {
      expect(s.clock).toBe('host');
      // The simulator runs in real time: request to visible is the notes' switch, and no less than its measured parts.
      expect(s.totalMs).toBeGreaterThan(s.wakelockWaitMs + s.suspendMs + s.resumeMs);
      expect(s.totalMs).toBeLessThan(3000);
    }
  });

  it('says what is wrong when no phone answers at the address', async () => {
    const result = await runFsw(['run', join(REPO, 'resources/examples/boot-second-instance.fsw'), '--target', 'adb:127.0.0.1:1', '--adb-host', `127.0.0.1:${adb.port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/adb could not connect to 127\.0\.0\.1:1/);
  });
});
