import type { PhaseComparison, SessionComparison } from './comparison';
import { isDriverKey, type PhaseStatistics, type SessionSummary } from './statistics';

/** Milliseconds with one decimal, or an em dash for a figure the records cannot support. */
export function formatMs(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}

export function formatSignedMs(value: number | null): string {
  if (value === null) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
}

export function formatCi(ci: [number, number] | null): string {
  return ci === null ? '—' : `[${formatSignedMs(ci[0])}, ${formatSignedMs(ci[1])}]`;
}

export function formatP(p: number | null): string {
  if (p === null) return '—';
  if (p < 0.0001) return '<0.0001';
  return p.toFixed(4);
}

/** Lays out rows as columns padded to their widest cell; the first column is left-aligned, the rest right-aligned. */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

export const SUMMARY_HEADER = ['phase (ms)', 'n', 'median', 'mean', 'sd', 'p90', 'p95', 'p99', 'min', 'max', 'outliers'] as const;

export function summaryRow(phase: string, s: PhaseStatistics): string[] {
  return [phase, String(s.count), formatMs(s.median), formatMs(s.mean), formatMs(s.sd), formatMs(s.p90), formatMs(s.p95), formatMs(s.p99), formatMs(s.min), formatMs(s.max), String(s.outliers.length)];
}

/**
 * Phases in reading order: the main and finer phases, then the drivers with
 * the largest median first, at most `maxDrivers` of them.
 */
export function orderedPhases(summary: SessionSummary, maxDrivers = Infinity): [string, PhaseStatistics][] {
  const entries = Object.entries(summary);
  const drivers = entries.filter(([k]) => isDriverKey(k)).sort(([, a], [, b]) => (b.median ?? -Infinity) - (a.median ?? -Infinity));
  return [...entries.filter(([k]) => !isDriverKey(k)), ...drivers.slice(0, maxDrivers)];
}

export function summaryTable(summary: SessionSummary, maxDrivers = 10): string {
  return alignColumns([[...SUMMARY_HEADER], ...orderedPhases(summary, maxDrivers).map(([k, s]) => summaryRow(k, s))]);
}

export const COMPARISON_HEADER = ['phase (ms)', 'n A', 'n B', 'median A', 'median B', 'Δ median', 'CI', 'Δ mean', 'CI', 'p', 'test', 'verdict'] as const;

export function comparisonRow(p: PhaseComparison): string[] {
  return [
    p.phase,
    String(p.a.count),
    String(p.b.count),
    formatMs(p.a.median),
    formatMs(p.b.median),
    formatSignedMs(p.medianDelta),
    formatCi(p.medianDeltaCi),
    formatSignedMs(p.meanDelta),
    formatCi(p.meanDeltaCi),
    formatP(p.mannWhitney.p),
    p.mannWhitney.method ?? '—',
    p.verdict,
  ];
}

export function comparisonTable(c: SessionComparison, maxDrivers = 10): string {
  const main = c.phases.filter((p) => !isDriverKey(p.phase));
  const drivers = [...c.slowerDrivers, ...c.fasterDrivers].slice(0, maxDrivers);
  const lines = [alignColumns([[...COMPARISON_HEADER], ...[...main, ...drivers].map(comparisonRow)])];
  const pct = Math.round(c.options.confidence * 100);
  lines.push(
    '',
    `Δ = B − A (positive: B took longer). CI: ${pct}% percentile bootstrap, ${c.options.resamples} resamples, seed ${c.options.seed}. ` +
      `Test: two-sided Mann–Whitney U, alpha ${c.options.alpha}.`,
  );
  const names = (list: PhaseComparison[]) => (list.length ? list.map((p) => `${p.phase.slice('driver:'.length)} (${formatSignedMs(p.medianDelta)})`).join(', ') : 'none');
  lines.push(`Drivers slower in B: ${names(c.slowerDrivers)}`, `Drivers faster in B: ${names(c.fasterDrivers)}`);
  return lines.join('\n');
}
