import { describe, expect, it } from 'vitest';
import { UART_115200_8N1_BYTES_PER_SECOND, UartPacer, type PacerClock } from '../../../../main/simulator/uart/uart-pacer';

/** A clock the test moves by hand; interval callbacks fire as time passes. */
function manualClock() {
  let now = 0;
  let timer: { callback: () => void; ms: number; next: number } | undefined;
  const clock: PacerClock = {
    now: () => now,
    setInterval: (callback, ms) => (timer = { callback, ms, next: now + ms }),
    clearInterval: () => (timer = undefined),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    while (timer && timer.next <= end) {
      now = timer.next;
      timer.next += timer.ms;
      timer.callback();
    }
    now = end;
  };
  return { clock, advance };
}

describe('UART pacing', () => {
  it('is 11520 bytes per second at 115200 baud 8N1', () => {
    expect(UART_115200_8N1_BYTES_PER_SECOND).toBe(115200 / 10);
  });

  it('releases bytes at the line rate in realtime mode', () => {
    const { clock, advance } = manualClock();
    const out: Buffer[] = [];
    const pacer = new UartPacer('realtime', (b) => out.push(b), clock);
    pacer.push(Buffer.alloc(20000, 0x41));
    advance(500);
    const half = out.reduce((n, b) => n + b.length, 0);
    expect(half).toBe(5760);
    advance(2000);
    expect(out.reduce((n, b) => n + b.length, 0)).toBe(20000);
    expect(pacer.pendingBytes).toBe(0);
  });

  it('keeps the bytes in order across ticks', () => {
    const { clock, advance } = manualClock();
    const out: Buffer[] = [];
    const pacer = new UartPacer({ bytesPerSecond: 1000 }, (b) => out.push(b), clock);
    const text = 'Linux version 3.0.31 (builder@host) #1 SMP PREEMPT\n'.repeat(20);
    pacer.push(Buffer.from(text.slice(0, 500)));
    pacer.push(Buffer.from(text.slice(500)));
    advance(5000);
    expect(Buffer.concat(out).toString()).toBe(text);
  });

  it('does not save up while idle: a burst after silence still goes at the line rate', () => {
    const { clock, advance } = manualClock();
    const out: Buffer[] = [];
    const pacer = new UartPacer('realtime', (b) => out.push(b), clock);
    pacer.push(Buffer.alloc(10));
    advance(1000);
    advance(10_000);
    out.length = 0;
    pacer.push(Buffer.alloc(11520 * 2));
    advance(1000);
    expect(out.reduce((n, b) => n + b.length, 0)).toBe(11520);
  });

  it('sends at once in fast mode', () => {
    const out: Buffer[] = [];
    const pacer = new UartPacer('fast', (b) => out.push(b));
    pacer.push(Buffer.from('now'));
    expect(Buffer.concat(out).toString()).toBe('now');
  });
});
