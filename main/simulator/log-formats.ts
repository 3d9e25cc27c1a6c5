/** printf-style helpers for the exact kernel formats of fixtures/pm-log-formats.md §3. */

/** `%ld.%03ld msecs` of dpm_show_time. */
export function msecs(ms: number): string {
  const usecs = Math.max(0, Math.round(ms * 1000));
  return `${Math.floor(usecs / 1000)}.${String(usecs % 1000).padStart(3, '0')}`;
}

/** `(elapsed %d.%02d seconds)` of the 3.0 freezer (10 ms resolution). */
export function elapsed2(ms: number): string {
  const cs = Math.floor(ms / 10);
  return `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, '0')}`;
}

/** `Suspended for %lu.%03lu seconds`. */
export function seconds3(ms: number): string {
  const m = Math.max(0, Math.floor(ms));
  return `${Math.floor(m / 1000)}.${String(m % 1000).padStart(3, '0')}`;
}

/** `(%d-%02d-%02d %02d:%02d:%02d.%09lu UTC)` from wall ms. */
export function utc(wallMs: number): string {
  const d = new Date(Math.floor(wallMs));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const ns = Math.floor((wallMs - Math.floor(wallMs / 1000) * 1000) * 1e6);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(ns, 9)} UTC`;
}

/** 3.0 per-device `after %Ld usecs` is ns >> 10. */
export function usecs1024(ms: number): number {
  return Math.floor((ms * 1e6) / 1024);
}

export function hex8(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** `%p` in 3.0: eight lower-case hex digits, no 0x. */
export function ptr(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
