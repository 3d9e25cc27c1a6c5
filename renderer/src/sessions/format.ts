/** Figures as the sessions views print them: milliseconds with one decimal, signed deltas, intervals, p-values. */
export const ms = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toFixed(1));
export const signedMs = (value: number | null): string => (value === null ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(1)}`);
export const interval = (ci: [number, number] | null): string => (ci === null ? '—' : `[${signedMs(ci[0])}, ${signedMs(ci[1])}]`);
export const pValue = (p: number | null): string => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3));
export const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—');

/** Phase keys as people read them. */
export function phaseLabel(key: string): string {
  const names: Record<string, string> = { wakelockWait: 'wakelock wait', suspend: 'suspend', resume: 'resume', total: 'total' };
  if (names[key]) return names[key];
  if (key.startsWith('driver:')) return `driver ${key.slice('driver:'.length)}`;
  if (key.startsWith('phase:')) return key.slice('phase:'.length);
  return key;
}

export const MAIN_PHASE_KEYS = ['wakelockWait', 'suspend', 'resume', 'total'] as const;
