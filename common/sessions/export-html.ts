import { measuredTotal, type SwitchRecord } from '../domain/switch-record';
import type { PhaseComparison, SessionComparison } from './comparison';
import { sessionFacts, STATISTICS_NOTE } from './export-markdown';
import type { SessionDocument } from './session-document';
import type { SessionMeta } from './session-meta';
import { inScope, isDriverKey, MAIN_PHASES, phaseSamples, selectRange } from './statistics';
import { boxPlots } from './svg-box-plots';
import { escapeHtml } from './svg-frame';
import { histogram, overlaidHistogram } from './svg-histogram';
import { stackedSwitchBars } from './svg-switch-bars';
import { COMPARISON_HEADER, SUMMARY_HEADER, comparisonRow, formatMs, formatSignedMs, orderedPhases, summaryRow } from './text-report';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0 auto;max-width:1040px;padding:24px}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #f3f4f6;text-align:right}
th:first-child,td:first-child,td.text{text-align:left}thead th{border-bottom:2px solid #d1d5db}
pre{background:#f9fafb;border:1px solid #e5e7eb;padding:12px;overflow:auto;font-size:12px}
.note{color:#4b5563;font-size:12px}.problems li{color:#b91c1c}.scroll{max-height:480px;overflow:auto}
.chart{display:block;max-width:100%;height:auto}
`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  // Figures line up on the right, words read from the left.
  const cell = (c: string) => (/^([-+]?[0-9.]+|—|[0-9]+–[0-9]+)$/.test(c) ? `<td>${escapeHtml(c)}</td>` : `<td class="text">${escapeHtml(c)}</td>`);
  const body = rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  return `<table>${head}<tbody>${body}</tbody></table>`;
}

function switchRows(switches: readonly SwitchRecord[]): string[][] {
  return switches.map((s) => [
    String(s.id),
    s.kind,
    `${s.from ?? '?'} → ${s.to ?? '?'}`,
    s.outcome,
    formatMs(s.wakelockWaitMs),
    formatMs(s.suspendMs),
    formatMs(s.resumeMs),
    formatMs(s.totalMs),
    s.clock,
    s.blockingWakelocks.join(', '),
    s.anomalies.join('; '),
    `${s.lines[0]}–${s.lines[1]}`,
  ]);
}

/**
 * A self-contained HTML report of a session: device facts, charts as inline
 * SVG, the statistics, every switch record and the exact script. It loads
 * nothing (its Content-Security-Policy forbids any fetch) and runs no script,
 * so it opens the same offline, from a mail attachment or a lab share.
 */
export function sessionHtml(doc: SessionDocument): string {
  const ranged = selectRange(doc.switches, doc.marks, doc.range);
  const inRange = ranged.ok ? ranged.switches : doc.switches;
  const charted = inRange.filter((s) => doc.scope.kinds.includes(s.kind) && doc.scope.outcomes.includes(s.outcome));
  const totals = charted.map(measuredTotal).filter((v): v is number => v !== null);
  const phases = orderedPhases(doc.summary, 0);
  const drivers = orderedPhases(doc.summary, 15).filter(([k]) => isDriverKey(k));
  const title = `Fastswitch session ${doc.id}`;
  const sections = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<section id="facts"><h2>Device and run</h2><dl>${sessionFacts(doc)
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
      .join('')}</dl></section>`,
    `<section id="charts"><h2>Each switch: wakelock wait, suspend, resume</h2>${stackedSwitchBars(charted)}` +
      `<h2>Distribution of total switch time</h2>${histogram(totals, 'total switch time')}</section>`,
    `<section id="summary"><h2>Timings (ms)</h2>${table(SUMMARY_HEADER, phases.map(([k, s]) => summaryRow(k, s)))}<p class="note">${escapeHtml(STATISTICS_NOTE)}</p></section>`,
  ];
  if (drivers.length) {
    sections.push(`<section id="drivers"><h2>Slowest drivers (by median)</h2>${table(SUMMARY_HEADER, drivers.map(([k, s]) => summaryRow(k.slice('driver:'.length), s)))}</section>`);
  }
  sections.push(
    `<section id="switches"><h2>Switch records (${doc.switches.length})</h2><div class="scroll">${table(
      ['id', 'kind', 'from → to', 'outcome', 'wakelock', 'suspend', 'resume', 'total', 'clock', 'blocking wakelocks', 'anomalies', 'log lines'],
      switchRows(doc.switches),
    )}</div></section>`,
    `<section id="script"><h2>Script</h2><pre>${escapeHtml(doc.script ?? '(script.fsw could not be read)')}</pre></section>`,
  );
  if (doc.marks.length) {
    sections.push(`<section id="marks"><h2>Marks</h2>${table(['mark', 'after switch records'], doc.marks.map((m) => [m.label, String(m.switchIndex)]))}</section>`);
  }
  if (doc.problems.length) {
    sections.push(
      `<section id="problems"><h2>Problems reading the session</h2><ul class="problems">${doc.problems
        .map((p) => `<li>${escapeHtml(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`)}</li>`)
        .join('')}</ul></section>`,
    );
  }
  sections.push(`<footer class="note">Exported ${escapeHtml(doc.exported.at)} by Fastswitch Workbench ${escapeHtml(doc.exported.appVersion)}.</footer>`);
  return htmlPage(title, sections);
}

/** One side of a comparison report: what the user called it, its metadata, and the switch records compared. */
export interface ComparedSide {
  label: string;
  meta: SessionMeta | null;
  switches: readonly SwitchRecord[];
}

const SIDE_COLOURS = { a: '#64748b', b: '#ea580c' } as const;

/**
 * A self-contained HTML report of a comparison: the two runs' facts side by
 * side, total switch times of both overlaid, box plots of the main phases
 * side by side, and the table of deltas with intervals and p-values.
 */
export function comparisonHtml(c: SessionComparison, a: ComparedSide, b: ComparedSide, exported: { at: string; appVersion: string }): string {
  const samplesA = phaseSamples(inScope(a.switches, c.scope));
  const samplesB = phaseSamples(inScope(b.switches, c.scope));
  const values = (m: Map<string, { value: number }[]>, key: string) => (m.get(key) ?? []).map((s) => s.value);
  const series = (key: string) => [
    { label: `A: ${a.label}`, values: values(samplesA, key), colour: SIDE_COLOURS.a },
    { label: `B: ${b.label}`, values: values(samplesB, key), colour: SIDE_COLOURS.b },
  ];
  const fact = (m: SessionMeta | null, pick: (m: SessionMeta) => string) => (m ? pick(m) : 'unreadable');
  const facts: [string, (m: SessionMeta) => string][] = [
    ['Session', (m) => m.id],
    ['Profile', (m) => m.profile ?? 'unknown'],
    ['Device', (m) => [m.device.model ?? 'unknown model', m.device.serial].filter(Boolean).join(', ')],
    ['Kernels', (m) => m.device.kernels.join('; ')],
    ['Started', (m) => m.started],
    ['Status', (m) => m.status],
    ['Note', (m) => m.note],
    ['Tags', (m) => m.tags.join(', ')],
  ];
  const main = c.phases.filter((p) => !isDriverKey(p.phase));
  const drivers = [...c.slowerDrivers, ...c.fasterDrivers];
  const pct = Math.round(c.options.confidence * 100);
  const names = (list: PhaseComparison[]) => (list.length ? list.map((p) => `${p.phase.slice('driver:'.length)} (${formatSignedMs(p.medianDelta)} ms)`).join(', ') : 'none');
  const title = `${b.label} vs ${a.label}`;
  const sections = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<section id="facts"><h2>The two runs</h2>${table(
      ['', `A: ${a.label}`, `B: ${b.label}`],
      [...facts.map(([k, pick]) => [k, fact(a.meta, pick), fact(b.meta, pick)]), ['Switch records compared', String(a.switches.length), String(b.switches.length)]],
    )}</section>`,
    `<section id="charts"><h2>Total switch time, overlaid</h2>${overlaidHistogram(series('total'), 'total switch time')}` +
      `<h2>Phases side by side</h2>${boxPlots(MAIN_PHASES.map(({ key }) => ({ phase: key, series: series(key) })))}</section>`,
    `<section id="deltas"><h2>Deltas (B − A, ms)</h2>${table(COMPARISON_HEADER, [...main, ...drivers].map(comparisonRow))}` +
      `<p class="note">${escapeHtml(
        `Positive Δ: B took longer. CI: ${pct}% percentile bootstrap, ${c.options.resamples} resamples, seed ${c.options.seed}. ` +
          `p: two-sided Mann–Whitney U (exact without ties for n ≤ 50, else normal approximation with tie correction); verdict at alpha ${c.options.alpha}.`,
      )}</p>` +
      `<p>${escapeHtml(`Drivers slower in B: ${names(c.slowerDrivers)}.`)}<br>${escapeHtml(`Drivers faster in B: ${names(c.fasterDrivers)}.`)}</p></section>`,
    `<footer class="note">Exported ${escapeHtml(exported.at)} by Fastswitch Workbench ${escapeHtml(exported.appVersion)}.</footer>`,
  ];
  return htmlPage(title, sections);
}

/** The one page both reports use: self-contained, no script, nothing fetched (the CSP says so too). */
function htmlPage(title: string, sections: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    `<body>${sections.join('\n')}</body></html>`,
    '',
  ].join('\n');
}
