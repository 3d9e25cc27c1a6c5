import type { Duplex } from 'node:stream';
import { pause, type HostClock } from '../clock';
import type { KmsgLedger, LiveStream } from '../kmsg-ledger';
import { asRoot, type RootAccess } from '../shell-command';
import { discardStream, type AdbShell } from './adb-shell';

export interface KmsgFollowerOptions {
  shell: AdbShell;
  root: RootAccess;
  /** The instance running now: the ledger keeps each kernel's clock apart. */
  instance: number | null;
  ledger: KmsgLedger;
  /** `kmsg` follows /proc/kmsg (needs root); `dmesg` polls the ring buffer. */
  mode: 'kmsg' | 'dmesg';
  dmesgPollMs: number;
  clock: HostClock;
  /** Complete lines, bytes as the phone sent them. */
  emit(bytes: Buffer, hostTimeMs: number, hostWallMs: number): void;
  /** The stream ended without being asked to: the phone went away (or the reader died). */
  onLost(reason: string): void;
}

/** Splits a byte stream into complete lines; latin1 keeps every byte as one char, so nothing is altered. */
class LineSplitter {
  private rest = '';
  push(chunk: Buffer): string[] {
    const text = this.rest + chunk.toString('latin1');
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.rest = text;
      return [];
    }
    this.rest = text.slice(end + 1);
    return text.slice(0, end + 1).split(/(?<=\n)/);
  }
}

const ringLines = (ring: Buffer) => ring.toString('latin1').split(/(?<=\n)/).filter((line) => line.endsWith('\n'));

/**
 * Follows one instance's kernel log over adb from a (re)connection on:
 * opens /proc/kmsg first, then reads the ring (`dmesg`) for what was printed
 * while nobody listened, then the live lines, each delivered once.
 */
export class KmsgFollower {
  private stream: Duplex | null = null;
  /** The ledger's view of this follower's /proc/kmsg stream: overlap with the ring dropped, then every line. */
  private live: LiveStream | null = null;
  private stopped = false;
  /** Set when the stream ended without being asked to. */
  ended = false;
  private readonly stop = new AbortController();
  mode: 'kmsg' | 'dmesg';

  constructor(private readonly o: KmsgFollowerOptions) {
    this.mode = o.mode;
  }

  /** Starts following; resolves with how many lines the ring gave back that had not been seen. */
  async start(): Promise<number> {
    if (this.mode === 'dmesg') {
      const recovered = await this.pollOnce();
      void this.pollLoop();
      return recovered;
    }
    const splitter = new LineSplitter();
    const held: Buffer[] = [];
    let live = false;
    let first = true;
    const stream = await this.o.shell.stream(asRoot('cat /proc/kmsg', this.o.root));
    this.stream = stream;
    this.live = this.o.ledger.live(this.o.instance);
    stream.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        // cat's own complaint, not kernel output: fall back to polling the ring.
        if (/^\/proc\/kmsg: /.test(chunk.toString('latin1'))) {
          this.mode = 'dmesg';
          this.release();
          void this.pollLoop();
          return;
        }
      }
      if (!live) held.push(chunk);
      else this.deliver(splitter.push(chunk));
    });
    const ended = () => {
      if (this.stopped || this.stream !== stream) return;
      this.ended = true;
      this.release();
      this.o.onLost('the kernel log stream (/proc/kmsg) ended');
    };
    stream.once('end', ended);
    stream.once('close', ended);
    stream.on('error', ended);

    const recovered = await this.recoverFromRing();
    live = true;
    for (const chunk of held) this.deliver(splitter.push(chunk));
    return recovered;
  }

  close(): void {
    this.stopped = true;
    this.stop.abort();
    this.release();
  }

  private release(): void {
    const stream = this.stream;
    this.stream = null;
    if (stream) discardStream(stream);
  }

  private async recoverFromRing(): Promise<number> {
    const ring = await this.o.shell.output('dmesg');
    const fresh = this.o.ledger.acceptRing(this.o.instance, ringLines(ring));
    if (fresh.length > 0) this.o.emit(Buffer.from(fresh.join(''), 'latin1'), this.o.clock.monotonicMs(), this.o.clock.wallMs());
    return fresh.length;
  }

  private deliver(lines: string[]): void {
    const live = this.live;
    if (!live) return;
    const kept = lines.filter((line) => live.accept(line));
    if (kept.length > 0) this.o.emit(Buffer.from(kept.join(''), 'latin1'), this.o.clock.monotonicMs(), this.o.clock.wallMs());
  }

  private async pollOnce(): Promise<number> {
    return this.recoverFromRing();
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      await pause(this.o.dmesgPollMs, this.stop.signal);
      if (this.stopped) return;
      try {
        await this.pollOnce();
      } catch (error) {
        if (this.stopped) return;
        this.stopped = true;
        this.ended = true;
        this.o.onLost(`reading the ring buffer failed: ${(error as Error).message}`);
        return;
      }
    }
  }
}
