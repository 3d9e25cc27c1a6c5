import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { SessionFiles, SessionMeta, type SessionProblem } from '../../common/sessions/session-meta';

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`).join('; ');
}

/** Reads a session folder's meta.json, or says precisely why it cannot be used. */
export async function readMetaFile(dir: string): Promise<{ meta: SessionMeta | null; problems: SessionProblem[] }> {
  const file = SessionFiles.meta;
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { meta: null, problems: [{ file, message: missing ? `${file} is missing` : `${file} could not be read: ${(error as Error).message}` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { meta: null, problems: [{ file, message: `${file} is not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = SessionMeta.safeParse(value);
  if (!parsed.success) return { meta: null, problems: [{ file, message: `${file} does not fit the session metadata schema: ${describeIssues(parsed.error)}` }] };
  if (parsed.data.id !== dir.split(/[\\/]/).pop()) {
    return { meta: parsed.data, problems: [{ file, message: `${file} names the session '${parsed.data.id}' but its folder is '${dir.split(/[\\/]/).pop()}'; the folder name is used` }] };
  }
  return { meta: parsed.data, problems: [] };
}


/** A finished session's summary.json is a copy for people: say when it is missing or unreadable. */
export async function checkSummaryFile(dir: string): Promise<SessionProblem[]> {
  const file = SessionFiles.summary;
  try {
    JSON.parse(await readFile(join(dir, file), 'utf8'));
    return [];
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return [{ file, message: missing ? `${file} is missing; the summary shown is recomputed from the switch records` : `${file} is not valid JSON (${(error as Error).message}); the summary shown is recomputed from the switch records` }];
  }
}
