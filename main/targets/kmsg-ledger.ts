import { parseKmsgLine } from './kmsg-line';

interface LastSeen {
  time: number;
  /**
   * Texts delivered at exactly `time`, in order. Several lines can share a
   * timestamp, and the same text can be printed twice in one tick of the
   * 32 kHz printk clock (a suspend attempt retried at once): these count as
   * two lines, so this is a sequence, not a set.
   */
  texts: string[];
}

/** How far back a live timestamp may jump before it means a new boot of that instance, in seconds. */
const REBOOT_JUMP_S = 1;

const count = (texts: readonly string[], text: string) => texts.reduce((n, t) => (t === text ? n + 1 : n), 0);

/**
 * One /proc/kmsg stream of one instance, from its opening on. Its first
 * lines may repeat what was delivered already (the ring read made after it
 * opened, or what a real kernel replays since the last read); from its
 * first new line on, everything it gives is new: a stream gives each line
 * once, so it is never checked against the ledger again.
 */
export interface LiveStream {
  /** Whether the next line of the stream is new (and records it). */
  accept(line: string): boolean;
}

/**
 * Remembers, per instance, the newest kernel line delivered, so lines that
 * come round again (a `dmesg` re-read after a reconnection, a /proc/kmsg
 * reader that overlaps it) are delivered once. Each kernel has its own
 * printk clock that never goes back while it lives, so "newer than the last
 * delivered line of this instance" is the test; lines printed in the same
 * tick as it are told apart by how many times each text was delivered then.
 */
export class KmsgLedger {
  private readonly last = new Map<number, LastSeen>();

  /** A live stream opened for an instance (see LiveStream). */
  live(instance: number | null): LiveStream {
    const key = instance ?? 0;
    let caughtUp = false;
    /** Occurrences of each text at the ledger's newest time, in this stream, while it still overlaps. */
    let overlapTime: number | null = null;
    const overlapCounts = new Map<string, number>();
    return {
      accept: (line) => {
        const { kernelTime, text } = parseKmsgLine(line);
        if (kernelTime === null) return true;
        const seen = this.last.get(key);
        if (!caughtUp) {
          if (seen && kernelTime < seen.time - REBOOT_JUMP_S) {
            // The instance booted again: everything from here is new.
            this.last.delete(key);
          } else if (seen && kernelTime < seen.time) {
            return false;
          } else if (seen && kernelTime === seen.time) {
            if (overlapTime !== seen.time) {
              overlapTime = seen.time;
              overlapCounts.clear();
            }
            // The n-th time this stream repeats a text of that tick is a replay while the ledger has it n times or more.
            const n = overlapCounts.get(text) ?? 0;
            overlapCounts.set(text, n + 1);
            if (n < count(seen.texts, text)) return false;
          }
          caughtUp = true;
        }
        this.record(key, kernelTime, text);
        return true;
      },
    };
  }

  /**
   * The lines of a ring-buffer read (oldest first) not delivered yet. A ring
   * whose newest line is older than the last delivered one belongs to a
   * new boot of the instance, so all of it is new. The ring holds every
   * line of the newest tick in order, so the n-th copy of a text in that
   * tick is new exactly when fewer than n were delivered.
   */
  acceptRing(instance: number | null, lines: readonly string[]): string[] {
    const key = instance ?? 0;
    const parsed = lines.map((line) => ({ line, ...parseKmsgLine(line) }));
    const seen = this.last.get(key);
    const newest = parsed.reduce((max, p) => (p.kernelTime !== null && p.kernelTime > max ? p.kernelTime : max), -Infinity);
    if (seen && newest !== -Infinity && newest < seen.time) this.last.delete(key);
    const fresh: string[] = [];
    const delivered = this.last.get(key);
    const deliveredAtLast = delivered ? [...delivered.texts] : [];
    const inRing = new Map<string, number>();
    for (const p of parsed) {
      // A line without a timestamp cannot be placed: a ring re-read would repeat it, so only timestamped lines are recovered.
      if (p.kernelTime === null) continue;
      if (delivered && p.kernelTime < delivered.time) continue;
      if (delivered && p.kernelTime === delivered.time) {
        const n = inRing.get(p.text) ?? 0;
        inRing.set(p.text, n + 1);
        if (n < count(deliveredAtLast, p.text)) continue;
      }
      this.record(key, p.kernelTime, p.text);
      fresh.push(p.line);
    }
    return fresh;
  }

  /** The newest kernel time delivered for an instance, if any. */
  lastTime(instance: number | null): number | null {
    return this.last.get(instance ?? 0)?.time ?? null;
  }

  private record(key: number, time: number, text: string): void {
    const seen = this.last.get(key);
    if (!seen || time > seen.time) this.last.set(key, { time, texts: [text] });
    else if (time === seen.time) seen.texts.push(text);
    // An older time on a stream already caught up (a clock that stepped back a little): delivered, nothing to remember.
  }
}
