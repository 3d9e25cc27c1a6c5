import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialConsole } from '../../../main/targets/console/serial-console';
import { consoleRecorder, until } from '../../support/console-recorder';
import { lineNumbers, numberedLineServer, runs } from '../../support/numbered-line-server';
import { socatPtyToTcp } from '../../support/socat-pty';

describe('SerialConsole on a socat pseudo-terminal at 115200', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function rig() {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-serial-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await numberedLineServer(2);
    cleanups.push(() => server.close());
    const link = join(dir, 'ttyUSB0');
    const socat = await socatPtyToTcp(link, server.port);
    cleanups.push(() => socat.stop());
    const console = new SerialConsole({ path: link, pollMs: 50 });
    cleanups.push(() => console.close());
    const rec = consoleRecorder();
    await console.start(rec.sink);
    return { server, socat, console, rec, link, openedAt: performance.now() };
  }

  it('keeps reading after the adapter is pulled out and plugged back, with the loss confined to the outage and marked', async () => {
    const { server, socat, rec, openedAt } = await rig();
    await until('200 lines', () => lineNumbers(rec.text()).length >= 200);
    const pulledAt = performance.now();
    await socat.stop();
    await new Promise((r) => setTimeout(r, 300));
    await socat.start();
    await until('the reopen', () => rec.outages.length === 1);
    const outage = rec.outages[0]!;
    const lastSent = server.sentAt.length - 1;
    await until('200 lines after the reopen', () => (lineNumbers(rec.text()).at(-1) ?? 0) >= lastSent + 200);

    const got = lineNumbers(rec.text());
    expect(runs(got)).toHaveLength(2);
    // Every line missing was printed while the adapter was out (or in flight when it was pulled).
    const seen = new Set(got);
    const missing = server.sentAt.flatMap((_, n) => (n > 0 && server.sentAt[n]! > openedAt && n <= got.at(-1)! && !seen.has(n) ? [n] : []));
    expect(missing.length).toBeGreaterThan(0);
    for (const n of missing) {
      expect(server.sentAt[n]).toBeGreaterThanOrEqual(pulledAt - 50);
      expect(server.sentAt[n]).toBeLessThanOrEqual(outage.endMs);
    }
    expect(outage.endMs - outage.startMs).toBeGreaterThanOrEqual(250);
  });

  it('stays quiet while the adapter is unplugged and idle: one state change, no open attempts, no errors', async () => {
    const { server, socat, console, rec } = await rig();
    server.setPaused(true);
    await socat.stop();
    await new Promise((r) => setTimeout(r, 1500));
    expect(rec.states).toEqual([{ state: 'open' }, { state: 'reopening', detail: expect.stringMatching(/went away/) }]);
    expect(console.reopenFailures).toBe(0);
    await socat.start();
    await until('the reopen', () => rec.outages.length === 1);
    expect(rec.states.at(-1)).toEqual({ state: 'open' });
  });

  it('sends typed bytes to the console, also those typed while the adapter was out', async () => {
    const { server, socat, console, rec } = await rig();
    server.setPaused(true);
    await console.write('uname -a\n');
    await until('the first typed line', () => server.typed() === 'uname -a\n');
    await socat.stop();
    await until('the adapter to be noticed gone', () => rec.states.at(-1)?.state === 'reopening');
    await console.write('dmesg\n');
    await socat.start();
    await until('the line typed while unplugged', () => server.typed() === 'uname -a\ndmesg\n');
  });

  it('says the port is busy when another program holds it', async () => {
    const { link } = await rig();
    const second = new SerialConsole({ path: link });
    await expect(second.start(consoleRecorder().sink)).rejects.toMatchObject({ kind: 'busy', message: expect.stringMatching(/already open in another program/) });
  });

  it('says the path does not exist when no adapter is there', async () => {
    const console = new SerialConsole({ path: '/dev/ttyUSB-none-here' });
    await expect(console.start(consoleRecorder().sink)).rejects.toMatchObject({ kind: 'not-found', message: expect.stringMatching(/plugged in/) });
  });
});
