/**
 * A serial line's speed: at 115200 baud with 8N1 framing each byte takes
 * 10 bit times (start, 8 data, stop), so 11520 bytes/s. The pacer releases
 * queued console bytes at that rate on a timer, so a reader sees the output
 * arrive as from the phone's UART. `fast` releases bytes at once.
 */
export type UartPacing = 'realtime' | 'fast' | { bytesPerSecond: number };

export const UART_115200_8N1_BYTES_PER_SECOND = 11520;

const TICK_MS = 10;

export interface PacerClock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const wallClock: PacerClock = {
  now: () => performance.now(),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export function bytesPerSecond(pacing: UartPacing): number | undefined {
  if (pacing === 'fast') return undefined;
  if (pacing === 'realtime') return UART_115200_8N1_BYTES_PER_SECOND;
  return pacing.bytesPerSecond;
}

export class UartPacer {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private timer: unknown;
  private lastTick = 0;
  /** Bytes the line could have sent but had nothing to send: a line idles, it does not save up. */
  private credit = 0;
  private readonly rate: number | undefined;

  constructor(
    pacing: UartPacing,
    private readonly emit: (bytes: Buffer) => void,
    private readonly clock: PacerClock = wallClock,
  ) {
    this.rate = bytesPerSecond(pacing);
  }

  get pendingBytes(): number {
    return this.queued;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.rate === undefined) {
      this.emit(Buffer.from(bytes));
      return;
    }
    this.queue.push(Buffer.from(bytes));
    this.queued += bytes.length;
    if (this.timer === undefined) {
      this.lastTick = this.clock.now();
      this.credit = 0;
      this.timer = this.clock.setInterval(() => this.tick(), TICK_MS);
    }
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearInterval(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queued = 0;
  }

  private tick(): void {
    const now = this.clock.now();
    this.credit += ((now - this.lastTick) / 1000) * this.rate!;
    this.lastTick = now;
    let budget = Math.floor(this.credit);
    if (budget <= 0) return;
    this.credit -= budget;
    const parts: Buffer[] = [];
    while (budget > 0 && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.length <= budget) {
        parts.push(head);
        budget -= head.length;
        this.queue.shift();
      } else {
        parts.push(head.subarray(0, budget));
        this.queue[0] = head.subarray(budget);
        budget = 0;
      }
    }
    const out = Buffer.concat(parts);
    this.queued -= out.length;
    if (out.length > 0) this.emit(out);
    if (this.queue.length === 0) {
      this.clock.clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
