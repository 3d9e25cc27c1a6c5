/**
 * The simulator's clock and event queue. In `fast` mode virtual time jumps
 * from one event to the next as fast as the CPU allows; in `realtime` mode it
 * follows wall time and timers fire the events. Handlers always see the time
 * they were scheduled for, so the model's output does not depend on how late
 * a timer fired.
 */

export type Speed = 'realtime' | 'fast';

export interface Timer {
  readonly at: number;
  cancelled: boolean;
}

interface Entry extends Timer {
  seq: number;
  fn: () => void;
}

export class EventQueue {
  private heap: Entry[] = [];
  private seq = 0;
  private current: number;
  private inEvent = false;
  private wallBase: number;
  private virtualBase: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiters = new Set<() => void>();
  private closed = false;

  constructor(
    readonly speed: Speed = 'fast',
    startMs = 0,
    private readonly wallNow: () => number = () => performance.now(),
  ) {
    this.current = startMs;
    this.virtualBase = startMs;
    this.wallBase = wallNow();
  }

  /** Virtual time in ms. */
  now(): number {
    if (this.speed === 'fast' || this.inEvent) return this.current;
    const t = this.virtualBase + (this.wallNow() - this.wallBase);
    return t > this.current ? t : this.current;
  }

  at(t: number, fn: () => void): Timer {
    const entry: Entry = { at: Math.max(t, this.current), seq: this.seq++, fn, cancelled: false };
    this.push(entry);
    if (this.speed === 'realtime') this.arm();
    return entry;
  }

  after(dt: number, fn: () => void): Timer {
    return this.at(this.now() + Math.max(0, dt), fn);
  }

  cancel(timer: Timer | null | undefined): void {
    if (timer) timer.cancelled = true;
  }

  /** Number of events waiting (cancelled ones included until they surface). */
  get pending(): number {
    return this.heap.length;
  }

  /** fast mode: run events in order until the predicate holds or time passes `limitMs` from now. */
  runUntilSync(predicate: () => boolean, limitMs: number): boolean {
    const end = this.now() + limitMs;
    if (predicate()) return true;
    while (!this.closed) {
      const next = this.peek();
      if (!next || next.at > end) break;
      this.runOne();
      if (predicate()) return true;
    }
    if (this.current < end) this.current = end;
    return predicate();
  }

  /**
   * Runs events as fast as possible in either mode (a realtime phone's
   * boot before anyone watches), then lets wall time continue from there.
   */
  fastForward(predicate: () => boolean, limitMs: number): boolean {
    const end = this.current + limitMs;
    let ok = predicate();
    while (!ok && !this.closed) {
      const next = this.peek();
      if (!next || next.at > end) break;
      this.runOne();
      ok = predicate();
    }
    this.virtualBase = this.current;
    this.wallBase = this.wallNow();
    if (this.speed === 'realtime') this.arm();
    return ok;
  }

  /** Advance virtual time by `ms`, running every event on the way (fast mode). */
  advance(ms: number): void {
    this.runUntilSync(() => false, ms);
  }

  runUntil(predicate: () => boolean, limitMs: number): Promise<boolean> {
    if (this.speed === 'fast') return Promise.resolve(this.runUntilSync(predicate, limitMs));
    if (predicate()) return Promise.resolve(true);
    return new Promise((resolvePromise) => {
      const check = () => {
        if (predicate()) finish(true);
      };
      const deadline = setTimeout(() => finish(predicate()), limitMs);
      // writes from outside the queue (a shell) can make it true between events too
      const poll = setInterval(check, 20);
      const finish = (ok: boolean) => {
        clearTimeout(deadline);
        clearInterval(poll);
        this.waiters.delete(check);
        resolvePromise(ok);
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.heap = [];
  }

  private runOne(): void {
    const e = this.pop();
    if (!e) return;
    if (e.cancelled) return;
    if (e.at > this.current) this.current = e.at;
    this.inEvent = true;
    try {
      e.fn();
    } finally {
      this.inEvent = false;
    }
  }

  /** realtime: run whatever is due, then sleep until the next event. */
  private pump = (): void => {
    this.timer = null;
    if (this.closed) return;
    const wallT = this.virtualBase + (this.wallNow() - this.wallBase);
    let ran = false;
    for (let next = this.peek(); next && next.at <= wallT; next = this.peek()) {
      this.runOne();
      ran = true;
    }
    if (wallT > this.current) this.current = wallT;
    if (ran) for (const w of [...this.waiters]) w();
    this.arm();
  };

  private arm(): void {
    if (this.closed) return;
    const next = this.peek();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!next) return;
    const delay = Math.max(0, next.at - (this.virtualBase + (this.wallNow() - this.wallBase)));
    this.timer = setTimeout(this.pump, Math.min(delay, 2 ** 30));
  }

  private peek(): Entry | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
