import type { Script } from './ast';
import type { Diagnostic } from './diagnostic';
import type { ScriptContext } from './context';
import { checkDirectives } from './directives';
import { dryRun } from './dry-run';
import { InstanceTable } from './instances';
import { parse } from './parser';
import { staticRules } from './static-rules';

export interface CheckOptions {
  /** Byte size of each host file a `load` names (path as written), when the caller could stat it. */
  fileSizes?: Record<string, number>;
}

export interface CheckResult {
  script: Script;
  /** Parse, rule and dry-run diagnostics, in text order. */
  diagnostics: Diagnostic[];
  /** Switch records the script should produce if it runs clean (repeats multiplied). */
  expectedSwitches: number;
}

/** Checks a parsed script against a phone: static rules, then the dry run from its current state. */
export function checkAst(script: Script, context: ScriptContext, options: CheckOptions = {}): { diagnostics: Diagnostic[]; expectedSwitches: number } {
  const table = new InstanceTable(script, context);
  const rules = staticRules(script.statements, context, table, options);
  const dry = dryRun(script.statements, context, table, { loadSizes: options.fileSizes ?? {} });
  const header = checkDirectives(script, dry.switches);
  return { diagnostics: dedupe([...header, ...table.diagnostics, ...rules, ...dry.diagnostics]), expectedSwitches: dry.switches };
}

/**
 * Everything `fsw check` and the editor report for a script: syntax with
 * line:column, units and ranges, the memory map, the interface, and the
 * order of operations. Never throws.
 */
export function checkScript(text: string, context: ScriptContext, options: CheckOptions = {}): CheckResult {
  const parsed = parse(text);
  let checked: { diagnostics: Diagnostic[]; expectedSwitches: number };
  try {
    checked = checkAst(parsed.script, context, options);
  } catch (error) {
    checked = {
      diagnostics: [{ severity: 'error', code: 'internal/checker', message: `internal checker error: ${String(error)}`, range: parsed.lines.range(0, 0) }],
      expectedSwitches: 0,
    };
  }
  const diagnostics = dedupe([...parsed.diagnostics, ...checked.diagnostics]);
  return { script: parsed.script, diagnostics, expectedSwitches: checked.expectedSwitches };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The same message twice at one place (a name used in a repeat run twice) is said once; sorted by position. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    const key = `${d.code}|${d.range.offset}|${d.range.length}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => a.range.offset - b.range.offset || a.range.length - b.range.length);
}
