import { z } from 'zod';
import { LogRecord } from '../domain/log-record';
import { SwitchRecord } from '../domain/switch-record';
import { SessionSummarySchema, SummaryScopeSchema } from '../sessions/session-document';
import { SessionId, SessionMark, SessionMeta, SessionProblem, SessionStatus } from '../sessions/session-meta';

/**
 * The sessions part of the contract (issue 8, item 6): what the sessions UI
 * asks of the recording store. Kept beside contract.ts so the table there
 * only gains one line per method.
 */

export const SessionListingSchema = z.object({
  id: z.string(),
  status: SessionStatus,
  switches: z.number().int().nonnegative(),
  started: z.string().nullable(),
  ended: z.string().nullable(),
  profile: z.string().nullable(),
  tags: z.array(z.string()),
  note: z.string(),
  problems: z.array(SessionProblem),
});
export type SessionListingData = z.infer<typeof SessionListingSchema>;

export const LoadedSessionSchema = z.object({
  id: z.string(),
  meta: SessionMeta.nullable(),
  script: z.string().nullable(),
  logs: z.array(LogRecord),
  /** How many log records the session holds (logs may be cut to the requested limit). */
  logCount: z.number().int().nonnegative(),
  switches: z.array(SwitchRecord),
  marks: z.array(SessionMark),
  summary: SessionSummarySchema,
  scope: SummaryScopeSchema,
  problems: z.array(SessionProblem),
});
export type LoadedSessionData = z.infer<typeof LoadedSessionSchema>;

const Interval = z.tuple([z.number(), z.number()]).nullable();
const SideFigures = z.object({ count: z.number().int().nonnegative(), mean: z.number().nullable(), median: z.number().nullable() });

export const PhaseComparisonSchema = z.object({
  phase: z.string(),
  a: SideFigures,
  b: SideFigures,
  medianDelta: z.number().nullable(),
  medianDeltaCi: Interval,
  meanDelta: z.number().nullable(),
  meanDeltaCi: Interval,
  relativeMedianDelta: z.number().nullable(),
  mannWhitney: z.object({
    n1: z.number(),
    n2: z.number(),
    u1: z.number(),
    u2: z.number(),
    u: z.number(),
    z: z.number().nullable(),
    p: z.number().nullable(),
    method: z.enum(['exact', 'normal']).nullable(),
    probabilityFirstGreater: z.number().nullable(),
  }),
  verdict: z.enum(['slower', 'faster', 'unchanged', 'insufficient']),
});
export type PhaseComparisonData = z.infer<typeof PhaseComparisonSchema>;

export const SessionComparisonSchema = z.object({
  options: z.object({ seed: z.number(), resamples: z.number(), confidence: z.number(), alpha: z.number() }),
  scope: SummaryScopeSchema,
  phases: z.array(PhaseComparisonSchema),
  slowerDrivers: z.array(PhaseComparisonSchema),
  fasterDrivers: z.array(PhaseComparisonSchema),
});
export type SessionComparisonData = z.infer<typeof SessionComparisonSchema>;

export const ExportFormat = z.enum(['csv', 'json', 'md', 'html']);
export type ExportFormat = z.infer<typeof ExportFormat>;

const Id = z.object({ id: SessionId }).strict();

export const sessionMethods = {
  /** Every session of the sessions directory, oldest first; broken ones are listed with their problems. */
  'sessions.list': { params: z.object({}).strict(), result: z.object({ dir: z.string(), sessions: z.array(SessionListingSchema) }) },
  /** One session: everything readable, and precisely what was not. */
  'sessions.load': {
    params: z.object({ id: SessionId, logLimit: z.number().int().nonnegative().max(1_000_000).optional() }).strict(),
    result: LoadedSessionSchema,
  },
  /** B against A, phase by phase: deltas with bootstrap CIs and a Mann–Whitney test (common/sessions/comparison.ts). */
  'sessions.compare': {
    params: z
      .object({
        a: SessionId,
        b: SessionId,
        /** Leave out, in both sessions, the switches recorded before this mark (warm-up). */
        from: z.string().max(500).optional(),
      })
      .strict(),
    result: SessionComparisonSchema,
  },
  /** A session as a file's contents, for the renderer to save (download in web mode). */
  'sessions.export': {
    params: z.object({ id: SessionId, format: ExportFormat }).strict(),
    result: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string() }),
  },
  'sessions.remove': { params: Id, result: z.object({ removed: z.boolean() }) },
  /** Imports a session folder, archive or kernel log that lies on the service's machine. */
  'sessions.import': {
    params: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: z.object({ ids: z.array(z.string()), notes: z.array(z.string()) }),
  },
} as const;

/** Asks script.run to record the run as a session. */
export const RecordRequest = z
  .object({
    note: z.string().max(2000).optional(),
    tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();

export const sessionEvents = {
  /** A session appeared, changed state or went away: the list is worth reloading. */
  'sessions.changed': z.object({ id: z.string(), change: z.enum(['recording', 'finished', 'removed', 'imported']) }),
} as const;
