/**
 * A set of measurements in one line: mean, p50, p90 (nearest rank), min,
 * max and how many, to one decimal. Benches print these; tests never assert
 * them.
 */
export function figures(values: readonly number[], unit = ''): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const f = (v: number) => v.toFixed(1);
  return `mean ${f(mean)}, p50 ${f(at(0.5))}, p90 ${f(at(0.9))}, min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)}${unit ? ` ${unit}` : ''} (n=${values.length})`;
}
