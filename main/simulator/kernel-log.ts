/**
 * One kernel's printk: its own clock (sched_clock on the 32 kHz counter,
 * frozen while the kernel is suspended or another instance runs), its ring
 * buffer, /proc/kmsg readers, and the shared UART. Line formats follow
 * fixtures/pm-log-formats.md §2: `[%5lu.%06lu] ` on the console, `<N>` in
 * front for kmsg and dmesg, continuation fragments without a timestamp.
 */

export type LogLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** printk levels the model uses by name. */
export const KERN = { EMERG: 0, ALERT: 1, ERR: 3, WARNING: 4, DEFAULT: 4, NOTICE: 5, INFO: 6, DEBUG: 7 } as const;

export interface ConsoleSink {
  write(text: string): void;
}

const RING_LIMIT = 128 * 1024;
const TICKS = 32768;

export class PrintkClock {
  private accumulatedMs = 0;
  private runningSince: number | null = null;

  start(now: number): void {
    if (this.runningSince === null) this.runningSince = now;
  }

  stop(now: number): void {
    if (this.runningSince !== null) {
      this.accumulatedMs += now - this.runningSince;
      this.runningSince = null;
    }
  }

  /** A boot starts the counter from zero. */
  reset(): void {
    this.accumulatedMs = 0;
    this.runningSince = null;
  }

  get running(): boolean {
    return this.runningSince !== null;
  }

  /** Milliseconds this kernel has run since its boot. */
  ms(now: number): number {
    return this.accumulatedMs + (this.runningSince === null ? 0 : now - this.runningSince);
  }

  /** Seconds, quantised to the 32 kHz counter the way OMAP's sched_clock is. */
  seconds(now: number): number {
    return Math.floor((this.ms(now) / 1000) * TICKS) / TICKS;
  }
}

const SPACES = '     ';
const ZEROS = '000000';

export function formatTimestamp(seconds: number): string {
  const us = Math.floor(seconds * 1e6 + 1e-6);
  const whole = String(Math.floor(us / 1e6));
  const micros = String(us % 1e6);
  return `[${whole.length < 5 ? SPACES.slice(whole.length) + whole : whole}.${ZEROS.slice(micros.length)}${micros}] `;
}

export interface LogKnobs {
  /** First field of /proc/sys/kernel/printk: lines with a level below it reach the console. */
  consoleLoglevel: number;
  /** /sys/module/printk/parameters/time */
  printkTime: boolean;
}

export class KernelLog {
  readonly clock = new PrintkClock();
  private ring: string[] = [];
  private ringStart = 0;
  private ringBytes = 0;
  /** The line being built by fragments, if the last printk left it open. */
  private open: { level: number; text: string; toConsole: boolean } | null = null;
  private kmsgListeners = new Set<(text: string) => void>();
  readonly knobs: LogKnobs = { consoleLoglevel: 7, printkTime: true };
  /** Lines printed since boot, for tests and ground truth. */
  lineCount = 0;

  constructor(
    private readonly now: () => number,
    private readonly uart: ConsoleSink,
  ) {}

  /** Prints a whole line. Returns the console busy time in ms it costs the caller (FIQ debugger polls the UART). */
  line(level: LogLevel, text: string, baud = 115200): number {
    return this.fragment(level, text, true, baud);
  }

  /** Starts a line that later fragments may complete (`PM: Syncing filesystems ... `). */
  begin(level: LogLevel, text: string, baud = 115200): number {
    return this.fragment(level, text, false, baud);
  }

  /** Continues the open line; if another line came in between, the tail starts a new timestamped line, as on the phone. */
  cont(text: string, end: boolean, baud = 115200): number {
    if (this.open) {
      this.open.text += text;
      let bytes = text.length;
      const toConsole = this.open.toConsole;
      const kmsg = end ? `${text}\n` : text;
      if (toConsole) this.uart.write(end ? `${text}\r\n` : text);
      if (this.hasKmsgReaders) this.emitKmsg(kmsg);
      if (end) {
        this.commit(this.open.level, this.open.text);
        this.open = null;
        bytes += 2;
      }
      return toConsole ? (bytes * 10 * 1000) / baud : 0;
    }
    return this.fragment(KERN.DEFAULT, text, end, baud);
  }

  private fragment(level: LogLevel, text: string, end: boolean, baud: number): number {
    let cost = 0;
    if (this.open) cost += this.cont('', true, baud);
    const stamp = this.knobs.printkTime ? formatTimestamp(this.clock.seconds(this.now())) : '';
    const head = stamp + text;
    const toConsole = level < this.knobs.consoleLoglevel;
    if (toConsole) this.uart.write(end ? `${head}\r\n` : head);
    if (this.hasKmsgReaders) this.emitKmsg(`<${level}>${head}${end ? '\n' : ''}`);
    if (end) this.commit(level, head);
    else this.open = { level, text: head, toConsole };
    return cost + (toConsole ? ((head.length + (end ? 2 : 0)) * 10 * 1000) / baud : 0);
  }

  private emitKmsg(text: string): void {
    for (const l of this.kmsgListeners) l(text);
  }

  private get hasKmsgReaders(): boolean {
    return this.kmsgListeners.size > 0;
  }

  private commit(level: number, text: string): void {
    const entry = `<${level}>${text}\n`;
    this.ring.push(entry);
    this.ringBytes += entry.length;
    this.lineCount++;
    // drop the oldest lines past the 128 KiB log buffer; compact rarely so a line costs O(1)
    while (this.ringBytes > RING_LIMIT && this.ring.length - this.ringStart > 1) this.ringBytes -= this.ring[this.ringStart++]!.length;
    if (this.ringStart > 4096) {
      this.ring = this.ring.slice(this.ringStart);
      this.ringStart = 0;
    }
  }

  private lines(): string[] {
    return this.ring.slice(this.ringStart);
  }

  /** `dmesg` as toolbox prints it: the ring buffer with `<N>` prefixes. */
  dmesg(): string {
    return this.lines().join('') + (this.open ? `<${this.open.level}>${this.open.text}` : '');
  }

  /** The ring without level prefixes (FIQ `kmsg`, /proc/last_kmsg). */
  plain(): string {
    return this.lines().map((l) => l.replace(/^<\d>/, '')).join('');
  }

  clear(): void {
    this.ring = [];
    this.ringStart = 0;
    this.ringBytes = 0;
  }

  subscribeKmsg(listener: (text: string) => void): () => void {
    this.kmsgListeners.add(listener);
    return () => this.kmsgListeners.delete(listener);
  }
}
