import { z } from 'zod';
import { LogRecord } from '../domain/log-record';
import { SwitchKind, SwitchOutcome, SwitchRecord } from '../domain/switch-record';
import { SessionMark, SessionMeta, SessionProblem } from './session-meta';
import { defaultScope, selectRange, summarize, type SessionSummary, type SummaryScope } from './statistics';

const nullableNumber = z.number().nullable();

export const SampleSchema = z.object({ switchId: z.number().int(), value: z.number() });

/** Schema of one phase's statistics (see `PhaseStatistics`). */
export const PhaseStatisticsSchema = z.object({
  count: z.number().int().nonnegative(),
  mean: nullableNumber,
  median: nullableNumber,
  p90: nullableNumber,
  min: nullableNumber,
  max: nullableNumber,
  sd: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
  q1: nullableNumber,
  q3: nullableNumber,
  iqr: nullableNumber,
  outliers: z.array(SampleSchema),
});

export const SessionSummarySchema = z.record(z.string(), PhaseStatisticsSchema);
export const SummaryScopeSchema = z.object({ kinds: z.array(SwitchKind), outcomes: z.array(SwitchOutcome) });

/**
 * The whole session as one JSON file (`fsw sessions export ID --format json`),
 * documented in docs/sessions.md. Fields may be added, never renamed.
 */
export const SessionDocument = z.object({
  format: z.literal('fastswitch-session/1'),
  id: z.string(),
  /** Null when the session's meta.json could not be read (see problems). */
  meta: SessionMeta.nullable(),
  script: z.string().nullable(),
  marks: z.array(SessionMark),
  switches: z.array(SwitchRecord),
  logs: z.array(LogRecord),
  /** Which switch records the summary is over, and which range of marks. */
  scope: SummaryScopeSchema,
  range: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  summary: SessionSummarySchema,
  problems: z.array(SessionProblem),
  exported: z.object({ at: z.iso.datetime(), appVersion: z.string() }),
});
export type SessionDocument = z.infer<typeof SessionDocument>;

/** The parts of a loaded session a document is made from. */
export interface SessionParts {
  id: string;
  meta: SessionMeta | null;
  script: string | null;
  marks: SessionMark[];
  switches: SwitchRecord[];
  logs: LogRecord[];
  problems: SessionProblem[];
}

/**
 * The document of a session, its summary over the switch records between the
 * marks of `range` (all of them when the range is open).
 */
export function buildSessionDocument(
  parts: SessionParts,
  range: { from: string | null; to: string | null },
  exported: { at: string; appVersion: string },
): { ok: true; document: SessionDocument } | { ok: false; message: string } {
  const selected = selectRange(parts.switches, parts.marks, range);
  if (!selected.ok) return { ok: false, message: selected.message };
  const scope: SummaryScope = defaultScope(parts.switches);
  const summary: SessionSummary = summarize(selected.switches, scope);
  return {
    ok: true,
    document: {
      format: 'fastswitch-session/1',
      id: parts.id,
      meta: parts.meta,
      script: parts.script,
      marks: parts.marks,
      switches: parts.switches,
      logs: parts.logs,
      scope,
      range,
      summary,
      problems: parts.problems,
      exported,
    },
  };
}

/**
 * The document as JSON text in pieces, one line each: top-level fields
 * pretty-printed, every record of `marks`, `switches` and `logs` on a line
 * of its own. Equal to the document once parsed, readable with `grep` and
 * `diff`, and never built as one giant string (a million log lines would
 * not fit in one).
 */
export function* sessionDocumentJson(doc: SessionDocument): Generator<string> {
  const keys = Object.keys(doc) as (keyof SessionDocument)[];
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const comma = i < keys.length - 1 ? ',' : '';
    const value = doc[key];
    if ((key === 'marks' || key === 'switches' || key === 'logs') && Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (const [j, record] of value.entries()) yield `    ${JSON.stringify(record)}${j < value.length - 1 ? ',' : ''}\n`;
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}${comma}\n`;
    }
  }
  yield '}\n';
}
