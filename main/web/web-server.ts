import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../../common/api/router';
import { ClientFrame, type ServerFrame } from '../../common/api/wire';
import type { EventHub } from '../services/event-hub';
import { TOKEN_COOKIE, newAccessToken, tokenFromRequest, tokenMatches } from './access-token';
import { FailureLimiter } from './failure-limiter';
import { isAllowedHostHeader } from './host-check';
import { readStaticFile } from './static-files';
import { webContentSecurityPolicy } from './content-security-policy';

export interface WebServerOptions {
  dispatch: Dispatch;
  hub: EventHub;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  limiter?: FailureLimiter;
}

export interface RunningWebServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** A client that stops reading must not make the service buffer without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Web mode (DESIGN §3): the built renderer over HTTP and the same contract
 * over a WebSocket, loopback by default, every request and upgrade gated by
 * a random token.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newAccessToken();
  const limiter = options.limiter ?? new FailureLimiter();

  const authorize = (req: IncomingMessage, url: URL): 'ok' | 'locked' | 'denied' => {
    const address = req.socket.remoteAddress ?? 'unknown';
    if (limiter.isLocked(address)) return 'locked';
    if (tokenMatches(token, tokenFromRequest(url, req.headers))) {
      limiter.recordSuccess(address);
      return 'ok';
    }
    limiter.recordFailure(address);
    return 'denied';
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error: ${(error as Error).message}`);
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!isAllowedHostHeader(host, req.headers.host)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('This server answers to its loopback address only.\n');
      return;
    }
    const verdict = authorize(req, url);
    if (verdict !== 'ok') {
      res.writeHead(verdict === 'locked' ? 429 : 401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(verdict === 'locked' ? 'Too many failed attempts; try again in a minute.\n' : 'Access token required: open the URL that `fsw serve` printed.\n');
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    };
    if (file.contentType.startsWith('text/html')) {
      headers['content-security-policy'] = webContentSecurityPolicy();
      headers['x-frame-options'] = 'DENY';
      // The token travels once in the URL; after that the page and its WebSocket carry it as a same-site cookie.
      headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!isAllowedHostHeader(host, req.headers.host)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const verdict = authorize(req, url);
    const originOk = isSameOrigin(req);
    if (verdict !== 'ok' || !originOk || url.pathname !== '/ws') {
      const status = verdict === 'locked' ? '429 Too Many Requests' : verdict === 'denied' ? '401 Unauthorized' : originOk ? '404 Not Found' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED_BYTES) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = options.hub.subscribe((name, payload) => send({ type: 'event', name, payload }));
    ws.on('message', (data) => {
      let frame: ClientFrame;
      try {
        frame = ClientFrame.parse(JSON.parse(String(data)));
      } catch {
        send({ type: 'event', name: 'protocol.error', payload: 'Malformed frame: expected {type:"call", id, method, params}' });
        return;
      }
      void options.dispatch(frame.method, frame.params).then((response) => send({ type: 'response', id: frame.id, response }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Browsers always send Origin on a WebSocket; it must name this very server, so no other page can drive it. */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (CLI tools, tests): the token alone decides
  const host = req.headers.host;
  return host !== undefined && origin === `http://${host}`;
}
