import { Ev as EvImport, type PmEvent } from './pm-events';

// A local alias: imported bindings are getters under a CommonJS transform, and this runs per line.
const Ev = EvImport;

/**
 * Which kernel printed a line, when both Fastswitch instances share one UART
 * (pm-log-formats.md §7.2). Evidence, strongest first: `Fastswitch: current
 * instance is …` and `resumed from instance A to instance B`; the hand-off
 * announced by `ready to switch-suspend to instance N` (the first wake line
 * after it is B's); a `Linux version` banner or the printk clock restarting
 * near zero (a boot: the announced child, else the master); the printk clock
 * running backwards while a hand-off is pending.
 *
 * Each boot of an instance gets a new clock id: two kernel times can be
 * subtracted only when their clock ids are equal.
 */
export class InstanceTracker {
  current: number | null;
  /** Clock id of the current instance's printk timebase. */
  clock = 0;
  private nextClock = 1;
  private clockOf = new Map<number | null, number>();
  private lastTime = new Map<number, number>();
  private pendingTarget: number | null = null;
  private pendingBoot: number | null = null;
  /** Set once any Fastswitch line was seen: a bare reboot is then the master's. */
  private fastswitch = false;
  /** The last line changed the instance or started a boot (the cycle machine reads it). */
  changed = false;
  booted = false;
  /** Clock discontinuities that no hand-off explained (a reboot without banner, a lost line). */
  unexplainedJumps = 0;
  private recentBoot = false;
  /** Per instance, the smallest host − printk (ms) seen since its boot. */
  private floor = new Map<number, number>();

  constructor(initial: number | null) {
    this.current = initial;
    this.clockOf.set(initial, 0);
  }

  /** Attributes one line (its event already classified) and returns the instance. */
  attribute(e: PmEvent, kernelTime: number | null, hostTimeMs: number | null = null): number | null {
    this.changed = false;
    this.booted = false;
    const code = e.code;
    if (code >= Ev.FSW_REQUEST && code <= Ev.FSW_TRANSFER) this.fastswitch = true;
    if (code === Ev.LINUX_VERSION) {
      // `Booting Linux …` or the clock reset may already have started this boot.
      if (!this.recentBoot) this.boot();
    } else if (kernelTime !== null) {
      const last = this.lastTime.get(this.current ?? -1);
      if (last !== undefined) {
        const back = kernelTime < last - 0.001;
        // One kernel's printk clock never gains on the host clock (it only loses, while asleep), so
        // host − printk never drops below its floor: a line that would is another kernel's.
        const floor = this.floor.get(this.current ?? -1);
        const ahead = hostTimeMs !== null && floor !== undefined && hostTimeMs - kernelTime * 1000 < floor - 1000;
        if (back || ahead) this.discontinuity(kernelTime, back);
      }
    }
    switch (code) {
      case Ev.WAKE:
        if (this.pendingTarget !== null) this.switchTo(this.pendingTarget);
        break;
      case Ev.FSW_READY:
      case Ev.FSW_SWITCH_MODE:
        if (e.a > 0) this.pendingTarget = e.a;
        break;
      case Ev.FSW_BOOT_MODE:
        if (e.a > 0) this.pendingBoot = e.a;
        break;
      case Ev.FSW_CANCEL:
      case Ev.DEVICES_FAILED_POWER_DOWN:
      case Ev.CPU_DOWN_FAILED:
        this.pendingTarget = null;
        this.pendingBoot = null;
        break;
      case Ev.FSW_RESUMED:
        this.pendingTarget = null;
        if (e.b > 0 && e.b !== this.current) this.switchTo(e.b);
        break;
      case Ev.FSW_CURRENT:
        if (e.a > 0 && e.a !== this.current) {
          // The kernel printing now says who it is: its clock and history move to that name.
          const from = this.current ?? -1;
          this.current = e.a;
          this.clockOf.set(e.a, this.clock);
          this.move(this.lastTime, from, e.a);
          this.move(this.floor, from, e.a);
          this.changed = true;
        }
        break;
    }
    if (kernelTime !== null) {
      const key = this.current ?? -1;
      this.lastTime.set(key, kernelTime);
      if (hostTimeMs !== null) {
        const d = hostTimeMs - kernelTime * 1000;
        const floor = this.floor.get(key);
        if (floor === undefined || d < floor) this.floor.set(key, d);
      }
      // Lines of a boot before its banner are stamped 0.000000; anything later is past it.
      if (kernelTime > 0.5) this.recentBoot = false;
    }
    return this.current;
  }

  /**
   * The printk clock jumped. A clock back near zero is a boot; else a pending hand-over explains it;
   * else the instance whose clock stopped just below this time (it continues where it slept).
   */
  private discontinuity(kernelTime: number, back: boolean): void {
    if (kernelTime < 1 || (this.pendingBoot !== null && this.pendingTarget === null)) return this.boot();
    if (this.pendingTarget !== null) return this.switchTo(this.pendingTarget);
    let best: number | null = null;
    let bestTime = -Infinity;
    for (const [instance, t] of this.lastTime) {
      if (instance === (this.current ?? -1) || instance < 0) continue;
      if (t <= kernelTime + 0.001 && t > bestTime) {
        best = instance;
        bestTime = t;
      }
    }
    if (best !== null) return this.switchTo(best);
    if (back && kernelTime < 5) return this.boot();
    this.unexplainedJumps++;
  }

  private move(map: Map<number, number>, from: number, to: number): void {
    const v = map.get(from);
    map.delete(to);
    if (v !== undefined) {
      map.set(to, v);
      map.delete(from);
    }
  }

  private switchTo(instance: number): void {
    this.pendingTarget = null;
    if (instance !== this.current) this.changed = true;
    this.current = instance;
    let clock = this.clockOf.get(instance);
    if (clock === undefined) {
      clock = this.nextClock++;
      this.clockOf.set(instance, clock);
    }
    this.clock = clock;
  }

  private boot(): void {
    const who = this.pendingBoot ?? (this.fastswitch ? 1 : this.current);
    this.pendingBoot = null;
    this.pendingTarget = null;
    this.changed = true;
    this.booted = true;
    this.recentBoot = true;
    this.current = who;
    this.clock = this.nextClock++;
    this.clockOf.set(who, this.clock);
    this.lastTime.delete(who ?? -1);
    this.floor.delete(who ?? -1);
  }
}
