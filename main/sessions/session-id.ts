function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `20261124-211219` (UTC): sortable, readable, safe as a folder name on every OS. */
export function idFromTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}
