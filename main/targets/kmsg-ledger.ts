import { parseKmsgLine } from './kmsg-line';

interface LastSeen {
  time: number;
  /** Texts already delivered at exactly `time` (several lines can share a timestamp). */
  texts: Set<string>;
}

/** How far back a live timestamp may jump before it means a new boot of that instance, in seconds. */
const REBOOT_JUMP_S = 1;

/**
 * Remembers, per instance, the newest kernel line delivered, so lines that
 * come round again (a `dmesg` re-read after a reconnection, a /proc/kmsg
 * reader that overlaps it) are delivered once. Each kernel has its own
 * printk clock that never goes back while it lives, so "newer than the last
 * delivered line of this instance" is the test.
 */
export class KmsgLedger {
  private readonly last = new Map<number, LastSeen>();

  /** Whether a line of the live stream is new; a big backwards jump means the instance booted again. */
  acceptLive(instance: number | null, line: string): boolean {
    const { kernelTime, text } = parseKmsgLine(line);
    if (kernelTime === null) return true;
    const key = instance ?? 0;
    const seen = this.last.get(key);
    if (seen && kernelTime < seen.time - REBOOT_JUMP_S) this.last.delete(key);
    return this.take(key, kernelTime, text);
  }

  /**
   * The lines of a ring-buffer read (oldest first) not delivered yet. A ring
   * whose newest line is older than the last delivered one belongs to a
   * new boot of the instance, so all of it is new.
   */
  acceptRing(instance: number | null, lines: readonly string[]): string[] {
    const key = instance ?? 0;
    const parsed = lines.map((line) => ({ line, ...parseKmsgLine(line) }));
    const seen = this.last.get(key);
    const newest = parsed.reduce((max, p) => (p.kernelTime !== null && p.kernelTime > max ? p.kernelTime : max), -Infinity);
    if (seen && newest !== -Infinity && newest < seen.time) this.last.delete(key);
    const fresh: string[] = [];
    for (const p of parsed) {
      // A line without a timestamp cannot be placed: a ring re-read would repeat it, so only timestamped lines are recovered.
      if (p.kernelTime === null) continue;
      if (this.take(key, p.kernelTime, p.text)) fresh.push(p.line);
    }
    return fresh;
  }

  /** The newest kernel time delivered for an instance, if any. */
  lastTime(instance: number | null): number | null {
    return this.last.get(instance ?? 0)?.time ?? null;
  }

  private take(key: number, time: number, text: string): boolean {
    const seen = this.last.get(key);
    if (!seen || time > seen.time) {
      this.last.set(key, { time, texts: new Set([text]) });
      return true;
    }
    if (time < seen.time || seen.texts.has(text)) return false;
    seen.texts.add(text);
    return true;
  }
}
