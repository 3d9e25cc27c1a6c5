import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { switchesToCsv } from '../../../common/sessions/export-csv';
import { comparisonHtml, sessionHtml } from '../../../common/sessions/export-html';
import { compareSwitches } from '../../../common/sessions/comparison';
import { sessionMarkdown } from '../../../common/sessions/export-markdown';
import { buildSessionDocument, SessionDocument, sessionDocumentJson, type SessionParts } from '../../../common/sessions/session-document';
import { escapeHtml, niceTicks } from '../../../common/sessions/svg-frame';
import { histogramBins, sharedBins, tailCut } from '../../../common/sessions/svg-histogram';
import { benchmarkSwitches, makeLog, makeSwitch } from '../../support/session-data';

/** An RFC 4180 reader written for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const parts = (over: Partial<SessionParts> = {}): SessionParts => ({
  id: '20261124-211219',
  meta: {
    format: 'fastswitch-session-meta/1',
    id: '20261124-211219',
    profile: 'galaxy-nexus',
    device: { model: 'Galaxy Nexus', serial: '0149A0F50E01B00F', fingerprints: ['google/yakju/maguro:4.0.4/IMM76I'], kernels: ['3.0.8', '3.0.31'] },
    appVersion: '0.1.0',
    target: 'sim',
    note: 'see https://example.org/notes <script>alert(1)</script>',
    tags: ['baseline'],
    started: '2026-11-24T21:12:19.000Z',
    ended: '2026-11-24T21:30:00.000Z',
    status: 'complete',
    ending: { how: 'finished', message: '' },
  },
  script: '# from http://lab.example/fsw\nrepeat 10 {\n  switch jb\n  switch ics\n}\nmark "warm-up done"\n',
  marks: [{ label: 'warm-up done', switchIndex: 3, hostWallMs: 0 }],
  switches: benchmarkSwitches(20, 4),
  logs: [makeLog(0), makeLog(1, 'PM: suspend entry')],
  problems: [],
  ...over,
});

const exported = { at: '2026-11-24T22:00:00.000Z', appVersion: '0.1.0' };

function doc(over: Partial<SessionParts> = {}, range = { from: null as string | null, to: null as string | null }) {
  const built = buildSessionDocument(parts(over), range, exported);
  if (!built.ok) throw new Error(built.message);
  return built.document;
}

describe('CSV export', () => {
  it('parses back to the switch records, awkward text included', () => {
    const switches = [
      makeSwitch(0, { phases: { freeze: 12.5 }, drivers: [{ name: 'omapdss', phase: 'suspend', ms: 38 }], blockingWakelocks: ['wlan_rx', 'PowerManagerService'] }),
      makeSwitch(1, { wakelockWaitMs: null, totalMs: null, outcome: 'aborted', anomalies: ['no "visible" line, comma, here', 'two\nlines'] }),
    ];
    const rows = parseCsv(switchesToCsv(switches));
    expect(rows[0]).toEqual([
      'id', 'kind', 'from', 'to', 'outcome', 'clock', 'wakelockWaitMs', 'suspendMs', 'resumeMs', 'totalMs', 'blockingWakelocks', 'anomalies', 'firstLine', 'lastLine', 'phase:freeze', 'driver:omapdss/suspend',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['0', 'switch', 'ics', 'jb', 'ok', 'host', '200', '500', '740', '1440', 'wlan_rx; PowerManagerService', '', '1', '9', '12.5', '38']);
    expect(rows[2]![6]).toBe('');
    expect(rows[2]![9]).toBe('');
    expect(rows[2]![11]).toBe('no "visible" line, comma, here; two\nlines');
    expect(rows[2]![14]).toBe('');
  });

  it('is a header alone for an empty session', () => {
    expect(parseCsv(switchesToCsv([]))).toHaveLength(1);
  });
});

describe('JSON export', () => {
  it('validates against the documented schema after a round trip through text', () => {
    const d = doc();
    const back = SessionDocument.safeParse(JSON.parse(JSON.stringify(d)));
    expect(back.success).toBe(true);
    expect(d.summary.total?.count).toBe(20);
  });

  it('summarises only the range asked for, but keeps every record', () => {
    const d = doc({}, { from: 'warm-up done', to: null });
    expect(d.switches).toHaveLength(20);
    expect(d.summary.total?.count).toBe(17);
  });

  it('says when the range names an unknown mark', () => {
    expect(buildSessionDocument(parts(), { from: 'nope', to: null }, exported)).toMatchObject({ ok: false });
  });

  it('validates with unreadable metadata too', () => {
    const d = doc({ meta: null, script: null, problems: [{ file: 'meta.json', message: 'meta.json is missing' }] });
    expect(SessionDocument.safeParse(JSON.parse(JSON.stringify(d))).success).toBe(true);
  });
});

describe('Markdown export', () => {
  it('has the facts and a timings table with one row per phase', () => {
    const md = sessionMarkdown(doc());
    expect(md).toContain('# Fastswitch session 20261124-211219');
    expect(md).toContain('- **Device:** Galaxy Nexus, serial 0149A0F50E01B00F');
    expect(md).toMatch(/^\| total \| 20 \| [0-9.]+ \|/m);
    expect(md).toContain('## Slowest drivers');
  });
});

describe('HTML report', () => {
  const html = sessionHtml(doc());

  it('carries both charts as inline SVG, the script and the device facts', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('class="seg-wakelock"');
    expect(html).toContain('class="bin"');
    expect(html).toContain('switch jb');
    expect(html).toContain('0149A0F50E01B00F');
    expect(html).toContain('3.0.31');
  });

  it('refers to no network resource at all, whatever the recorded text says', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('shows recorded text as text, never as markup', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws one stacked bar per charted switch', () => {
    expect(html.match(/<g class="bar">/g)).toHaveLength(20);
  });

  it('still renders for an empty session', () => {
    const empty = sessionHtml(doc({ switches: [], marks: [] }));
    expect(empty).toContain('no data');
  });
});

describe('chart helpers', () => {
  it('ticks are round numbers reaching the maximum', () => {
    expect(niceTicks(1440)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
  });

  it('histogram bins hold every value exactly once', () => {
    const values = benchmarkSwitches(50, 9).map((s) => s.totalMs!);
    const bins = histogramBins(values);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(50);
    expect(bins[0]!.from).toBe(Math.min(...values));
    expect(bins[bins.length - 1]!.to).toBe(Math.max(...values));
    expect(histogramBins([3, 3, 3])).toEqual([{ from: 3, to: 3, count: 3 }]);
    expect(histogramBins([])).toEqual([]);
  });
});

describe('escaping recorded text', () => {
  it('never lets a URL or markup through, whatever the text', () => {
    const pieces = fc.constantFrom('http://', 'https://', 'HTTPS://', '<', '>', '&', '"', "'", ':', '/', 'a', ' ', 'é');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const out = escapeHtml(parts.join(''));
        expect(out).not.toMatch(/https?:\/\//i);
        expect(out).not.toMatch(/[<>"']/);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('JSON export text', () => {
  it('parses back to the document, one record per line', () => {
    const d = doc();
    const text = [...sessionDocumentJson(d)].join('');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(d)));
    expect(text).toContain(`\n    ${JSON.stringify(d.switches[0])},\n`);
    expect(text.split('\n').length).toBeGreaterThan(d.switches.length + d.logs.length);
  });

  it('parses back with empty record lists and unreadable metadata', () => {
    const d = doc({ meta: null, switches: [], logs: [], marks: [] });
    expect(JSON.parse([...sessionDocumentJson(d)].join(''))).toEqual(JSON.parse(JSON.stringify(d)));
  });
});

describe('long tails and overlaid histograms', () => {
  it('cuts the histogram at the far-out fence only when something lies beyond it', () => {
    // q1 = 10.75, q3 = 12.25 (type 7 over 10 10 11 11 12 12 13 5000): fence 12.25 + 3·1.5 = 16.75
    expect(tailCut([10, 10, 11, 11, 12, 12, 13, 5000])).toBe(16.75);
    expect(tailCut([10, 10, 11, 11, 12, 12, 13, 14])).toBeNull();
    expect(tailCut([5, 5, 5, 9000])).toBeNull();
  });

  it('counts every value of every series once, in a bin or in the overflow', () => {
    const a = benchmarkSwitches(60, 1).map((s) => s.totalMs!);
    const b = benchmarkSwitches(60, 2).map((s) => s.totalMs! + 20);
    const { counts, overflow } = sharedBins([
      { label: 'A', values: a, colour: '#000' },
      { label: 'B', values: b, colour: '#111' },
    ]);
    expect(overflow).not.toBeNull();
    expect(counts.map((c, k) => c.reduce((x, y) => x + y, 0) + overflow!.counts[k]!)).toEqual([60, 60]);
  });
});

describe('comparison HTML report', () => {
  const before = benchmarkSwitches(40, 1);
  const after = benchmarkSwitches(40, 2, 6);
  const c = compareSwitches(before, after, { resamples: 200 });
  const meta = parts().meta;
  const html = comparisonHtml(c, { label: 'before', meta, switches: before }, { label: 'after <b>', meta: null, switches: after }, exported);

  it('overlays the totals and sets the phases side by side, offline', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<g class="box">/g)).toHaveLength(8);
    expect(html).toContain('driver:omapdss/suspend');
    expect(html).toContain('after &lt;b&gt;');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain("default-src 'none'");
  });
});
