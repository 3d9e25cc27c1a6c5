/**
 * The envelope of a kernel line (pm-log-formats.md §2.1, §7.1): an optional
 * syslog level `<N>` (kmsg, dmesg), an optional printk timestamp
 * `[%5lu.%06lu] `, and optional vendor prefixes after it such as
 * `[pid:916,cpu7,bash]` or `[2025:05:01 09:09:14]`. Parsed by hand: this runs
 * on every line and a regex cascade would dominate the analyser's cost.
 */
export interface Envelope {
  level: number | null;
  /** Printk time in seconds, or null when the line carried none. */
  kernelTime: number | null;
  /** Offset in the line where the message body starts. */
  bodyStart: number;
}

const ZERO = 48;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9;
}

/** Parses into `out` (reused across lines to avoid an allocation per line). */
export function parseEnvelope(line: string, out: Envelope): Envelope {
  out.level = null;
  out.kernelTime = null;
  let i = 0;
  const n = line.length;
  if (n >= 3 && line.charCodeAt(0) === 60 /* < */ && isDigit(line.charCodeAt(1)) && line.charCodeAt(2) === 62 /* > */) {
    out.level = line.charCodeAt(1) - ZERO;
    if (out.level > 7) out.level = null;
    else i = 3;
  }
  if (i < n && line.charCodeAt(i) === 91 /* [ */) {
    const t = parseTimestamp(line, i + 1);
    if (t >= 0) {
      out.kernelTime = timestampValue;
      i = t;
      if (i < n && line.charCodeAt(i) === 32) i++;
      i = skipVendorPrefixes(line, i);
    }
  }
  out.bodyStart = i;
  return out;
}

let timestampValue = 0;

/** Parses `  342.339385]` from `at`; returns the index after `]` or -1. Leaves the value in timestampValue. */
function parseTimestamp(line: string, at: number): number {
  const n = line.length;
  let i = at;
  while (i < n && line.charCodeAt(i) === 32) i++;
  let whole = 0;
  let digits = 0;
  while (i < n && isDigit(line.charCodeAt(i))) {
    whole = whole * 10 + (line.charCodeAt(i) - ZERO);
    i++;
    digits++;
  }
  if (digits === 0 || digits > 12) return -1;
  let frac = 0;
  let scale = 1;
  if (i < n && line.charCodeAt(i) === 46 /* . */) {
    i++;
    let fd = 0;
    while (i < n && isDigit(line.charCodeAt(i))) {
      if (fd < 9) {
        frac = frac * 10 + (line.charCodeAt(i) - ZERO);
        scale *= 10;
      }
      fd++;
      i++;
    }
    if (fd === 0) return -1;
  }
  if (i >= n || line.charCodeAt(i) !== 93 /* ] */) return -1;
  timestampValue = whole + frac / scale;
  return i + 1;
}

/**
 * Vendor prefixes glued to the body: `[pid:N,cpuN,comm]` and a date
 * `[YYYY:MM:DD hh:mm:ss]`. Other bracketed words (`[BCM29]`, `[mmc]:`) are
 * message text and stay.
 */
function skipVendorPrefixes(line: string, at: number): number {
  let i = at;
  for (;;) {
    if (line.charCodeAt(i) !== 91) return i;
    const close = line.indexOf(']', i);
    if (close < 0) return i;
    if (line.startsWith('pid:', i + 1) || isBracketDate(line, i + 1, close)) i = close + 1;
    else return i;
  }
}

function isBracketDate(line: string, from: number, to: number): boolean {
  // YYYY:MM:DD hh:mm:ss
  if (to - from !== 19) return false;
  return isDigit(line.charCodeAt(from)) && line.charCodeAt(from + 4) === 58 && line.charCodeAt(from + 10) === 32 && line.charCodeAt(from + 13) === 58;
}
