import type { EventQueue } from './event-queue';
import type { Instance } from './instance';
import type { LogLevel } from './kernel-log';

/**
 * A stretch of one kernel's work laid out in virtual time: each printk is
 * scheduled at its moment, and a line that reaches the console delays what
 * follows by its transmit time, because the FIQ debugger busy-waits on the
 * UART (fixtures/pm-log-formats.md §2.1).
 */
export class Timeline {
  constructor(
    private readonly queue: EventQueue,
    public t: number,
    private readonly inst: Instance,
    private readonly baud: number,
    /** False once the phone lost power: what was planned for the old kernels never happens. */
    private readonly alive: () => boolean = () => true,
  ) {}

  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  line(level: LogLevel, text: string): this {
    const log = this.inst.log;
    this.queue.at(this.t, () => this.alive() && log.line(level, text, this.baud));
    this.t += this.cost(level, text.length + 2);
    return this;
  }

  begin(level: LogLevel, text: string): this {
    const log = this.inst.log;
    this.queue.at(this.t, () => this.alive() && log.begin(level, text, this.baud));
    this.t += this.cost(level, text.length);
    return this;
  }

  cont(text: string, end: boolean, level: LogLevel): this {
    const log = this.inst.log;
    this.queue.at(this.t, () => this.alive() && log.cont(text, end, this.baud));
    this.t += this.cost(level, text.length + (end ? 2 : 0), false);
    return this;
  }

  do(fn: (t: number) => void): this {
    const at = this.t;
    this.queue.at(at, () => {
      if (this.alive()) fn(at);
    });
    return this;
  }

  /** Console busy time of a line (or fragment) printed at `level`. */
  private cost(level: LogLevel, chars: number, stamped = true): number {
    const k = this.inst.log.knobs;
    if (level >= k.consoleLoglevel) return 0;
    const stamp = stamped && k.printkTime ? 15 : 0;
    return ((stamp + chars) * 10 * 1000) / this.baud;
  }
}
