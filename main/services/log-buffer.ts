import type { LogRecord } from '../../common/domain/log-record';

/**
 * The most recent log records in a fixed-size ring, so a window that opens
 * late catches up without the service keeping every line in memory
 * (sessions keep everything on disk).
 */
export class LogBuffer {
  private ring: (LogRecord | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<LogRecord | undefined>(capacity);
  }

  push(records: readonly LogRecord[]): void {
    for (const record of records) {
      this.ring[this.next] = record;
      this.next = (this.next + 1) % this.capacity;
      if (this.count < this.capacity) this.count++;
    }
  }

  /** The last `limit` records, oldest first. */
  recent(limit: number): LogRecord[] {
    const n = Math.min(limit, this.count);
    const out: LogRecord[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.ring[(this.next - n + i + this.capacity) % this.capacity]!;
    return out;
  }

  clear(): void {
    this.ring = new Array<LogRecord | undefined>(this.capacity);
    this.next = 0;
    this.count = 0;
  }
}
