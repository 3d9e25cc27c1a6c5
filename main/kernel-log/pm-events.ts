/**
 * The kernel messages that bound a suspend/resume cycle or a Fastswitch
 * switch (pm-log-formats.md §3, §6), recognised from a line's body. Dispatch
 * is on the first character, then `startsWith`; a line that cannot be one of
 * them costs one switch and returns NONE.
 */
export const Ev = {
  NONE: 0,
  FSW_REQUEST: 1,
  FSW_FORCED: 2,
  FSW_NO_SWITCH: 3,
  FSW_SWITCH_MODE: 4,
  FSW_READY: 5,
  FSW_BOOT_MODE: 6,
  FSW_BOOT_READY: 7,
  FSW_CONFIG_ERROR: 8,
  FSW_CANCEL: 9,
  FSW_RESUMED: 10,
  FSW_CURRENT: 11,
  FSW_TRANSFER: 12,
  REQ_SLEEP: 13,
  REQ_WAKEUP: 14,
  ACTIVE_WAKELOCK: 15,
  WAKELOCK_RELEASED: 16,
  WAKEUP_WAKELOCK: 17,
  SUSPEND_ENTER: 18,
  SUSPEND_EXIT: 19,
  SYNC: 20,
  PM_SUSPEND_ENTRY: 21,
  PM_SUSPEND_EXIT: 22,
  PREPARING: 23,
  FREEZE_START: 24,
  FREEZE_ABORT: 25,
  FREEZE_FAILED: 26,
  ENTERING: 27,
  CONSOLE_SUSPEND: 28,
  PHASE_TOTAL: 29,
  DEVICES_FAILED_SUSPEND: 30,
  DEVICES_FAILED_POWER_DOWN: 31,
  DEVICE_FAILED: 32,
  POWER_SUSPEND_LATE: 33,
  DISABLING_CPUS: 34,
  WAKE: 35,
  FINISHING: 36,
  RESTARTING: 37,
  DONE: 38,
  DEV_CALL: 39,
  DEV_RET: 40,
  LINUX_VERSION: 41,
  PLATFORM_PREPARE: 42,
  BOOT_DONE: 43,
  CPU_DOWN_FAILED: 44,
  /** Upstream syscore callbacks (`Calling mce_syscore_suspend+0x0/0x20`): platform phases, no duration printed. */
  SYSCORE: 45,
} as const;
export type EvCode = (typeof Ev)[keyof typeof Ev];

/** Phase totals printed by dpm_show_time(), as phase names of this analyser. */
export const TotalPhase = {
  deviceSuspend: 'deviceSuspend',
  lateSuspend: 'lateSuspend',
  noirqSuspend: 'noirqSuspend',
  noirqResume: 'noirqResume',
  earlyResume: 'earlyResume',
  deviceResume: 'deviceResume',
} as const;
export type TotalPhase = (typeof TotalPhase)[keyof typeof TotalPhase];

export const WakeKind = { OTHER: 0, SUSPENDED_FOR: 1, TARGET_MISSED: 2, CAUSE: 3, CPUS_UP: 4, IRQ_WAKEUP: 5 } as const;

/** What the last recognised line said; one object, overwritten per line. */
export interface PmEvent {
  code: EvCode;
  /** First number argument (instance, ret, pid, jiffies, …), -1 when absent. */
  a: number;
  /** Second number argument, -1 when absent. */
  b: number;
  /** Milliseconds for totals and `Suspended for`; usecs for device returns. */
  value: number;
  /** Name argument: wakelock, device, phase, version, sleep state (`suspend entry (deep)`). */
  name: string;
  /** PHASE_TOTAL: which phase; modern DEV_* lines: the phase the callback's name says. */
  phase: TotalPhase | '';
  /** PHASE_TOTAL: `aborted` instead of `complete`. DEV_*: the modern `dev: PM:` form. */
  flag: boolean;
  /** WAKE: which kind of wake line. */
  wake: number;
}

export function newPmEvent(): PmEvent {
  return { code: Ev.NONE, a: -1, b: -1, value: 0, name: '', phase: '', flag: false, wake: 0 };
}

function set(e: PmEvent, code: EvCode): EvCode {
  e.code = code;
  return code;
}

/** Reads a decimal integer (optionally negative) at `at`; result in intValue, returns index after or -1. */
let intValue = 0;
function readInt(s: string, at: number): number {
  let i = at;
  let neg = false;
  if (s.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  const from = i;
  let v = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  if (i === from) return -1;
  intValue = neg ? -v : v;
  return i;
}

/** Reads `12.345` (digits, optional fraction) at `at` into floatValue; returns index after or -1. */
let floatValue = 0;
function readFloat(s: string, at: number): number {
  let i = at;
  const from = i;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === from) return -1;
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  }
  floatValue = Number(s.slice(from, i));
  return i;
}

export function classify(line: string, at: number, e: PmEvent): EvCode {
  e.code = Ev.NONE;
  e.a = -1;
  e.b = -1;
  e.flag = false;
  e.phase = '';
  e.wake = 0;
  const code = byPrefix(line, at, e);
  // Modern per-device lines start with any driver name: tried last, one native indexOf.
  return code === Ev.NONE ? modernDevice(line, at, e) : code;
}

function byPrefix(line: string, at: number, e: PmEvent): EvCode {
  const c = line.charCodeAt(at);
  switch (c) {
    case 70: // F
      if (line.startsWith('Fastswitch: ', at)) return fastswitch(line, at + 12, e);
      if (line.startsWith('Freezing ', at)) return freezing(line, at + 9, e);
      // The kernel hands over to init: the end of a boot's kernel part.
      if (line.startsWith('Freeing init memory', at)) return set(e, Ev.BOOT_DONE);
      // ~5.x: `Filesystems sync: 0.035 seconds`, printed when the sync is done.
      if (line.startsWith('Filesystems sync: ', at)) {
        e.flag = true;
        return set(e, Ev.SYNC);
      }
      return Ev.NONE;
    case 80: // P
      if (line.startsWith('PM: ', at)) return pm(line, at + 4, e);
      if (line.startsWith('Powerdomain (', at)) return wake(e, WakeKind.TARGET_MISSED);
      return Ev.NONE;
    case 97: // a
      if (line.startsWith('active wake lock ', at)) return activeWakelock(line, at + 17, e);
      return Ev.NONE;
    case 114: // r
      if (line.startsWith('request_suspend_state: ', at)) {
        const i = at + 23;
        if (line.startsWith('sleep (', i)) {
          let j = readInt(line, i + 7);
          if (j < 0) return set(e, Ev.REQ_SLEEP);
          e.a = intValue;
          j = readInt(line, j + 2);
          if (j >= 0) e.b = intValue;
          return set(e, Ev.REQ_SLEEP);
        }
        if (line.startsWith('wakeup', i)) return set(e, Ev.REQ_WAKEUP);
      }
      return Ev.NONE;
    case 115: // s
      if (line.startsWith('suspend: ', at)) {
        const i = at + 9;
        if (line.startsWith('enter suspend', i)) return set(e, Ev.SUSPEND_ENTER);
        if (line.startsWith('exit suspend, ret = ', i)) {
          if (readInt(line, i + 20) >= 0) e.a = intValue;
          else e.a = 0;
          return set(e, Ev.SUSPEND_EXIT);
        }
      }
      return Ev.NONE;
    case 68: // D
      if (line.startsWith('Disabling non-boot CPUs', at)) return set(e, Ev.DISABLING_CPUS);
      return Ev.NONE;
    case 69: // E
      if (line.startsWith('Enabling non-boot CPUs', at)) return wake(e, WakeKind.CPUS_UP);
      if (line.startsWith('Error taking CPU', at)) return set(e, Ev.CPU_DOWN_FAILED);
      if (line.startsWith('Exited suspend state', at)) return wake(e, WakeKind.OTHER);
      return Ev.NONE;
    case 82: // R
      if (line.startsWith('Resume caused by', at)) {
        e.name = line.slice(at + 17).trimEnd();
        return wake(e, WakeKind.CAUSE);
      }
      if (line.startsWith('Restarting tasks ...', at)) {
        e.flag = line.trimEnd().endsWith('done.');
        return set(e, Ev.RESTARTING);
      }
      return Ev.NONE;
    case 83: // S
      if (line.startsWith('Suspended for ', at)) {
        if (readFloat(line, at + 14) >= 0) e.value = floatValue * 1000;
        else e.value = NaN;
        return wake(e, WakeKind.SUSPENDED_FOR);
      }
      if (line.startsWith('Successfully put all powerdomains', at)) return wake(e, WakeKind.OTHER);
      if (line.startsWith('Suspending console(s)', at)) return set(e, Ev.CONSOLE_SUSPEND);
      return Ev.NONE;
    case 67: // C
      if (line.startsWith('Could not enter target state', at)) return wake(e, WakeKind.TARGET_MISSED);
      if (line.startsWith('Calling ', at)) {
        const sp = line.indexOf(' ', at + 8);
        e.name = sp < 0 ? line.slice(at + 8).trimEnd() : line.slice(at + 8, sp);
        return set(e, Ev.SYSCORE);
      }
      return Ev.NONE;
    case 78: // N
      if (line.startsWith('Non-boot CPUs are not disabled', at)) return set(e, Ev.CPU_DOWN_FAILED);
      return Ev.NONE;
    case 84: // T
      // Upstream timekeeping_resume() with pm_debug_messages: the same figure as Android's `Suspended for`.
      if (line.startsWith('Timekeeping suspended for ', at)) {
        if (readFloat(line, at + 26) >= 0) e.value = floatValue * 1000;
        else e.value = NaN;
        return wake(e, WakeKind.SUSPENDED_FOR);
      }
      return Ev.NONE;
    case 71: // G
      if (line.startsWith('GIC returns spurious interrupt for resume IRQ', at)) {
        e.name = 'spurious GIC interrupt (no wake IRQ)';
        return wake(e, WakeKind.CAUSE);
      }
      return Ev.NONE;
    case 99: // c
      if (line.startsWith('calling  ', at)) return devCall(line, at + 9, e);
      if (line.startsWith('call ', at)) return devReturn(line, at + 5, e, false);
      return Ev.NONE;
    case 105: // i
      if (line.startsWith('initcall ', at)) return devReturn(line, at + 9, e, true);
      return Ev.NONE;
    case 119: // w
      if (line.startsWith('wake lock ', at)) {
        const comma = line.indexOf(', expired', at + 10);
        if (comma < 0) return Ev.NONE;
        e.name = line.slice(at + 10, comma);
        return set(e, Ev.WAKELOCK_RELEASED);
      }
      if (line.startsWith('wakeup wake lock: ', at)) {
        e.name = line.slice(at + 18).trimEnd();
        return set(e, Ev.WAKEUP_WAKELOCK);
      }
      if (line.startsWith('wake_unlock: ', at)) {
        const comma = line.indexOf(',', at + 13);
        e.name = (comma < 0 ? line.slice(at + 13) : line.slice(at + 13, comma)).trimEnd();
        return set(e, Ev.WAKELOCK_RELEASED);
      }
      return Ev.NONE;
    case 101: // e
      if (line.startsWith('expired wake lock ', at)) {
        e.name = line.slice(at + 18).trimEnd();
        return set(e, Ev.WAKELOCK_RELEASED);
      }
      return Ev.NONE;
    case 100: // d
      if (line.startsWith('done.', at) && line.length - at <= 7) return set(e, Ev.DONE);
      return Ev.NONE;
    case 76: // L
      if (line.startsWith('Linux version ', at)) {
        const sp = line.indexOf(' ', at + 14);
        e.name = sp < 0 ? line.slice(at + 14) : line.slice(at + 14, sp);
        return set(e, Ev.LINUX_VERSION);
      }
      return Ev.NONE;
    case 65: // A
      if (line.startsWith('ACPI: ', at)) {
        const i = line.startsWith('PM: ', at + 6) ? at + 10 : at + 6;
        if (line.startsWith('Low-level resume complete', i)) return wake(e, WakeKind.OTHER);
        if (line.startsWith('Preparing to enter system sleep state', i)) return set(e, Ev.PLATFORM_PREPARE);
        if (line.startsWith('Waking up from system sleep state', i)) return wake(e, WakeKind.OTHER);
      }
      return Ev.NONE;
    case 112: // p
      if (line.startsWith('power_suspend_late return ', at)) {
        if (readInt(line, at + 26) >= 0) e.a = intValue;
        return set(e, Ev.POWER_SUSPEND_LATE);
      }
      if (line.startsWith('printk: Suspending console(s)', at)) return set(e, Ev.CONSOLE_SUSPEND);
      return Ev.NONE;
    case 91: // [
      if (line.startsWith('[HSI] PORT 1 CAWAKE WAKEUP EVENT', at)) {
        e.name = 'HSI CAWAKE (modem)';
        return wake(e, WakeKind.CAUSE);
      }
      return Ev.NONE;
    case 32: // prcm-debug LASTSLEEP dump lines are indented: `   PD_CORE curr=ON prev=ON logic=ON`
      if (line.startsWith('   PD_', at)) return wake(e, WakeKind.TARGET_MISSED);
      return Ev.NONE;
    default:
      return Ev.NONE;
  }
}

function wake(e: PmEvent, kind: number): EvCode {
  e.wake = kind;
  return set(e, Ev.WAKE);
}

function fastswitch(line: string, i: number, e: PmEvent): EvCode {
  switch (line.charCodeAt(i)) {
    case 91: // [
      if (line.startsWith('[switch] trying suspend', i)) return set(e, Ev.FSW_REQUEST);
      if (line.startsWith('[request]', i) || line.startsWith('[claim]', i) || line.startsWith('[mem_request]', i)) {
        e.flag = line.startsWith('[claim] claimed', i);
        return set(e, Ev.FSW_TRANSFER);
      }
      return Ev.NONE;
    case 87: // W
      if (line.startsWith('WARNING, wakelock still active', i)) return set(e, Ev.FSW_FORCED);
      return Ev.NONE;
    case 110: // n
      if (line.startsWith('no switch detected', i)) return set(e, Ev.FSW_NO_SWITCH);
      return Ev.NONE;
    case 115: // s
      if (line.startsWith('switch-suspend mode, boot instance ', i)) {
        const hex = /^[0-9a-fA-F]+/.exec(line.slice(i + 35, i + 45));
        e.a = hex ? parseInt(hex[0], 16) : -1;
        return set(e, Ev.FSW_SWITCH_MODE);
      }
      if (line.startsWith('switch-suspend mode, specify', i)) return set(e, Ev.FSW_CONFIG_ERROR);
      if (line.startsWith('suspend did not occur, cancelling', i)) return set(e, Ev.FSW_CANCEL);
      return Ev.NONE;
    case 114: // r
      if (line.startsWith('ready to switch-suspend to instance ', i)) {
        if (readInt(line, i + 36) >= 0) e.a = intValue;
        return set(e, Ev.FSW_READY);
      }
      if (line.startsWith('resumed from instance ', i)) {
        const j = readInt(line, i + 22);
        if (j >= 0) {
          e.a = intValue;
          if (line.startsWith(' to instance ', j) && readInt(line, j + 13) >= 0) e.b = intValue;
        }
        return set(e, Ev.FSW_RESUMED);
      }
      return Ev.NONE;
    case 98: // b
      if (line.startsWith('boot mode, instance ', i)) {
        if (readInt(line, i + 20) >= 0) e.a = intValue;
        return set(e, Ev.FSW_BOOT_MODE);
      }
      return Ev.NONE;
    case 70: // F
      if (line.startsWith('Found zImage at', i)) return set(e, Ev.FSW_BOOT_READY);
      if (line.startsWith('Failed to find magic number', i)) return set(e, Ev.FSW_CONFIG_ERROR);
      return Ev.NONE;
    case 99: // c
      if (line.startsWith('current instance is master', i)) {
        e.a = 1;
        return set(e, Ev.FSW_CURRENT);
      }
      if (line.startsWith('current instance is child (', i)) {
        if (readInt(line, i + 27) >= 0) e.a = intValue;
        return set(e, Ev.FSW_CURRENT);
      }
      if (line.startsWith('core0 switch address', i)) return set(e, Ev.FSW_CONFIG_ERROR);
      return Ev.NONE;
    case 122: // z
      if (line.startsWith('zImage address', i)) return set(e, Ev.FSW_CONFIG_ERROR);
      return Ev.NONE;
    case 102: // f
      if (line.startsWith('failed to map', i)) return set(e, Ev.FSW_CONFIG_ERROR);
      return Ev.NONE;
    default:
      return Ev.NONE;
  }
}

function freezing(line: string, i: number, e: PmEvent): EvCode {
  // 3.0: `Freezing of user space  aborted`, `Freezing of tasks failed after …`;
  // later: `Freezing of tasks aborted after …`, `Freezing user space processes failed after …`.
  if (line.includes(' aborted', i)) return set(e, Ev.FREEZE_ABORT);
  if (line.includes(' failed after', i)) return set(e, Ev.FREEZE_FAILED);
  if (line.startsWith('user space processes', i)) {
    // 6.x prints a second line `… completed (elapsed …)`; only the first starts the phase.
    if (line.startsWith(' completed', i + 20)) return Ev.NONE;
    e.flag = line.trimEnd().endsWith('done.');
    return set(e, Ev.FREEZE_START);
  }
  return Ev.NONE;
}

function pm(line: string, i: number, e: PmEvent): EvCode {
  // Android 4.x kernels print `PM: PM: suspend entry …`.
  if (line.startsWith('PM: ', i)) i += 4;
  switch (line.charCodeAt(i)) {
    case 83: // S
      if (line.startsWith('Syncing filesystems', i)) {
        e.flag = line.trimEnd().endsWith('done.');
        return set(e, Ev.SYNC);
      }
      if (line.startsWith('Some devices failed to suspend', i)) return set(e, Ev.DEVICES_FAILED_SUSPEND);
      if (line.startsWith('Some devices failed to power down', i)) return set(e, Ev.DEVICES_FAILED_POWER_DOWN);
      // ~4.x+ enter_state(): `PM: Suspending system (deep)`, right before dpm_suspend_start(). The device
      // phase starts here, as the kernel's `suspend of devices complete after` figure does (3.0: `Entering mem sleep`).
      if (line.startsWith('Suspending system', i)) return set(e, Ev.ENTERING);
      return Ev.NONE;
    case 115: // s
      if (line.startsWith('suspend entry', i)) {
        // `suspend entry (deep)`: the sleep state (mem_sleep_labels); Android's `suspend entry <UTC>` has none.
        e.name = line.startsWith(' (', i + 13) ? line.slice(i + 15, Math.max(i + 15, line.indexOf(')', i + 15))) : '';
        return set(e, Ev.PM_SUSPEND_ENTRY);
      }
      if (line.startsWith('suspend exit', i)) return set(e, Ev.PM_SUSPEND_EXIT);
      if (line.startsWith('suspend-to-idle', i)) return set(e, Ev.PLATFORM_PREPARE);
      return phaseTotal(line, i, e);
    case 80: // P
      if (line.startsWith('Preparing system for', i)) return set(e, Ev.PREPARING);
      return Ev.NONE;
    case 69: // E
      if (line.startsWith('Entering ', i)) return set(e, Ev.ENTERING);
      return Ev.NONE;
    case 70: // F
      if (line.startsWith('Finishing wakeup', i)) return set(e, Ev.FINISHING);
      return Ev.NONE;
    case 84: // T
      // pm_system_irq_wakeup() with pm_debug_messages: `PM: Triggering wakeup from IRQ 1`. In s2idle it is the
      // first line after the sleep; during a deep suspend it names what aborts the attempt.
      if (line.startsWith('Triggering wakeup from ', i)) {
        e.name = line.slice(i + 23).trimEnd();
        return wake(e, WakeKind.IRQ_WAKEUP);
      }
      return Ev.NONE;
    case 68: // D
      if (line.startsWith('Device ', i)) {
        const sp = line.indexOf(' failed to ', i + 7);
        if (sp < 0) return Ev.NONE;
        e.name = line.slice(i + 7, sp);
        const err = line.lastIndexOf('error ');
        if (err > 0 && readInt(line, err + 6) >= 0) e.a = intValue;
        return set(e, Ev.DEVICE_FAILED);
      }
      return Ev.NONE;
    case 114: // r
      if (line.startsWith('resume from suspend-to-idle', i)) return wake(e, WakeKind.OTHER);
      return phaseTotal(line, i, e);
    default:
      return phaseTotal(line, i, e);
  }
}

/** `PM: <late |early |noirq |>suspend|resume of devices complete after X msecs` (also `aborted`). */
function phaseTotal(line: string, i: number, e: PmEvent): EvCode {
  const of = line.indexOf(' of devices ', i);
  if (of < 0 || of - i > 20) return Ev.NONE;
  const what = line.slice(i, of);
  let phase: TotalPhase;
  switch (what) {
    case 'suspend':
      phase = TotalPhase.deviceSuspend;
      break;
    case 'late suspend':
      phase = TotalPhase.lateSuspend;
      break;
    case 'noirq suspend':
      phase = TotalPhase.noirqSuspend;
      break;
    case 'noirq resume':
      phase = TotalPhase.noirqResume;
      break;
    case 'early resume':
      phase = TotalPhase.earlyResume;
      break;
    case 'resume':
      phase = TotalPhase.deviceResume;
      break;
    default:
      return Ev.NONE;
  }
  let j = of + 12;
  if (line.startsWith('aborted', j)) e.flag = true;
  else if (!line.startsWith('complete', j)) return Ev.NONE;
  j = line.indexOf(' after ', j);
  if (j < 0 || readFloat(line, j + 7) < 0) return Ev.NONE;
  e.value = floatValue;
  e.phase = phase;
  return set(e, Ev.PHASE_TOTAL);
}

function activeWakelock(line: string, i: number, e: PmEvent): EvCode {
  const comma = line.indexOf(', time left ', i);
  if (comma < 0) {
    e.name = line.slice(i).trimEnd();
  } else {
    e.name = line.slice(i, comma);
    if (readInt(line, comma + 12) >= 0) e.a = intValue;
  }
  return set(e, Ev.ACTIVE_WAKELOCK);
}

/** 3.x: `calling  7-0061+ @ 4122[, parent: i2c-7]`. */
function devCall(line: string, i: number, e: PmEvent): EvCode {
  const plus = line.indexOf('+ @ ', i);
  if (plus < 0) return Ev.NONE;
  e.name = line.slice(i, plus);
  if (readInt(line, plus + 4) >= 0) e.a = intValue;
  return set(e, Ev.DEV_CALL);
}

/** 3.x: `call X+ returned R after N usecs`; 3.0 noirq: `initcall X_i+ returned R after N usecs`. */
function devReturn(line: string, i: number, e: PmEvent, initcall: boolean): EvCode {
  const plus = line.indexOf('+ returned ', i);
  if (plus < 0) return Ev.NONE;
  let name = line.slice(i, plus);
  if (initcall) {
    // Boot-time `initcall foo+0x0/0x10 returned` has no `_i+`; only the noirq PM form does.
    if (!name.endsWith('_i')) return Ev.NONE;
    // Its phase (3.0's noirq: `late suspend` or `early resume`) comes from the total that follows.
    name = name.slice(0, -2);
  }
  e.name = name;
  let j = readInt(line, plus + 11);
  if (j < 0) return Ev.NONE;
  e.b = intValue;
  j = line.indexOf(' after ', j);
  if (j < 0 || readInt(line, j + 7) < 0) return Ev.NONE;
  e.value = intValue;
  return set(e, Ev.DEV_RET);
}

/**
 * Modern per-device lines (pm_print_times): `drv dev: PM: calling cb+0x0/0x70 @ 916, parent: p`
 * and `drv dev: PM: cb+0x0/0x70 returned 0 after 132 usecs`. Also `drv dev: PM: failed to …`.
 */
function modernDevice(line: string, at: number, e: PmEvent): EvCode {
  const pmAt = line.indexOf(': PM: ', at);
  if (pmAt < 0) return Ev.NONE;
  const i = pmAt + 6;
  e.name = line.slice(at, pmAt);
  e.flag = true;
  if (line.startsWith('calling ', i)) {
    const atSign = line.indexOf(' @ ', i);
    if (atSign < 0) return Ev.NONE;
    if (readInt(line, atSign + 3) >= 0) e.a = intValue;
    e.phase = callbackPhase(line.slice(i + 8, atSign));
    return set(e, Ev.DEV_CALL);
  }
  const ret = line.indexOf(' returned ', i);
  if (ret >= 0) {
    e.phase = callbackPhase(line.slice(i, ret));
    let j = readInt(line, ret + 10);
    if (j < 0) return Ev.NONE;
    e.b = intValue;
    j = line.indexOf(' after ', j);
    if (j < 0 || readInt(line, j + 7) < 0) return Ev.NONE;
    e.value = intValue;
    return set(e, Ev.DEV_RET);
  }
  if (line.startsWith('failed to ', i)) {
    const err = line.lastIndexOf('error ');
    if (err > 0 && readInt(line, err + 6) >= 0) e.a = intValue;
    return set(e, Ev.DEVICE_FAILED);
  }
  return Ev.NONE;
}

/** The phase a modern callback name implies (`pci_pm_suspend_noirq` → noirqSuspend). */
function callbackPhase(cb: string): TotalPhase | '' {
  const plus = cb.indexOf('+');
  const name = plus < 0 ? cb : cb.slice(0, plus);
  if (name.endsWith('suspend_noirq') || name.endsWith('poweroff_noirq')) return 'noirqSuspend';
  if (name.endsWith('suspend_late')) return 'lateSuspend';
  if (name.endsWith('resume_noirq')) return 'noirqResume';
  if (name.endsWith('resume_early')) return 'earlyResume';
  if (name.endsWith('suspend') || name.endsWith('freeze') || name.endsWith('prepare')) return 'deviceSuspend';
  if (name.endsWith('resume') || name.endsWith('complete') || name.endsWith('thaw')) return 'deviceResume';
  return '';
}
