import { afterEach, describe, expect, it } from 'vitest';
import { gapRecord } from '../../../main/targets/console/console-source';
import { TcpConsole } from '../../../main/targets/console/tcp-console';
import { consoleRecorder, until } from '../../support/console-recorder';
import { lineNumbers, numberedLineServer, runs } from '../../support/numbered-line-server';

describe('TcpConsole (ser2net, the simulator UART)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('reconnects after the peer went away and marks the outage; the loss is confined to it', async () => {
    const server = await numberedLineServer();
    cleanups.push(() => server.close());
    const console = new TcpConsole({ host: '127.0.0.1', port: server.port, retryMs: 20, maxRetryMs: 100 });
    cleanups.push(() => console.close());
    const rec = consoleRecorder();
    await console.start(rec.sink);
    await until('100 lines', () => lineNumbers(rec.text()).length >= 100);
    const outage0Start = performance.now();
    await server.drop();
    await new Promise((r) => setTimeout(r, 300));
    await server.relisten();
    await until('the reconnection', () => rec.outages.length === 1 && (server.sentBy[1]?.length ?? 0) > 0);
    const firstAfter = server.sentBy[1]?.[0] ?? Infinity;
    await until('100 lines after the reconnection', () => lineNumbers(rec.text()).filter((n) => n >= firstAfter).length >= 100);

    const got = runs(lineNumbers(rec.text()));
    expect(got).toHaveLength(2);
    expect(got[1]?.[0]).toBe(server.sentBy[1]?.[0]);
    expect(got[0]?.[0]).toBe(server.sentBy[0]?.[0]);
    // What is missing was printed while nobody was connected.
    for (let n = (got[0]?.[1] ?? 0) + 1; n < firstAfter; n++) expect(server.sentAt[n]).toBeGreaterThanOrEqual(outage0Start - 20); // or in flight when the peer dropped
    const outage = rec.outages[0]!;
    expect(outage.endMs - outage.startMs).toBeGreaterThanOrEqual(250);
    expect(gapRecord(outage, 'UART').kind).toBe('gap');
    expect(rec.states.map((s) => s.state)).toEqual(['open', 'reopening', 'open']);
  });

  it('takes typed input to the console', async () => {
    const received: Buffer[] = [];
    const { createServer } = await import('node:net');
    const server = createServer((s) => s.on('data', (d) => received.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const console = new TcpConsole({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
    cleanups.push(() => console.close());
    await console.start(consoleRecorder().sink);
    await console.write('cat /proc/version\n');
    await until('the typed line', () => Buffer.concat(received).toString() === 'cat /proc/version\n');
  });

  it('says nothing listens when the first connection is refused', async () => {
    const server = await numberedLineServer();
    const port = server.port;
    await server.close();
    const console = new TcpConsole({ host: '127.0.0.1', port });
    await expect(console.start(consoleRecorder().sink)).rejects.toMatchObject({ kind: 'not-connected', message: expect.stringMatching(/Nothing listens at 127.0.0.1:\d+/) });
  });
});
