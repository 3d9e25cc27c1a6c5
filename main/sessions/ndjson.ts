import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { z } from 'zod';
import type { SessionProblem } from '../../common/sessions/session-meta';

/** Past this many bad lines in one file, the rest are counted in one closing problem. */
export const MAX_PROBLEMS_PER_FILE = 20;

export interface NdjsonReadResult<T> {
  records: T[];
  problems: SessionProblem[];
  /** Whether the file existed. */
  found: boolean;
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`)
    .join('; ');
}

/**
 * Reads an NDJSON file line by line, keeping every line that is valid JSON
 * and fits the schema, and saying precisely which lines were not (1-based).
 * A last line without its newline that does not parse is reported as cut
 * short: that is what a crash in the middle of an append leaves.
 */
export async function readNdjson<S extends z.ZodType>(
  path: string,
  fileLabel: string,
  schema: S,
  what: string,
  /** The file may still be appended to: a cut last line may be a write in progress. */
  live = false,
): Promise<NdjsonReadResult<z.output<S>>> {
  const records: z.output<S>[] = [];
  const problems: SessionProblem[] = [];
  let badLines = 0;
  const report = (line: number, message: string) => {
    badLines++;
    if (badLines <= MAX_PROBLEMS_PER_FILE) problems.push({ file: fileLabel, line, message });
  };
  const handle = (text: string, line: number, lastWithoutNewline: boolean) => {
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      report(
        line,
        lastWithoutNewline
          ? live
            ? `line ${line} is cut short (${trimmed.length} characters, no newline at the end of the file): the recorder is writing it, or died while writing it`
            : `line ${line} is cut short (${trimmed.length} characters, no newline at the end of the file): the recording probably stopped while writing it`
          : `line ${line} is not JSON: ${(error as Error).message}`,
      );
      return;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else report(line, `line ${line} is not a valid ${what}: ${describeZodError(parsed.error)}`);
  };

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  try {
    for await (const chunk of stream) {
      pending += decoder.write(chunk as Buffer);
      let start = 0;
      for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
        line++;
        handle(pending.slice(start, nl), line, false);
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records, problems: [{ file: fileLabel, message: `${fileLabel} is missing` }], found: false };
    problems.push({ file: fileLabel, message: `${fileLabel} could not be read: ${(error as Error).message}` });
    return { records, problems, found: true };
  }
  pending += decoder.end();
  if (pending.length > 0) handle(pending, line + 1, true);
  if (badLines > MAX_PROBLEMS_PER_FILE) {
    problems.push({ file: fileLabel, message: `${badLines - MAX_PROBLEMS_PER_FILE} more unreadable lines in ${fileLabel} not listed` });
  }
  return { records, problems, found: true };
}
