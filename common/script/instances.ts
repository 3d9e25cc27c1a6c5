import type { InstanceRef, Script, Statement } from './ast';
import type { Diagnostic } from './diagnostic';
import type { ScriptContext } from './context';
import { closest } from './units';

export interface InstanceEntry {
  id: number;
  name: string;
  /** Line of the first `boot` of this name in the script, if any. */
  bootLine?: number;
  /** Not in the profile: the script's `boot` introduces it. */
  introduced: boolean;
}

/**
 * The instances a script may name: those of the profile, plus new names a
 * `boot` anywhere in the script introduces (they take the lowest free child
 * number). Shared by the checker and the compiler so both number alike.
 */
export class InstanceTable {
  private readonly byName = new Map<string, InstanceEntry>();
  private readonly byId = new Map<number, InstanceEntry>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(script: Script, readonly context: ScriptContext) {
    for (const instance of context.instances) this.add({ id: instance.id, name: instance.name, introduced: false });
    for (const boot of collect(script.statements, 'boot')) {
      const ref = boot.instance;
      if (ref.id !== undefined) continue;
      const known = this.byName.get(ref.name);
      if (known) {
        known.bootLine ??= boot.range.startLine;
        continue;
      }
      const free = this.freeChildId();
      if (free === undefined) {
        this.diagnostics.push({
          severity: 'error',
          code: 'instance/no-free-slot',
          message: `no free instance number for '${ref.name}': the kernel hosts at most ${context.maxInstances} instances (FSW_INST_MAX)`,
          range: ref.range,
        });
        continue;
      }
      this.add({ id: free, name: ref.name, bootLine: boot.range.startLine, introduced: true });
    }
  }

  private add(entry: InstanceEntry): void {
    if (!this.byName.has(entry.name)) this.byName.set(entry.name, entry);
    if (!this.byId.has(entry.id)) this.byId.set(entry.id, entry);
  }

  private freeChildId(): number | undefined {
    for (let id = 2; id <= this.context.maxInstances; id++) if (!this.byId.has(id)) return id;
    return undefined;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  byNumber(id: number): InstanceEntry | undefined {
    return this.byId.get(id);
  }

  /** The instance a reference names, or a diagnostic saying why there is none. */
  resolve(ref: InstanceRef): { entry: InstanceEntry } | { diagnostic: Diagnostic } {
    if (ref.id !== undefined) {
      if (ref.id < 1 || ref.id > this.context.maxInstances) {
        return { diagnostic: { severity: 'error', code: 'instance/bad-number', message: `instance number ${ref.id} is out of range: the kernel accepts 1..${this.context.maxInstances}`, range: ref.range } };
      }
      return { entry: this.byId.get(ref.id) ?? { id: ref.id, name: String(ref.id), introduced: true } };
    }
    const entry = this.byName.get(ref.name);
    if (entry) return { entry };
    const names = this.names();
    const guess = closest(ref.name, names);
    const hint = guess ? `; did you mean '${guess}'?` : names.length ? ` (known: ${names.join(', ')})` : '';
    return {
      diagnostic: {
        severity: 'error',
        code: 'instance/unknown',
        message: `unknown instance '${ref.name}': not in the profile and not booted by this script${hint}`,
        range: ref.range,
        ...(guess ? { fix: { range: ref.range, replacement: guess, title: `change to '${guess}'` } } : {}),
      },
    };
  }
}

type ByOp<K extends Statement['op']> = Extract<Statement, { op: K }>;

/** Every statement of one kind, repeat bodies included, in source order. */
export function collect<K extends Statement['op']>(statements: Statement[], op: K): ByOp<K>[] {
  const found: ByOp<K>[] = [];
  const walk = (list: Statement[]) => {
    for (const s of list) {
      if (s.op === op) found.push(s as ByOp<K>);
      if (s.op === 'repeat') walk(s.body);
    }
  };
  walk(statements);
  return found;
}
