/**
 * Reads electronegativity's CSV report and sorts its findings against the
 * accepted list (docs/electronegativity-accepted.json, each entry explained in
 * docs/security.md). A high or medium finding nobody accepted fails the audit.
 */
import { z } from 'zod';

export interface ElectronegativityFinding {
  check: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

export const AcceptedFinding = z.object({
  check: z.string().min(1),
  file: z.string().min(1),
  /** Why it is not a problem here, or what covers it; docs/security.md says more. */
  reason: z.string().min(20),
});
export const AcceptedFindings = z.array(AcceptedFinding);
export type AcceptedFinding = z.infer<typeof AcceptedFinding>;

/** RFC 4180-style rows: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export function parseReport(csv: string): ElectronegativityFinding[] {
  const [header, ...rows] = parseCsv(csv);
  const at = (name: string) => header?.findIndex((h) => h.toLowerCase() === name) ?? -1;
  const columns = { check: at('issue'), severity: at('severity'), confidence: at('confidence'), file: at('filename'), location: at('location'), sample: at('sample'), description: at('description') };
  if (Object.values(columns).some((c) => c < 0)) throw new Error(`not an electronegativity CSV report (header: ${header?.join(', ') ?? 'none'})`);
  return rows.map((r) => ({
    check: r[columns.check] ?? '',
    severity: (r[columns.severity] ?? '').toUpperCase(),
    confidence: r[columns.confidence] ?? '',
    file: (r[columns.file] ?? '').replace(/\\/g, '/'),
    location: r[columns.location] ?? '',
    sample: r[columns.sample] ?? '',
    description: r[columns.description] ?? '',
  }));
}

export interface Triage {
  /** High or medium, not accepted: the audit fails on these. */
  blocking: ElectronegativityFinding[];
  accepted: Array<{ finding: ElectronegativityFinding; reason: string }>;
  /** Low or informational, not accepted: reported, not failing. */
  notes: ElectronegativityFinding[];
  /** Accepted entries that matched nothing: stale, to be removed. */
  stale: AcceptedFinding[];
}

export function triage(findings: ElectronegativityFinding[], accepted: AcceptedFinding[]): Triage {
  const result: Triage = { blocking: [], accepted: [], notes: [], stale: [] };
  const used = new Set<AcceptedFinding>();
  for (const finding of findings) {
    const match = accepted.find((a) => a.check === finding.check && a.file === finding.file);
    if (match) {
      used.add(match);
      result.accepted.push({ finding, reason: match.reason });
    } else if (finding.severity === 'HIGH' || finding.severity === 'MEDIUM') result.blocking.push(finding);
    else result.notes.push(finding);
  }
  result.stale = accepted.filter((a) => !used.has(a));
  return result;
}
