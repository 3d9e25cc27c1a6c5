import type { Directive, Script } from './ast';
import type { Diagnostic } from './diagnostic';
import { ControlInterfaceName, ScriptTarget, type ScriptContext } from './context';

/** Header keys the tools read; other `# key: value` comments are prose. */
export const DIRECTIVE_KEYS = ['expect-switches', 'interface', 'target'] as const;

export function directive(script: Script, key: (typeof DIRECTIVE_KEYS)[number]): Directive | undefined {
  return script.directives.find((d) => d.key === key);
}

/**
 * The context a script is checked in: explicit overrides (CLI flags, the
 * connected phone) win over the script's `# interface:` / `# target:`
 * header, which wins over the base context.
 */
export function contextForScript(script: Script, base: ScriptContext, overrides: { interface?: ControlInterfaceName | undefined; target?: ScriptTarget | undefined } = {}): ScriptContext {
  const iface = ControlInterfaceName.safeParse(directive(script, 'interface')?.value);
  const target = ScriptTarget.safeParse(directive(script, 'target')?.value);
  return {
    ...base,
    interface: overrides.interface ?? (iface.success ? iface.data : base.interface),
    target: overrides.target ?? (target.success ? target.data : base.target),
  };
}

/** Header values the tools cannot use, and an expected switch count the script does not make. */
export function checkDirectives(script: Script, expectedSwitches: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of script.directives) {
    if (d.key === 'interface' && !ControlInterfaceName.safeParse(d.value).success) {
      out.push({ severity: 'warning', code: 'header/interface', message: `unknown interface '${d.value}' in the header: use ${ControlInterfaceName.options.join(' or ')}`, range: d.range });
    }
    if (d.key === 'target' && !ScriptTarget.safeParse(d.value).success) {
      out.push({ severity: 'warning', code: 'header/target', message: `unknown target '${d.value}' in the header: use ${ScriptTarget.options.join(', ')}`, range: d.range });
    }
    if (d.key === 'expect-switches') {
      const n = /^\d+$/.test(d.value) ? Number(d.value) : Number.NaN;
      if (Number.isNaN(n)) {
        out.push({ severity: 'warning', code: 'header/expect-switches', message: `expect-switches needs a whole number, not '${d.value}'`, range: d.range });
      } else if (n !== expectedSwitches) {
        out.push({ severity: 'warning', code: 'header/expect-switches', message: `the header expects ${n} switch${n === 1 ? '' : 'es'}, but the script makes ${expectedSwitches}`, range: d.range });
      }
    }
  }
  return out;
}
