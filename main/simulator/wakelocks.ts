/**
 * Android 3.0 wakelocks of one kernel (kernel/power/wakelock.c semantics):
 * named locks, held with or without a timeout, counted for /proc/wakelocks.
 * Timeouts run on the kernel's own time (jiffies stop while it sleeps), so
 * they are kept in the kernel's printk milliseconds.
 */

export interface WakelockEntry {
  name: string;
  /** Set by user space through /sys/power/wake_lock. */
  user: boolean;
  active: boolean;
  /** Kernel ms at which a timed lock expires; null = held until unlocked. */
  expiresAt: number | null;
  count: number;
  expireCount: number;
  wakeCount: number;
  activeSince: number;
  totalTime: number;
  maxTime: number;
  lastChange: number;
}

export class WakelockTable {
  private locks = new Map<string, WakelockEntry>();

  constructor(private readonly hz: number) {}

  lock(name: string, kernelMs: number, timeoutMs: number | null, user = false): WakelockEntry {
    this.expire(kernelMs);
    let e = this.locks.get(name);
    if (!e) {
      e = { name, user, active: false, expiresAt: null, count: 0, expireCount: 0, wakeCount: 0, activeSince: 0, totalTime: 0, maxTime: 0, lastChange: kernelMs };
      this.locks.set(name, e);
    }
    if (!e.active) {
      e.active = true;
      e.activeSince = kernelMs;
      e.count++;
    }
    e.expiresAt = timeoutMs === null ? null : kernelMs + timeoutMs;
    e.lastChange = kernelMs;
    return e;
  }

  /** false when no such lock exists (user space gets EINVAL). */
  unlock(name: string, kernelMs: number): boolean {
    const e = this.locks.get(name);
    if (!e) return false;
    if (e.active) this.deactivate(e, kernelMs, false);
    return true;
  }

  has(name: string): boolean {
    return this.locks.has(name);
  }

  isActive(name: string, kernelMs: number): boolean {
    this.expire(kernelMs);
    return this.locks.get(name)?.active ?? false;
  }

  /** Active suspend-blocking locks, in the order they were first created (as the kernel's list). */
  active(kernelMs: number): WakelockEntry[] {
    this.expire(kernelMs);
    return [...this.locks.values()].filter((e) => e.active);
  }

  /** Locks that expired since the last call (for `expired wake lock` prints). */
  expire(kernelMs: number): WakelockEntry[] {
    const out: WakelockEntry[] = [];
    for (const e of this.locks.values()) {
      if (e.active && e.expiresAt !== null && e.expiresAt <= kernelMs) {
        this.deactivate(e, e.expiresAt, true);
        out.push(e);
      }
    }
    return out;
  }

  /** Earliest expiry among active timed locks, in kernel ms. */
  nextExpiry(): number | null {
    let best: number | null = null;
    for (const e of this.locks.values()) if (e.active && e.expiresAt !== null && (best === null || e.expiresAt < best)) best = e.expiresAt;
    return best;
  }

  /** Jiffies left, as `active wake lock X, time left N` prints. */
  timeLeftJiffies(e: WakelockEntry, kernelMs: number): number | null {
    return e.expiresAt === null ? null : Math.max(0, Math.round(((e.expiresAt - kernelMs) * this.hz) / 1000));
  }

  /** Names of active user-space locks, space separated, as /sys/power/wake_lock reads. */
  userActive(kernelMs: number): string[] {
    return this.active(kernelMs).filter((e) => e.user).map((e) => e.name);
  }

  userInactive(kernelMs: number): string[] {
    this.expire(kernelMs);
    return [...this.locks.values()].filter((e) => e.user && !e.active).map((e) => e.name);
  }

  /** /proc/wakelocks with CONFIG_WAKELOCK_STAT (times in ns). */
  procWakelocks(kernelMs: number): string {
    this.expire(kernelMs);
    const ns = (ms: number) => Math.round(ms * 1e6);
    const rows = ['name\tcount\texpire_count\twake_count\tactive_since\ttotal_time\tsleep_time\tmax_time\tlast_change\n'];
    for (const e of this.locks.values()) {
      const since = e.active ? kernelMs - e.activeSince : 0;
      const total = e.totalTime + since;
      rows.push(`"${e.name}"\t${e.count}\t${e.expireCount}\t${e.wakeCount}\t${ns(since)}\t${ns(total)}\t0\t${ns(Math.max(e.maxTime, since))}\t${ns(e.lastChange)}\n`);
    }
    return rows.join('');
  }

  /** A boot starts with an empty table. */
  reset(): void {
    this.locks.clear();
  }

  private deactivate(e: WakelockEntry, kernelMs: number, expired: boolean): void {
    const held = kernelMs - e.activeSince;
    e.active = false;
    e.totalTime += held;
    e.maxTime = Math.max(e.maxTime, held);
    e.lastChange = kernelMs;
    e.expiresAt = null;
    if (expired) e.expireCount++;
  }
}
