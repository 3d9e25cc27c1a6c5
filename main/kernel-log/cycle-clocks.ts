import type { SwitchRecord } from '../../common/domain/switch-record';

/**
 * A cycle's length on both clocks, in words: the printk clock stops while
 * the machine sleeps and the host's does not, so the two differ by the time
 * asleep. Null when the record has neither figure.
 */
export function describeCycleClocks(s: SwitchRecord): string | null {
  const parts: string[] = [];
  if (s.sleepState) parts.push(s.sleepState);
  if (s.cycleMs != null) parts.push(`cycle ${s.cycleMs.toFixed(1)} ms printk`);
  if (s.host?.cycleMs != null) parts.push(`${s.host.cycleMs.toFixed(1)} ms host`);
  if (s.asleepMs != null) parts.push(`asleep ${s.asleepMs.toFixed(1)} ms`);
  return parts.length > (s.sleepState ? 1 : 0) ? parts.join(', ') : null;
}
