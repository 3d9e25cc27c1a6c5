import { setTimeout as sleep } from 'node:timers/promises';

/** Host time as the log records carry it: monotonic ms and wall-clock ms. Passed in so tests control it. */
export interface HostClock {
  monotonicMs(): number;
  wallMs(): number;
}

export const systemClock: HostClock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
};

/** Waits `ms`, or less if `signal` aborts (resolves either way: callers check the signal). */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch {
    // aborted: the caller looks at its signal
  }
}

/** Retry delays that grow from `initialMs` by `factor` up to `maxMs`. */
export class Backoff {
  private next: number;
  constructor(
    private readonly initialMs = 50,
    private readonly maxMs = 2_000,
    private readonly factor = 2,
  ) {
    this.next = initialMs;
  }
  delay(): number {
    const d = this.next;
    this.next = Math.min(this.maxMs, this.next * this.factor);
    return d;
  }
  reset(): void {
    this.next = this.initialMs;
  }
}
