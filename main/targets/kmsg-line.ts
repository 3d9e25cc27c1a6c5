/**
 * The header of one kernel log line as /proc/kmsg and toolbox `dmesg` print
 * it: `<N>[ 515.804107] text`. Both parts are optional (busybox dmesg drops
 * `<N>`, a kernel without CONFIG_PRINTK_TIME has no `[…]`).
 */
export interface KmsgLine {
  level: number | null;
  kernelTime: number | null;
  /** The message: the line without `<N>`, `[time]` and a trailing `\r`. */
  text: string;
}

const HEADER = /^(?:<([0-7])>)?(?:\[\s*(\d+\.\d+)\]\s?)?/;

export function parseKmsgLine(line: string): KmsgLine {
  const withoutCr = line.endsWith('\r') ? line.slice(0, -1) : line;
  const match = HEADER.exec(withoutCr);
  const level = match?.[1] === undefined ? null : Number(match[1]);
  const kernelTime = match?.[2] === undefined ? null : Number(match[2]);
  const text = withoutCr.slice(match?.[0].length ?? 0);
  return { level, kernelTime, text };
}
