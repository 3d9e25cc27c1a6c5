import type { InstanceStatus } from '../../common/domain/device-state';
import type { InstanceProfile } from '../../common/profile/platform-profile';
import { parseByteValue } from '../../common/profile/platform-profile';
import { KernelLog, type ConsoleSink } from './kernel-log';
import type { Activity } from './scenario';
import { WakelockTable } from './wakelocks';

/** Debug knobs of one kernel (fixtures/pm-log-formats.md §5). */
export interface DebugKnobs {
  /** /sys/module/wakelock/parameters/debug_mask; default DEBUG_EXIT_SUSPEND|DEBUG_WAKEUP. */
  wakelockMask: number;
  /** /sys/module/earlysuspend/parameters/debug_mask; default DEBUG_USER_STATE. */
  earlysuspendMask: number;
  /** /sys/module/kernel/parameters/initcall_debug */
  initcallDebug: boolean;
  /** /sys/power/pm_async */
  pmAsync: boolean;
}

export const WAKELOCK_DEBUG = { EXIT_SUSPEND: 1, WAKEUP: 2, SUSPEND: 4, EXPIRE: 8, WAKE_LOCK: 16 } as const;
export const EARLYSUSPEND_DEBUG = { USER_STATE: 1, SUSPEND: 4, VERBOSE: 8 } as const;

/** One kernel instance and everything that lives in its memory. */
export class Instance {
  status: InstanceStatus = 'absent';
  readonly log: KernelLog;
  readonly wakelocks: WakelockTable;
  knobs: DebugKnobs = defaultKnobs();
  /** earlysuspend's requested state: 0 on, 3 mem. */
  requestedState: 0 | 3 = 0;
  /** Android finished booting (sys.boot_completed). */
  androidUp = false;
  adbdUp = false;
  activity: Activity;
  /** The wifi driver thinks the chip is in the state it left it; false = enabling will fail. */
  wifiUsable = true;
  audioBroken = false;
  wifiTornDown = false;
  corrupted: string | null = null;
  /** suspend_backoff bookkeeping (wall seconds of the last pm_suspend entry). */
  suspendShortCount = 0;
  suspendEntryWallS = 0;
  /** Wall ms when this kernel last went to sleep (for `Suspended for`). */
  sleptAtWallMs = 0;
  bootCount = 0;

  constructor(
    readonly profile: InstanceProfile,
    now: () => number,
    uart: ConsoleSink,
    hz: number,
    activity: Activity,
  ) {
    this.log = new KernelLog(now, uart);
    this.wakelocks = new WakelockTable(hz);
    this.activity = { ...activity };
  }

  get id(): number {
    return this.profile.id;
  }

  get name(): string {
    return this.profile.name;
  }

  get isMaster(): boolean {
    return this.profile.id === 1;
  }

  /** `mem=SIZE@START` of the built-in command line; the master without `@` starts at RAM base. */
  memory(ramBase: number, ramSize: number): { start: number; size: number } {
    const m = /(?:^|\s)mem=(\S+?)(?:@(\S+))?(?:\s|$)/.exec(this.profile.cmdline);
    const size = m?.[1] ? parseByteValue(m[1]) : null;
    const start = m?.[2] ? parseByteValue(m[2]) : null;
    return { start: start ?? ramBase, size: size ?? ramSize };
  }

  kernelcoreBytes(): number {
    const m = /(?:^|\s)kernelcore=(\S+)/.exec(this.profile.cmdline);
    return (m?.[1] ? parseByteValue(m[1]) : null) ?? 128 * 1024 * 1024;
  }

  /** Everything a boot starts afresh. */
  resetForBoot(now: number): void {
    void now;
    this.log.clock.reset();
    this.log.clear();
    this.log.lineCount = 0;
    this.wakelocks.reset();
    this.knobs = defaultKnobs();
    this.requestedState = 0;
    this.androidUp = false;
    this.adbdUp = false;
    this.wifiUsable = true;
    this.audioBroken = false;
    this.wifiTornDown = false;
    this.corrupted = null;
    this.suspendShortCount = 0;
    this.bootCount++;
  }
}

function defaultKnobs(): DebugKnobs {
  return { wakelockMask: 3, earlysuspendMask: 1, initcallDebug: false, pmAsync: true };
}
