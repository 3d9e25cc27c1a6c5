/**
 * Counts failed token attempts per remote address and locks an address out
 * for a while once it has failed too often, so the token cannot be guessed.
 */
export class FailureLimiter {
  private failures = new Map<string, { count: number; firstMs: number; lockedUntilMs: number }>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly lockoutMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  isLocked(address: string): boolean {
    const entry = this.failures.get(address);
    return entry !== undefined && entry.lockedUntilMs > this.now();
  }

  recordFailure(address: string): void {
    const now = this.now();
    let entry = this.failures.get(address);
    if (!entry || now - entry.firstMs > this.windowMs) {
      entry = { count: 0, firstMs: now, lockedUntilMs: 0 };
      this.failures.set(address, entry);
    }
    entry.count++;
    if (entry.count >= this.maxFailures) entry.lockedUntilMs = now + this.lockoutMs;
    if (this.failures.size > 10_000) this.prune(now);
  }

  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  private prune(now: number): void {
    for (const [address, entry] of this.failures) {
      if (entry.lockedUntilMs < now && now - entry.firstMs > this.windowMs) this.failures.delete(address);
    }
  }
}
