import type { SessionComparison } from './comparison';
import type { SessionDocument } from './session-document';
import { isDriverKey } from './statistics';
import { COMPARISON_HEADER, SUMMARY_HEADER, comparisonRow, orderedPhases, summaryRow } from './text-report';

/** A table cell: pipes escaped, line breaks flattened, so any text stays in its cell. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.map(mdCell).join(' | ')} |`).join('\n');
}

export const STATISTICS_NOTE =
  'Percentiles and quartiles by linear interpolation between closest ranks (type 7); sd is the sample standard deviation (n − 1); ' +
  'outliers lie beyond Tukey’s fences (1.5 × IQR outside the quartiles).';

/** Facts about a session, one per line, shared by the Markdown and HTML reports. */
export function sessionFacts(doc: SessionDocument): [string, string][] {
  const m = doc.meta;
  const facts: [string, string][] = [];
  if (m) {
    facts.push(['Profile', m.profile ?? 'unknown']);
    facts.push(['Device', [m.device.model ?? 'unknown model', m.device.serial ? `serial ${m.device.serial}` : null].filter(Boolean).join(', ')]);
    if (m.device.kernels.length) facts.push(['Kernels', m.device.kernels.join('; ')]);
    if (m.device.fingerprints.length) facts.push(['Fingerprints', m.device.fingerprints.join('; ')]);
    if (m.target) facts.push(['Target', m.target]);
    facts.push(['Started', m.started]);
    facts.push(['Ended', m.ended ?? 'still running']);
    facts.push(['Status', `${m.status}${m.ending ? ` (${m.ending.how}${m.ending.message ? `: ${m.ending.message}` : ''})` : ''}`]);
    facts.push(['Workbench', m.appVersion]);
    if (m.tags.length) facts.push(['Tags', m.tags.join(', ')]);
    if (m.note) facts.push(['Note', m.note]);
  } else {
    facts.push(['Metadata', 'unreadable (see problems)']);
  }
  const inScope = doc.switches.filter((s) => doc.scope.kinds.includes(s.kind) && doc.scope.outcomes.includes(s.outcome)).length;
  facts.push(['Records', `${doc.switches.length} switch records (${inScope} ${doc.scope.outcomes.join('/')} ${doc.scope.kinds.join('/')}), ${doc.marks.length} marks`]);
  if (doc.range.from !== null || doc.range.to !== null) {
    facts.push(['Range', `${doc.range.from !== null ? `after mark "${doc.range.from}"` : 'from the start'} ${doc.range.to !== null ? `until mark "${doc.range.to}"` : 'to the end'}`]);
  }
  return facts;
}

/** A Markdown summary of a session, for a commit message, a lab notebook or a paper draft. */
export function sessionMarkdown(doc: SessionDocument, maxDrivers = 10): string {
  const phases = orderedPhases(doc.summary, 0);
  const drivers = orderedPhases(doc.summary, maxDrivers).filter(([k]) => isDriverKey(k));
  const parts = [
    `# Fastswitch session ${doc.id}`,
    '',
    ...sessionFacts(doc).map(([k, v]) => `- **${k}:** ${mdCell(v)}`),
    '',
    '## Timings (ms)',
    '',
    mdTable(SUMMARY_HEADER, phases.map(([k, s]) => summaryRow(k, s))),
  ];
  if (drivers.length) {
    parts.push('', `## Slowest drivers (by median, top ${drivers.length})`, '', mdTable(SUMMARY_HEADER, drivers.map(([k, s]) => summaryRow(k.slice('driver:'.length), s))));
  }
  parts.push('', `_${STATISTICS_NOTE}_`);
  if (doc.problems.length) parts.push('', '## Problems reading the session', '', ...doc.problems.map((p) => `- ${mdCell(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`)}`));
  return `${parts.join('\n')}\n`;
}

/** A Markdown table of a comparison of A and B (B − A), for a commit message. */
export function comparisonMarkdown(c: SessionComparison, labels: { a: string; b: string }, maxDrivers = 10): string {
  const main = c.phases.filter((p) => !isDriverKey(p.phase));
  const drivers = [...c.slowerDrivers, ...c.fasterDrivers].slice(0, maxDrivers);
  const pct = Math.round(c.options.confidence * 100);
  return [
    `# ${mdCell(labels.b)} vs ${mdCell(labels.a)}`,
    '',
    mdTable(COMPARISON_HEADER, [...main, ...drivers].map(comparisonRow)),
    '',
    `_Δ = B − A in ms (positive: B took longer). CI: ${pct}% percentile bootstrap (${c.options.resamples} resamples, seed ${c.options.seed}); ` +
      `p: two-sided Mann–Whitney U (exact without ties for n ≤ 50, else normal approximation with tie correction); verdict at alpha ${c.options.alpha}._`,
    '',
  ].join('\n');
}
