import { analyzeLogText } from '../../kernel-log';
import { open, writeFile } from 'node:fs/promises';
import { version } from '../../../package.json';
import { compareSwitches, DEFAULT_COMPARISON_OPTIONS } from '../../../common/sessions/comparison';
import { switchesToCsv } from '../../../common/sessions/export-csv';
import { comparisonHtml, sessionHtml } from '../../../common/sessions/export-html';
import { comparisonMarkdown, sessionMarkdown } from '../../../common/sessions/export-markdown';
import { buildSessionDocument, sessionDocumentJson, type SessionDocument } from '../../../common/sessions/session-document';
import { defaultScope, selectRange, summarize, type SwitchRange } from '../../../common/sessions/statistics';
import { comparisonTable, summaryTable } from '../../../common/sessions/text-report';
import { defaultSessionsDir } from '../../sessions/default-dir';
import { SessionError } from '../../sessions/session-error';
import type { AnalyzeLog } from '../../sessions/session-import';
import { SessionStore, type LoadedSession } from '../../sessions/session-store';
import { intFlag, parseCommandArgs, UsageError, WorkError, type CliCommand, type CliIo } from '../command';

const USAGE = `Usage: fsw sessions [--dir DIR] SUBCOMMAND

  list [--json]                         every recorded session
  show ID [--json] [--from MARK] [--to MARK]
                                        metadata, switch records and statistics
  compare A B [--json|--md|--html] [--out PATH] [--seed N] [--resamples N]
                                        B against A, phase by phase (Δ = B − A);
                                        A and B are IDs, or ID@FROM..TO for the
                                        switches between two marks (either may be empty)
  export ID --format csv|json|md|html|archive [--out PATH] [--from MARK] [--to MARK]
                                        to stdout, or PATH (archive: a .tar.gz, needs --out)
  import PATH                           a session folder, a .tar/.tar.gz archive, or a kernel log
  remove ID                             delete a session

--dir DIR   sessions directory (default: ${defaultSessionsDir()})
Sessions left running by a process that died are marked interrupted first.`;

const OPTIONS = {
  dir: { type: 'string' },
  json: { type: 'boolean' },
  md: { type: 'boolean' },
  html: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  seed: { type: 'string' },
  resamples: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** Flags each subcommand accepts; anything else is a usage error rather than silently ignored. */
const ALLOWED: Record<string, (keyof Values)[]> = {
  list: ['dir', 'json'],
  show: ['dir', 'json', 'from', 'to'],
  compare: ['dir', 'json', 'md', 'html', 'out', 'seed', 'resamples'],
  export: ['dir', 'format', 'out', 'from', 'to'],
  import: ['dir'],
  remove: ['dir'],
};
const POSITIONALS: Record<string, number> = { list: 0, show: 1, compare: 2, export: 1, import: 1, remove: 1 };

const FORMATS = ['csv', 'json', 'md', 'html', 'archive'] as const;

export interface SessionsCommandDeps {
  /** The kernel-log analyser, for `import` of a bare log file. */
  analyze?: AnalyzeLog;
  defaultDir?: () => string;
  clock?: () => number;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** `ID` or `ID@FROM..TO` (marks; either side may be empty). */
export function parseSelector(text: string): { id: string; range: SwitchRange } {
  const at = text.indexOf('@');
  if (at < 0) return { id: text, range: {} };
  const id = text.slice(0, at);
  const spec = text.slice(at + 1);
  const dots = spec.lastIndexOf('..');
  if (dots < 0) throw new UsageError(`fsw sessions compare: '${text}' should be ID or ID@FROM..TO (marks)`);
  const from = spec.slice(0, dots);
  const to = spec.slice(dots + 2);
  return { id, range: { from: from || null, to: to || null } };
}

function rangeOf(values: Values): SwitchRange {
  return { from: values.from ?? null, to: values.to ?? null };
}

function selected(session: LoadedSession, range: SwitchRange) {
  const r = selectRange(session.switches, session.marks, range);
  if (!r.ok) throw new WorkError(`session ${session.id}: ${r.message}`);
  return r.switches;
}

async function write(io: CliIo, out: string | undefined, text: string | Buffer): Promise<void> {
  if (out === undefined) io.out(typeof text === 'string' ? text : text.toString('utf8'));
  else await writeFile(out, text);
}

/** Writes text produced in pieces without ever holding it whole: to PATH in batches, or line by line to stdout. */
async function writeChunks(io: CliIo, out: string | undefined, chunks: Iterable<string>): Promise<void> {
  if (out === undefined) {
    for (const chunk of chunks) io.out(chunk);
    return;
  }
  const handle = await open(out, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      batch.push(chunk);
      size += chunk.length;
      if (size > 1 << 20) {
        await handle.appendFile(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    await handle.appendFile(batch.join(''));
  } finally {
    await handle.close();
  }
}

function warnProblems(io: CliIo, session: LoadedSession): void {
  for (const p of session.problems) io.err(`warning: session ${session.id}: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
}

async function documentOf(store: SessionStore, id: string, range: SwitchRange, clock: () => number, withLogs: boolean): Promise<SessionDocument> {
  const s = await store.load(id, { logs: withLogs });
  const built = buildSessionDocument(s, { from: range.from ?? null, to: range.to ?? null }, { at: new Date(clock()).toISOString(), appVersion: version });
  if (!built.ok) throw new WorkError(`session ${id}: ${built.message}`);
  return built.document;
}

export function makeSessionsCommand(deps: SessionsCommandDeps = {}): CliCommand {
  const clock = deps.clock ?? Date.now;
  return {
    name: 'sessions',
    summary: 'list, show, compare, export and import recorded benchmark sessions',
    usage: USAGE,
    run: async (argv, io) => {
      const { values, positionals } = parseCommandArgs('sessions', argv, OPTIONS);
      const [sub, ...args] = positionals;
      if (sub === undefined) throw new UsageError('fsw sessions: a subcommand is needed (list, show, compare, export, import, remove)');
      const allowed = ALLOWED[sub];
      if (!allowed) throw new UsageError(`fsw sessions: unknown subcommand '${sub}'`);
      for (const [flag, value] of Object.entries(values)) {
        if (value !== undefined && !allowed.includes(flag as keyof Values)) throw new UsageError(`fsw sessions ${sub}: --${flag} does not apply here`);
      }
      if (args.length !== POSITIONALS[sub]) throw new UsageError(`fsw sessions ${sub}: expects ${POSITIONALS[sub]} argument(s), got ${args.length}`);
      if ([values.json, values.md, values.html].filter(Boolean).length > 1) throw new UsageError('fsw sessions compare: --json, --md and --html exclude each other');
      if (sub === 'export') {
        if (!values.format || !(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`fsw sessions export: --format must be one of ${FORMATS.join(', ')}`);
        if (values.format === 'archive' && !values.out) throw new UsageError('fsw sessions export: --format archive writes binary data and needs --out PATH');
      }
      const seed = intFlag('sessions', 'seed', values.seed, DEFAULT_COMPARISON_OPTIONS.seed);
      const resamples = intFlag('sessions', 'resamples', values.resamples, DEFAULT_COMPARISON_OPTIONS.resamples);

      try {
        const store = await SessionStore.open(values.dir ?? (deps.defaultDir ?? defaultSessionsDir)(), { clock });
        for (const r of await store.recoverInterrupted()) if (r.recovered) io.err(`session ${r.id} was interrupted: ${r.message}`);
        const a0 = args[0] as string;
        switch (sub) {
          case 'list': {
            const list = await store.list();
            if (values.json) {
              io.out(json(list.map(({ id, status, switches, started, ended }) => ({ id, status, switches, started, ended }))));
            } else if (list.length === 0) {
              io.out(`no sessions in ${store.dir}`);
            } else {
              for (const s of list) {
                const extra = [s.profile, s.tags.length ? `[${s.tags.join(', ')}]` : '', s.note, s.problems.length ? `(${s.problems.length} problems)` : ''].filter(Boolean).join(' ');
                io.out(`${s.id}  ${s.status.padEnd(11)}  ${String(s.switches).padStart(5)} switches  ${s.started ?? '?'}  ${extra}`.trimEnd());
              }
            }
            return 0;
          }
          case 'show': {
            const s = await store.load(a0);
            warnProblems(io, s);
            const range = rangeOf(values);
            const summary = summarize(selected(s, range), defaultScope(s.switches));
            if (values.json) {
              const meta = s.meta ?? { id: s.id, status: 'interrupted' as const };
              io.out(json({ ...meta, switches: s.switches, summary, marks: s.marks, scope: s.scope, range: { from: range.from ?? null, to: range.to ?? null }, problems: s.problems }));
            } else {
              const m = s.meta;
              io.out(`${s.id}  ${m?.status ?? 'metadata unreadable'}  ${m?.profile ?? ''}  ${m?.device.model ?? ''}`.trimEnd());
              io.out(`${s.switches.length} switch records, ${s.marks.length} marks${s.marks.length ? ` (${s.marks.map((k) => `"${k.label}"@${k.switchIndex}`).join(', ')})` : ''}`);
              io.out('');
              io.out(summaryTable(summary));
            }
            return 0;
          }
          case 'compare': {
            const selA = parseSelector(a0);
            const selB = parseSelector(args[1] as string);
            const [sa, sb] = [await store.load(selA.id), await store.load(selB.id)];
            warnProblems(io, sa);
            if (sb.id !== sa.id) warnProblems(io, sb);
            const [switchesA, switchesB] = [selected(sa, selA.range), selected(sb, selB.range)];
            const result = compareSwitches(switchesA, switchesB, { seed, resamples }, defaultScope(sa.switches.length ? sa.switches : sb.switches));
            let text: string;
            if (values.json) text = json({ a: { id: sa.id, range: selA.range }, b: { id: sb.id, range: selB.range }, ...result });
            else if (values.md) text = comparisonMarkdown(result, { a: a0, b: args[1] as string });
            else if (values.html) {
              text = comparisonHtml(result, { label: a0, meta: sa.meta, switches: switchesA }, { label: args[1] as string, meta: sb.meta, switches: switchesB }, { at: new Date(clock()).toISOString(), appVersion: version });
            } else text = `A = ${a0}\nB = ${args[1]}\n\n${comparisonTable(result)}`;
            await write(io, values.out, text);
            return 0;
          }
          case 'export': {
            const format = values.format as (typeof FORMATS)[number];
            if (format === 'archive') {
              await write(io, values.out, await store.exportArchive(a0));
              return 0;
            }
            if (format === 'csv') {
              const s = await store.load(a0);
              warnProblems(io, s);
              await write(io, values.out, switchesToCsv(selected(s, rangeOf(values))));
              return 0;
            }
            const doc = await documentOf(store, a0, rangeOf(values), clock, format === 'json');
            if (format === 'json') await writeChunks(io, values.out, sessionDocumentJson(doc));
            else await write(io, values.out, format === 'md' ? sessionMarkdown(doc) : sessionHtml(doc));
            return 0;
          }
          case 'import': {
            const result = await store.import(a0, { analyze: deps.analyze, appVersion: version });
            for (const note of result.notes) io.err(note);
            for (const id of result.ids) io.out(id);
            return 0;
          }
          case 'remove': {
            await store.remove(a0);
            io.out(`removed ${a0}`);
            return 0;
          }
        }
        return 2;
      } catch (error) {
        if (error instanceof SessionError) throw new WorkError(error.message);
        throw error;
      }
    },
  };
}

/** The registry's instance; the lead passes the kernel-log analyser here once it lands. */
/** A bare log imported as a session is analysed by the one kernel-log analyser; text that is not a kernel log is refused. */
export const sessionsCommand = makeSessionsCommand({
  analyze: (text, source) => {
    const result = analyzeLogText(text, { source: 'file' });
    if (!result.format.isKernelLog) throw new WorkError(`${source.path} does not look like a kernel log (no printk timestamps or PM lines)`);
    return result;
  },
});
