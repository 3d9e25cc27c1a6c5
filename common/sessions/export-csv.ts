import type { SwitchRecord } from '../domain/switch-record';
import { phaseKey } from './statistics';

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const FIXED = ['id', 'kind', 'from', 'to', 'outcome', 'clock', 'wakelockWaitMs', 'suspendMs', 'resumeMs', 'totalMs', 'blockingWakelocks', 'anomalies', 'firstLine', 'lastLine'] as const;

/**
 * Every switch record as one CSV row (RFC 4180, CRLF line ends, header
 * first). Lists are joined with `; `. Finer phases (`phase:NAME`) and drivers
 * (`driver:NAME/PHASE`, times of one driver in one phase added) get one
 * column each, over the union of those seen; a figure a record lacks is empty.
 */
export function switchesToCsv(switches: readonly SwitchRecord[]): string {
  const phaseNames = [...new Set(switches.flatMap((s) => Object.keys(s.phases)))].sort();
  const driverKeys = [...new Set(switches.flatMap((s) => s.drivers.map((d) => phaseKey.driver(d.name, d.phase))))].sort();
  const header = [...FIXED, ...phaseNames.map(phaseKey.finer), ...driverKeys];
  const rows = [header.map(csvField).join(',')];
  for (const s of switches) {
    const drivers = new Map<string, number>();
    for (const d of s.drivers) drivers.set(phaseKey.driver(d.name, d.phase), (drivers.get(phaseKey.driver(d.name, d.phase)) ?? 0) + d.ms);
    const cells: (string | number | null)[] = [
      s.id,
      s.kind,
      s.from,
      s.to,
      s.outcome,
      s.clock,
      s.wakelockWaitMs,
      s.suspendMs,
      s.resumeMs,
      s.totalMs,
      s.blockingWakelocks.join('; '),
      s.anomalies.join('; '),
      s.lines[0],
      s.lines[1],
      ...phaseNames.map((n) => s.phases[n] ?? null),
      ...driverKeys.map((k) => drivers.get(k) ?? null),
    ];
    rows.push(cells.map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
