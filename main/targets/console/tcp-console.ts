import { connect, type Socket } from 'node:net';
import { WorkbenchError } from '../../../common/api/errors';
import { Backoff, pause, systemClock, type HostClock } from '../clock';
import { tcpConnectError } from './console-errors';
import type { ConsoleSink, ConsoleSource } from './console-source';

export interface TcpConsoleOptions {
  host: string;
  port: number;
  clock?: HostClock;
  /** First and longest wait between reconnection attempts. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** `tcp://host:port` → host and port; null when it is not one. */
export function parseTcpAddress(address: string): { host: string; port: number } | null {
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(address.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65_535) return null;
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

/**
 * A raw TCP console (ser2net, a console server, the simulator's UART
 * endpoint). When the peer goes away it reconnects with backoff, quietly,
 * and reports the outage once it is back.
 */
export class TcpConsole implements ConsoleSource {
  readonly id: string;
  readonly label: string;
  private readonly clock: HostClock;
  private socket: Socket | null = null;
  private sink: ConsoleSink | null = null;
  private closed = false;
  private readonly stop = new AbortController();
  private reconnecting: Promise<void> | null = null;
  /** Failed attempts while reconnecting (for tests: a lost peer must not cause a storm). */
  reconnectAttempts = 0;

  constructor(private readonly options: TcpConsoleOptions) {
    this.id = `tcp://${options.host}:${options.port}`;
    this.label = this.id;
    this.clock = options.clock ?? systemClock;
  }

  async start(sink: ConsoleSink): Promise<void> {
    this.sink = sink;
    try {
      await this.connectOnce();
    } catch (error) {
      throw tcpConnectError(`${this.options.host}:${this.options.port}`, error);
    }
    sink.state('open');
  }

  async write(bytes: Uint8Array | string): Promise<void> {
    const socket = this.socket;
    if (this.closed || !socket) throw new WorkbenchError('not-connected', `${this.label} is not connected now${this.closed ? '' : ' (reconnecting)'}`, this.label);
    await new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(tcpConnectError(this.label, error)) : resolve())));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    await this.reconnecting;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
    }
    this.sink?.state('closed');
  }

  private connectOnce(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      socket.setNoDelay(true);
      const fail = (error: Error) => {
        socket.removeAllListeners();
        socket.destroy();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.removeListener('error', fail);
        this.socket = socket;
        socket.on('data', (data) => this.sink?.bytes(data, this.clock.monotonicMs(), this.clock.wallMs()));
        socket.on('error', () => undefined); // the close that follows starts the reconnection
        socket.on('close', () => this.lost(socket));
        resolve();
      });
    });
  }

  private lost(socket: Socket): void {
    if (this.closed || socket !== this.socket) return;
    socket.removeAllListeners();
    this.socket = null;
    const startMs = this.clock.monotonicMs();
    const startWallMs = this.clock.wallMs();
    this.sink?.state('reopening', `${this.label} closed the connection; reconnecting`);
    this.reconnecting = this.reconnect().then((back) => {
      this.reconnecting = null;
      if (!back || this.closed) return;
      this.sink?.outage({ startMs, endMs: this.clock.monotonicMs(), startWallMs, endWallMs: this.clock.wallMs(), reason: `${this.label} disconnected` });
      this.sink?.state('open');
    });
  }

  private async reconnect(): Promise<boolean> {
    const backoff = new Backoff(this.options.retryMs ?? 50, this.options.maxRetryMs ?? 1_000);
    while (!this.closed) {
      await pause(backoff.delay(), this.stop.signal);
      if (this.closed) return false;
      try {
        await this.connectOnce();
        if (this.closed) return false;
        return true;
      } catch {
        this.reconnectAttempts++;
      }
    }
    return false;
  }
}
