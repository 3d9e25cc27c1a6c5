import type { Cycle, Point } from './cycle';

const MAX_WAKELOCKS = 64;
const MAX_REPEATS = 16;

/**
 * The wakelock wait (DESIGN §6): from the request to the suspend start, and
 * what held it up. A request is either a Fastswitch switch/boot request or
 * Android's `request_suspend_state: sleep`. It stays pending across attempts
 * that abort in the freezer or device suspend (the kernel retries), so the
 * blockers it collects add up until a cycle completes.
 */
export class WakelockWait {
  request: Point | null = null;
  /** The request is Fastswitch's (`[switch] trying suspend`), not a plain screen-off. */
  isSwitch = false;
  forced = false;
  private locks: string[] = [];
  /** Last `time left` of each lock, in jiffies. */
  private timeLeft = new Map<string, number>();
  private lastReleased: string | null = null;
  private repeats: number[] = [];

  constructor(private readonly hz: number) {}

  /** `Fastswitch: [switch] trying suspend`. A second one while pending is noted, not restarted. */
  switchRequested(at: Point): void {
    if (this.request && this.isSwitch) {
      if (this.repeats.length < MAX_REPEATS) this.repeats.push(at.line);
      return;
    }
    this.start(at, true);
    this.forced = false;
  }

  /** `request_suspend_state: sleep (0->3)`: a plain request, unless one is already pending. */
  sleepRequested(at: Point): void {
    if (!this.request) this.start(at, false);
  }

  /** The screen came back on before any suspend: a plain request is over. */
  wokeUp(): void {
    if (this.request && !this.isSwitch) this.request = null;
  }

  lockActive(name: string, jiffies: number): void {
    if (!this.locks.includes(name)) {
      if (this.locks.length >= MAX_WAKELOCKS) return;
      this.locks.push(name);
    }
    if (jiffies >= 0) this.timeLeft.set(name, jiffies);
  }

  lockReleased(name: string): void {
    this.lastReleased = name;
  }

  /** A suspend attempt starts: it carries the wait so far. Returns the lines of repeated requests. */
  attachTo(c: Cycle): number[] {
    c.request = this.request;
    c.blockingWakelocks = [...this.locks];
    for (const [name, jiffies] of this.timeLeft) c.wakelockTimeLeftMs[name] = Math.round((jiffies * 1e6) / this.hz) / 1000;
    c.lastReleasedWakelock = this.lastReleased && this.locks.includes(this.lastReleased) ? this.lastReleased : null;
    c.forced = this.forced;
    const repeats = this.repeats;
    this.repeats = [];
    // Without a pending request (opportunistic suspend), each attempt has its own wait.
    if (!this.request) this.clearLocks();
    return repeats;
  }

  /** The request is done with: a cycle completed, a boot reset the mode, or the switch was dropped. */
  settle(): void {
    this.request = null;
    this.clearLocks();
    this.forced = false;
  }

  /** A switch request is dropped (cancelled, or a boot cleared the mode); a plain one stays. */
  dropSwitch(): void {
    if (this.isSwitch) this.request = null;
  }

  /** At end of stream: the blockers of a request that never got to suspend. */
  pendingLocks(): string[] {
    return [...this.locks];
  }

  private start(at: Point, isSwitch: boolean): void {
    this.request = at;
    this.isSwitch = isSwitch;
    this.clearLocks();
  }

  private clearLocks(): void {
    this.locks = [];
    this.timeLeft.clear();
    this.lastReleased = null;
  }
}
