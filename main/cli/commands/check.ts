import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../../../common/script/diagnostic';
import { checkScript } from '../../../common/script/checker';
import { ControlInterfaceName, ScriptContext, ScriptTarget } from '../../../common/script/context';
import { scriptContextFrom } from '../../../common/profile/script-context';
import { loadProfileOrThrow } from '../../profiles/load-profile';
import { qemuContext } from '../../../common/script/qemu-context';
import { contextForScript, directive } from '../../../common/script/directives';
import { collect } from '../../../common/script/instances';
import { parse } from '../../../common/script/parser';
import type { CliCommand, CliIo } from '../command';
import { parseCommandArgs, UsageError, WorkError } from '../command';

const usage = `Usage: fsw check FILE.fsw... [--json] [--context FILE.json] [--interface fsw-2012|fsw-notes] [--target sim|adb|qemu]

Checks Fastswitch scripts without touching a phone: syntax, units, the memory
map, the control interface, and a dry run from the phone's state.
Prints FILE:LINE:COL: severity: message (and the fix, when there is one).

  --json            print the diagnostics as a JSON array (each with its file)
  --profile PATH    the platform profile whose memory map and interface to check
                    against (default: the built-in Galaxy Nexus)
  --context FILE    the phone as JSON (ScriptContext: memory map, interface,
                    instances, sections, target, hotplug); default: the Galaxy
                    Nexus with ICS running and JB not booted, or on the qemu
                    target the built-in guest (1 GiB, 128 MiB blocks, 4 slots)
  --interface NAME  override the context's control interface; a script may
                    also ask for one in its header ('# interface: fsw-notes')
  --target NAME     override the context's target (sim lines need 'sim';
                    suspend and dimm lines need 'qemu'); a script may also
                    ask for one in its header ('# target: qemu')

Exit: 0 no errors (warnings allowed), 1 errors, 2 bad usage.`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check .fsw scripts: syntax, memory map, interface, dry run',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('check', argv, {
      json: { type: 'boolean' },
      context: { type: 'string' },
      profile: { type: 'string' },
      interface: { type: 'string' },
      target: { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('fsw check: give at least one FILE.fsw');
    const iface = values.interface === undefined ? undefined : parseEnum('interface', ControlInterfaceName.options, values.interface);
    const target = values.target === undefined ? undefined : parseEnum('target', ScriptTarget.options, values.target);
    if (values.context !== undefined && values.profile !== undefined) throw new UsageError('fsw check: give --context or --profile, not both');
    const explicit = values.context === undefined ? undefined : await readContext(values.context);
    // A phone profile has no meaning on qemu: without --context or --profile, qemu scripts get the built-in guest.
    let phoneContext: ScriptContext | undefined;
    const phone = () => (phoneContext ??= scriptContextFrom(loadProfileOrThrow(values.profile), null, 'sim'));
    if (values.profile !== undefined) phone();

    let failed = false;
    const all: (Diagnostic & { file: string })[] = [];
    for (const file of positionals) {
      const text = await readScript(file);
      const script = parse(text).script;
      const wantsQemu = (target ?? directive(script, 'target')?.value) === 'qemu';
      const base = explicit ?? (wantsQemu && values.profile === undefined ? qemuContext() : phone());
      const context = contextForScript(script, base, { interface: iface, target });
      const { sizes, missing } = await hostFiles(text, file);
      const result = checkScript(text, context, { fileSizes: sizes });
      const diagnostics = [...result.diagnostics, ...missing].sort((a, b) => a.range.offset - b.range.offset);
      if (diagnostics.some((d) => d.severity === 'error')) failed = true;
      if (values.json) all.push(...diagnostics.map((d) => ({ file, ...d })));
      else printText(io, file, diagnostics, result.expectedSwitches);
    }
    if (values.json) io.out(JSON.stringify(all, null, 2));
    return failed ? 1 : 0;
  },
};

function parseEnum<T extends string>(flag: string, options: readonly T[], value: string): T {
  if ((options as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`fsw check: --${flag} must be one of ${options.join(', ')}, got '${value}'`);
}

async function readScript(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new WorkError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readContext(file: string): Promise<ScriptContext> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new WorkError(`cannot read the context ${file}: ${(error as Error).message}`);
  }
  const parsed = ScriptContext.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new WorkError(`the context ${file} is not a ScriptContext: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : parsed.error.message}`);
  }
  return parsed.data;
}

/** Sizes of the host files the script loads (relative to the script), and a warning for each one missing. */
async function hostFiles(text: string, file: string): Promise<{ sizes: Record<string, number>; missing: Diagnostic[] }> {
  const sizes: Record<string, number> = {};
  const missing: Diagnostic[] = [];
  for (const load of collect(parse(text).script.statements, 'load')) {
    if (load.source.kind !== 'file' || load.source.onDevice) continue;
    const path = resolve(dirname(file), load.source.path);
    try {
      const info = await stat(path);
      if (info.isFile()) sizes[load.source.path] = info.size;
      else missing.push({ severity: 'warning', code: 'file/not-a-file', message: `${load.source.path} is not a regular file (looked at ${path})`, range: load.source.range });
    } catch {
      missing.push({ severity: 'warning', code: 'file/not-found', message: `${load.source.path} not found (looked at ${path}); the run would fail at this push`, range: load.source.range });
    }
  }
  return { sizes, missing };
}

function printText(io: CliIo, file: string, diagnostics: Diagnostic[], switches: number): void {
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(`${file}:${d.range.startLine}:${d.range.startCol}: ${d.severity}: ${d.message}`);
    if (d.fix) lines.push(`    fix: ${d.fix.title}`);
  }
  const count = (severity: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  if (diagnostics.length === 0) lines.push(`${file}: no problems (${switches} switch${switches === 1 ? '' : 'es'} expected)`);
  else lines.push(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  io.out(lines.join('\n'));
}
