import { z } from 'zod';

/**
 * A session id is also its folder name, so it is restricted to characters
 * that are safe as a path segment on every OS and can never be `.` or `..`.
 */
export const SessionId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a session id is 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit')
  .refine((id) => !id.includes('..'), 'a session id cannot contain ".."');
export type SessionId = z.infer<typeof SessionId>;

export const SessionStatus = z.enum(['running', 'complete', 'interrupted']);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** How a session came to an end. `interrupted` is written by recovery, `imported` by a log-file import. */
export const SessionEndingHow = z.enum(['finished', 'failed', 'cancelled', 'interrupted', 'imported']);
export type SessionEndingHow = z.infer<typeof SessionEndingHow>;

export const SessionEnding = z.object({
  how: SessionEndingHow,
  /** What a person should know: the runner's error, who died, what was recovered. */
  message: z.string().default(''),
});
export type SessionEnding = z.infer<typeof SessionEnding>;

/** What was known about the phone when the session started (DESIGN §2). */
export const DeviceFacts = z.object({
  model: z.string().nullable(),
  serial: z.string().nullable(),
  /** Build fingerprints, one per instance, e.g. `ics: google/yakju/maguro:4.0.4/...`. */
  fingerprints: z.array(z.string()),
  /** Kernel versions (`uname -r` or the `Linux version` banner), one per instance. */
  kernels: z.array(z.string()),
});
export type DeviceFacts = z.infer<typeof DeviceFacts>;

/** The contents of `meta.json`. Fields may be added, never renamed. */
export const SessionMeta = z.object({
  /** Identifies the file kind and its version, so later formats can be told apart. */
  format: z.literal('fastswitch-session-meta/1'),
  id: SessionId,
  /** Name of the PlatformProfile the session ran with, when known. */
  profile: z.string().nullable(),
  device: DeviceFacts,
  /** Workbench version that recorded it. */
  appVersion: z.string(),
  /** Where it ran: `sim`, `adb:SERIAL`, `file` for an imported log. */
  target: z.string().nullable().default(null),
  note: z.string().default(''),
  tags: z.array(z.string()).default([]),
  /** ISO 8601 UTC. */
  started: z.iso.datetime(),
  ended: z.iso.datetime().nullable(),
  status: SessionStatus,
  ending: SessionEnding.nullable(),
});
export type SessionMeta = z.infer<typeof SessionMeta>;

/** What a caller supplies to start a recording; the store fills in id, times and status. */
export const NewSessionMeta = SessionMeta.pick({ profile: true, device: true, appVersion: true, target: true, note: true, tags: true }).extend({
  /** Wanted id; the store picks one from the start time when absent, and adds a suffix when taken. */
  id: SessionId.optional(),
});
export type NewSessionMeta = z.input<typeof NewSessionMeta>;

/**
 * A named point in a session (a script's `mark`). Its position is the number
 * of switch records recorded before it, so "switches after the warm-up mark"
 * is exact whatever the log lines around it were.
 */
export const SessionMark = z.object({
  label: z.string(),
  /** Switch records (all kinds) recorded before the mark; 0 = before the first. */
  switchIndex: z.number().int().nonnegative(),
  hostWallMs: z.number(),
});
export type SessionMark = z.infer<typeof SessionMark>;

/** Something in a session folder that could not be read, said precisely. */
export const SessionProblem = z.object({
  file: z.string(),
  /** 1-based line of an NDJSON file, when the problem is one line. */
  line: z.number().int().positive().optional(),
  message: z.string(),
});
export type SessionProblem = z.infer<typeof SessionProblem>;

/** The names of the files in a session folder (docs/sessions.md). */
export const SessionFiles = {
  meta: 'meta.json',
  script: 'script.fsw',
  log: 'log.ndjson',
  switches: 'switches.ndjson',
  marks: 'marks.ndjson',
  summary: 'summary.json',
  lock: 'recorder.lock',
} as const;
