import type { Duplex } from 'node:stream';
import type { HostClock } from '../clock';
import { discardStream, type AdbShell } from './adb-shell';

export interface LogcatFollowerOptions {
  /** The shell of the phone as it is now (it changes after a comeback). */
  shell: () => AdbShell;
  clock: HostClock;
  emit(bytes: Buffer, hostTimeMs: number, hostWallMs: number): void;
  onLost(reason: string): void;
}

/** `MM-DD HH:MM:SS.mmm` of `logcat -v threadtime` as a number that sorts like the time. */
function logcatTime(line: string): number | null {
  const m = /^(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line);
  if (!m) return null;
  const [, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return ((((mo! * 31 + d!) * 24 + h!) * 60 + mi!) * 60 + s!) * 1000 + ms!;
}

/**
 * Follows `logcat -v threadtime`. Each restart (after the phone came back)
 * dumps the buffer again, so lines at or before the last one delivered by
 * that instance are dropped.
 */
export class LogcatFollower {
  private stream: Duplex | null = null;
  private rest = '';
  private readonly last = new Map<number, { time: number; texts: Set<string> }>();
  private instance = 0;
  private closed = false;

  constructor(private readonly o: LogcatFollowerOptions) {}

  async start(instance: number | null): Promise<void> {
    this.pause();
    if (this.closed) return;
    this.instance = instance ?? 0;
    this.rest = '';
    const stream = await this.o.shell().stream('logcat -v threadtime');
    if (this.closed) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.take(chunk));
    const ended = () => {
      if (this.stream !== stream) return;
      this.pause();
      this.o.onLost('the logcat stream ended');
    };
    stream.once('end', ended);
    stream.once('close', ended);
    stream.on('error', ended);
  }

  /** Stops reading until the next start (the phone went away). */
  pause(): void {
    const stream = this.stream;
    this.stream = null;
    if (stream) discardStream(stream);
  }

  close(): void {
    this.closed = true;
    this.pause();
  }

  private take(chunk: Buffer): void {
    const text = this.rest + chunk.toString('latin1');
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.rest = text;
      return;
    }
    this.rest = text.slice(end + 1);
    const kept = text
      .slice(0, end + 1)
      .split(/(?<=\n)/)
      .filter((line) => this.accept(line));
    if (kept.length > 0) this.o.emit(Buffer.from(kept.join(''), 'latin1'), this.o.clock.monotonicMs(), this.o.clock.wallMs());
  }

  private accept(line: string): boolean {
    const time = logcatTime(line);
    if (time === null) return !line.startsWith('--------- beginning of');
    const text = line.replace(/\r?\n$/, '');
    const seen = this.last.get(this.instance);
    if (!seen || time > seen.time) {
      this.last.set(this.instance, { time, texts: new Set([text]) });
      return true;
    }
    if (time < seen.time || seen.texts.has(text)) return false;
    seen.texts.add(text);
    return true;
  }
}
