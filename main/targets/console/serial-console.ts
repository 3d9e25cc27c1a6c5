import { statSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { WorkbenchError } from '../../../common/api/errors';
import { Backoff, pause, systemClock, type HostClock } from '../clock';
import { serialOpenError } from './console-errors';
import type { ConsoleSink, ConsoleSource } from './console-source';

/** The part of a serialport stream the console uses (the real SerialPort, or SerialPortMock in tests). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  write(data: Buffer, callback?: (error: Error | null | undefined) => void): boolean;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'close', listener: (error?: { disconnected?: boolean } | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
}

export interface SerialConsoleOptions {
  path: string;
  /** 115200 8N1 by default, the OMAP4 console's setting. */
  baudRate?: number;
  clock?: HostClock;
  /** How often to look for the adapter while it is unplugged. */
  pollMs?: number;
  /** Which device node the path names now (null when absent): a changed answer means another adapter, or the same one replugged. */
  identify?: (path: string) => string | null;
  createPort?: (path: string, baudRate: number) => SerialPortLike;
  /** Bytes typed while the adapter is away are kept up to this many and sent on reopen. */
  maxQueuedBytes?: number;
}

function deviceNode(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.rdev}:${stat.ino}`;
  } catch {
    return null;
  }
}

const realPort = (path: string, baudRate: number): SerialPortLike => new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });

/**
 * A serial console that survives the adapter being unplugged and plugged
 * back: it polls for the device path (no open attempts, so no error
 * storm, while it is absent), reopens, and reports the outage.
 */
export class SerialConsole implements ConsoleSource {
  readonly id: string;
  readonly label: string;
  private readonly baudRate: number;
  private readonly clock: HostClock;
  private readonly pollMs: number;
  private readonly identify: (path: string) => string | null;
  private node: string | null = null;
  private presence: NodeJS.Timeout | null = null;
  private readonly createPort: (path: string, baudRate: number) => SerialPortLike;
  private readonly maxQueued: number;
  private port: SerialPortLike | null = null;
  private sink: ConsoleSink | null = null;
  private closed = false;
  private queued: Buffer[] = [];
  private reopening: Promise<void> | null = null;
  private readonly stop = new AbortController();
  /** Open failures seen while reopening (each distinct reason is reported once). */
  reopenFailures = 0;

  constructor(private readonly options: SerialConsoleOptions) {
    this.baudRate = options.baudRate ?? 115_200;
    this.id = `serial:${options.path}`;
    this.label = `${options.path} @ ${this.baudRate}`;
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? 250;
    this.identify = options.identify ?? deviceNode;
    this.createPort = options.createPort ?? realPort;
    this.maxQueued = options.maxQueuedBytes ?? 64 * 1024;
  }

  async start(sink: ConsoleSink): Promise<void> {
    this.sink = sink;
    try {
      await this.openPort();
    } catch (error) {
      throw serialOpenError(this.options.path, error);
    }
    sink.state('open');
  }

  async write(bytes: Uint8Array | string): Promise<void> {
    if (this.closed) throw new WorkbenchError('not-connected', `${this.label} is closed`, this.options.path);
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    const port = this.port;
    if (!port?.isOpen) {
      const queuedBytes = this.queued.reduce((n, b) => n + b.length, 0);
      if (queuedBytes + data.length > this.maxQueued) throw new WorkbenchError('busy', `${this.options.path} is unplugged and ${queuedBytes} typed bytes already wait for it`, this.options.path);
      this.queued.push(data);
      return;
    }
    await new Promise<void>((resolve, reject) => port.write(data, (error) => (error ? reject(serialOpenError(this.options.path, error)) : resolve())));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    this.stopPresence();
    await this.reopening;
    const port = this.port;
    this.port = null;
    if (port) await this.release(port);
    this.sink?.state('closed');
  }

  private openPort(): Promise<void> {
    const port = this.createPort(this.options.path, this.baudRate);
    return new Promise<void>((resolve, reject) => {
      port.open((error) => {
        if (error) {
          port.removeAllListeners();
          return reject(error);
        }
        this.port = port;
        this.node = this.identify(this.options.path);
        this.watchPresence(port);
        port.on('data', (data) => this.sink?.bytes(data, this.clock.monotonicMs(), this.clock.wallMs()));
        // The close that follows an I/O error carries the reason; the error itself needs no second report.
        port.on('error', () => undefined);
        port.on('close', () => this.lost(port));
        resolve();
      });
    });
  }

  private release(port: SerialPortLike): Promise<void> {
    return new Promise((resolve) => {
      if (!port.isOpen) {
        port.removeAllListeners();
        return resolve();
      }
      port.close(() => {
        port.removeAllListeners();
        resolve();
      });
    });
  }

  /**
   * A read does not always fail when the adapter goes (a pseudo-terminal
   * whose master closes while nobody reads, some USB drivers): the device
   * node vanishing or changing says it too.
   */
  private watchPresence(port: SerialPortLike): void {
    this.stopPresence();
    this.presence = setInterval(() => {
      if (this.identify(this.options.path) !== this.node) this.lost(port);
    }, this.pollMs);
    this.presence.unref();
  }

  private stopPresence(): void {
    if (this.presence) clearInterval(this.presence);
    this.presence = null;
  }

  private lost(port: SerialPortLike): void {
    if (this.closed || port !== this.port) return;
    this.stopPresence();
    port.removeAllListeners();
    port.on('error', () => undefined);
    if (port.isOpen) port.close(() => undefined);
    this.port = null;
    const startMs = this.clock.monotonicMs();
    const startWallMs = this.clock.wallMs();
    this.sink?.state('reopening', `${this.options.path} went away (adapter unplugged?); waiting for it to come back`);
    this.reopening = this.reopen().then((reopened) => {
      this.reopening = null;
      if (!reopened || this.closed) return;
      this.sink?.outage({ startMs, endMs: this.clock.monotonicMs(), startWallMs, endWallMs: this.clock.wallMs(), reason: `${this.options.path} unplugged` });
      this.sink?.state('open');
      const queued = this.queued;
      this.queued = [];
      for (const data of queued) this.port?.write(data);
    });
  }

  private async reopen(): Promise<boolean> {
    const backoff = new Backoff(this.pollMs, this.pollMs * 8);
    let lastReason = '';
    while (!this.closed) {
      await pause(this.pollMs, this.stop.signal);
      if (this.closed) return false;
      if (this.identify(this.options.path) === null) continue;
      try {
        await this.openPort();
        return true;
      } catch (error) {
        // The node can exist before udev gives it its group: retry quietly, reporting each new reason once.
        this.reopenFailures++;
        const reason = serialOpenError(this.options.path, error).message;
        if (reason !== lastReason) this.sink?.state('reopening', reason);
        lastReason = reason;
        await pause(backoff.delay(), this.stop.signal);
      }
    }
    return false;
  }
}
