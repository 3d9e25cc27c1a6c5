import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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

async function start(limiter?: FailureLimiter) {
  server = await startWebServer({ dispatch, hub: new EventHub(), rendererDir: tinyRendererDir(), port: 0, ...(limiter ? { limiter } : {}) });
  return server;
}

/** Resolves with the HTTP status the server answered the upgrade with, or 101 when it accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(-1));
  });
}

describe('web mode access', () => {
  it('binds to loopback by default', async () => {
    const s = await start();
    expect(s.origin).toBe(`http://127.0.0.1:${s.port}`);
  });

  it('answers 401 to a page request without the token and serves it with the token', async () => {
    const s = await start();
    expect((await fetch(`${s.origin}/`)).status).toBe(401);
    expect((await fetch(`${s.origin}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(s.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses the WebSocket without the token and accepts it with the token', async () => {
    const s = await start();
    expect(await upgradeStatus(`ws://127.0.0.1:${s.port}/ws`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`)).toBe(101);
  });

  it('refuses a WebSocket opened by a page of another origin, even with the token', async () => {
    const s = await start();
    expect(await upgradeStatus(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, { origin: s.origin })).toBe(101);
  });

  it('locks an address out after repeated wrong tokens, even when it then guesses right', async () => {
    const s = await start(new FailureLimiter(3, 60_000, 60_000));
    for (let i = 0; i < 3; i++) expect((await fetch(`${s.origin}/?token=guess${i}`)).status).toBe(401);
    expect((await fetch(s.url)).status).toBe(429);
  });

  it('never serves a file outside the renderer directory', async () => {
    const s = await start();
    const res = await fetch(`${s.origin}/..%2f..%2f..%2fetc%2fpasswd?token=${s.token}`);
    expect(await res.text()).not.toContain('root:');
  });
});
