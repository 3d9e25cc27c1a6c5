import type { Cycle } from './cycle';
import type { PmEvent } from './pm-events';

/**
 * Per-device callback times from initcall_debug / pm_print_times lines
 * (pm-log-formats.md §3.7, §6). The `returned` line carries the duration, so
 * pairing with its `calling` line (by device, since 3.x returns carry no pid)
 * only serves to notice callbacks that never returned. A callback's phase is
 * the phase whose `PM: … complete` total follows it, unless the callback's
 * own name says it (`pci_pm_suspend_noirq`).
 */
const MAX_DRIVERS = 4096;
const MAX_OPEN = 1024;

export function recordDriverCall(c: Cycle, e: PmEvent, line: number): void {
  if (c.openCalls.size < MAX_OPEN) c.openCalls.set(e.name, line);
}

export function recordDriverReturn(c: Cycle, e: PmEvent, line: number): void {
  c.openCalls.delete(e.name);
  if (c.drivers.length >= MAX_DRIVERS) return;
  // Linux 3.x (and pm_print_times until ktime_us_delta replaced it) prints ns >> 10 as "usecs".
  const legacy = !e.flag;
  const ms = legacy ? (e.value * 1024) / 1e6 : e.value / 1000;
  c.drivers.push({
    name: e.name,
    phase: e.flag ? e.phase : '',
    ms: Math.round(ms * 1e6) / 1e6,
    printed: { value: e.value, unit: legacy ? 'ns>>10' : 'usecs' },
    line,
    ...(e.b !== 0 && e.b !== -1 ? { error: e.b } : {}),
  });
}

/** A phase total was read (or the cycle ends, phase null): unphased callbacks so far belong to it. */
export function settleDriverPhases(c: Cycle, phase: string | null): void {
  const d = c.drivers;
  for (let i = c.unphased; i < d.length; i++) {
    const driver = d[i]!;
    if (driver.phase === '') driver.phase = phase ?? (c.wake ? 'deviceResume' : 'deviceSuspend');
  }
  c.unphased = d.length;
  // dpm waits for every callback of a phase before printing its total: what is still open never returned.
  if (c.openCalls.size > 0) {
    let n = 0;
    for (const [name, line] of c.openCalls) {
      if (n++ >= 5) break;
      if (c.anomalies.length < 32) c.anomalies.push(`device ${name} was called at line ${line} and never returned`);
    }
    c.openCalls.clear();
  }
}
