import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../main/services/event-hub';
import { FailureLimiter } from '../../../main/web/failure-limiter';
import { startWebServer, type RunningWebServer } from '../../../main/web/web-server';
import { tinyRendererDir } from '../../support/adapters';

const dispatch = async () => ({ ok: true as const, result: null });
let server: RunningWebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** GET with an explicit Host header, as a browser sends it after a DNS rebinding. */
function statusWithHost(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode against DNS rebinding', () => {
  it('answers a page that reached the loopback server under another name with 421, token or not', async () => {
    server = await startWebServer({ dispatch, hub: new EventHub(), rendererDir: tinyRendererDir(), port: 0 });
    expect(await statusWithHost(server.port, `/?token=${server.token}`, `rebound.example:${server.port}`)).toBe(421);
    expect(await statusWithHost(server.port, `/?token=${server.token}`, `127.0.0.1:${server.port}`)).toBe(200);
    expect(await statusWithHost(server.port, `/?token=${server.token}`, `localhost:${server.port}`)).toBe(200);
  });

  it('does not count rebound requests as failed attempts, so they cannot lock the user out', async () => {
    server = await startWebServer({ dispatch, hub: new EventHub(), rendererDir: tinyRendererDir(), port: 0, limiter: new FailureLimiter(3, 60_000, 60_000) });
    for (let i = 0; i < 5; i++) expect(await statusWithHost(server.port, `/?token=guess${i}`, `rebound.example:${server.port}`)).toBe(421);
    expect(await statusWithHost(server.port, `/?token=${server.token}`, `127.0.0.1:${server.port}`)).toBe(200);
  });
});
