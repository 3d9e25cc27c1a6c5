import type * as Ast from './ast';
import { SUSPEND_DEFAULTS } from './ast';
import type { Diagnostic } from './diagnostic';
import type { ScriptContext } from './context';
import { checkScript, hasErrors } from './checker';
import { InstanceTable } from './instances';
import { amountBytes, sectionsCovering } from './memory-map';
import type { CompiledExpectation, CompiledStep } from './steps';
import { formatDuration, formatSize, hex } from './units';

export const FSW_SWITCH = '/d/fsw/switch';
export const FSW_LOAD_FILE = '/d/fsw/load_file';
export const FSW_INSTANCE_ATAGS = '/d/fsw/instance_atags';
/** fsw-notes reconstruction: the notes name `mem_request` and its arguments, not its path. */
export const FSW_MEM_REQUEST = '/d/fsw/mem_request';
export const WAKE_LOCK = '/sys/power/wake_lock';
export const WAKE_UNLOCK = '/sys/power/wake_unlock';
/** Modes of /d/fsw/switch (fast_switch.h); TERMINATE's number is not published: 4 is our reconstruction. */
export const MODE = { boot: 1, suspend: 2, terminate: 4 } as const;
/** skip_wakelock lives at FSW_BASE+0x10; 0xDEADBEEF skips wakelocks, 0 does not. */
export const SKIP_WAKELOCK_OFFSET = 0x10;
export const SKIP_WAKELOCK_VALUE = 0xdeadbeef;

export interface CompileOptions {
  /** Where host files are pushed on the phone (the author used /sdcard). */
  remoteDir?: string;
  /** The /dev/mem word-writing tool on the phone (the author had memrw). */
  pokeTool?: string;
  /** How long a switch, request or terminate may take to land when the script gives no timeout. */
  switchTimeoutMs?: number;
  /** How long a boot request may take to hand over to the child when the script gives no timeout. */
  bootTimeoutMs?: number;
}

export function memoryStatePath(block: number): string {
  return `/sys/devices/system/memory/memory${block}/state`;
}

export type CompileResult = { ok: true; steps: CompiledStep[] } | { ok: false; diagnostics: Diagnostic[] };

/** Checks, then compiles: refuses a script with errors, returning them. */
export function compileScript(text: string, context: ScriptContext, options: CompileOptions = {}): CompileResult {
  const checked = checkScript(text, context);
  if (hasErrors(checked.diagnostics)) return { ok: false, diagnostics: checked.diagnostics.filter((d) => d.severity === 'error') };
  return compile(checked.script, context, options);
}

/**
 * Turns each operation into exactly the writes of DESIGN §4 for the
 * profile's interface, with the waits between them. Expects a checked
 * script; what it still cannot compile comes back as diagnostics.
 */
export function compile(script: Ast.Script, context: ScriptContext, options: CompileOptions = {}): CompileResult {
  const remoteDir = (options.remoteDir ?? '/sdcard').replace(/\/+$/, '');
  const pokeTool = options.pokeTool ?? 'memrw';
  const switchTimeoutMs = options.switchTimeoutMs ?? 60_000;
  const bootTimeoutMs = options.bootTimeoutMs ?? 60_000;
  const table = new InstanceTable(script, context);
  const diagnostics: Diagnostic[] = [...table.diagnostics];
  const memory = context.memory;
  let running = context.instances.find((i) => i.status === 'running')?.id ?? 1;
  const remoteNames = new Map<string, string>();

  const idOf = (ref: Ast.InstanceRef): { id: number; name: string } | null => {
    const r = table.resolve(ref);
    if ('diagnostic' in r) {
      diagnostics.push(r.diagnostic);
      return null;
    }
    return { id: r.entry.id, name: r.entry.name };
  };
  const nameOf = (id: number) => table.byNumber(id)?.name ?? String(id);
  const fail = (node: Ast.Node, code: string, message: string) => diagnostics.push({ severity: 'error', code, message, range: node.range });
  /** Two different host files with one base name must not overwrite each other on the phone. */
  const remoteFor = (local: string): string => {
    const known = remoteNames.get(local);
    if (known) return known;
    const base = local.split(/[\\/]/).pop() || 'file';
    let remote = `${remoteDir}/${base}`;
    for (let n = 2; [...remoteNames.values()].includes(remote); n++) remote = `${remoteDir}/${base}.${n}`;
    remoteNames.set(local, remote);
    return remote;
  };

  const compileList = (list: Ast.Statement[]): CompiledStep[] => list.flatMap((s) => compileOne(s));

  const compileOne = (s: Ast.Statement): CompiledStep[] => {
    const line = s.range.startLine;
    switch (s.op) {
      case 'reserve':
      case 'release': {
        const state = s.op === 'reserve' ? 'offline' : 'online';
        return sectionsCovering(s.at.value, amountBytes(s.amount, memory), memory).map((block) => ({ kind: 'write', path: memoryStatePath(block), text: state, line }));
      }
      case 'load': {
        const steps: CompiledStep[] = [];
        let remote: string;
        if (s.source.kind === 'atags') {
          remote = `${remoteDir}/atags`;
          steps.push({ kind: 'shell', command: `cat ${FSW_INSTANCE_ATAGS} > ${remote}`, line });
        } else if (s.source.onDevice) {
          remote = s.source.path;
        } else {
          remote = remoteFor(s.source.path);
          steps.push({ kind: 'push', local: s.source.path, remote, line });
        }
        const nature = s.nature?.value ?? (s.source.kind === 'atags' ? 'param' : 'other');
        const target = s.for ? idOf(s.for) : null;
        if (s.for && !target) return [];
        const fields = [hex(s.at.value), remote];
        if (target) fields.push(nature, String(target.id));
        else if (nature !== 'other') fields.push(nature);
        steps.push({ kind: 'write', path: FSW_LOAD_FILE, text: fields.join(' '), line });
        return steps;
      }
      case 'boot': {
        const target = idOf(s.instance);
        if (!target) return [];
        running = target.id;
        return [
          { kind: 'write', path: FSW_SWITCH, text: `${MODE.boot} ${target.id}`, line },
          { kind: 'await-switch', to: target.id, toName: target.name, switchKind: 'boot', timeoutMs: s.timeout?.ms ?? bootTimeoutMs, line },
        ];
      }
      case 'switch': {
        const target = idOf(s.instance);
        if (!target) return [];
        const steps: CompiledStep[] = [];
        const skipWord = memory.fswBase === undefined ? undefined : memory.fswBase + SKIP_WAKELOCK_OFFSET;
        if (s.force) {
          if (skipWord === undefined) {
            fail(s.force, 'compile/no-fsw-base', 'force needs the fsw page address (FSW_BASE) in the profile');
            return [];
          }
          steps.push({ kind: 'poke', address: skipWord, value: SKIP_WAKELOCK_VALUE, tool: pokeTool, line });
        }
        steps.push({ kind: 'write', path: FSW_SWITCH, text: `${MODE.suspend} ${target.id}`, line });
        steps.push({ kind: 'await-switch', to: target.id, toName: target.name, switchKind: 'switch', timeoutMs: s.timeout?.ms ?? switchTimeoutMs, line });
        // The word is global and only a boot clears it: clear it so force stays this switch's.
        if (s.force && skipWord !== undefined) steps.push({ kind: 'poke', address: skipWord, value: 0, tool: pokeTool, line });
        running = target.id;
        return steps;
      }
      case 'request': {
        if (context.interface !== 'fsw-notes') {
          fail(s, 'interface/request', `request needs the fsw-notes interface; this profile has ${context.interface}`);
          return [];
        }
        const count = amountBytes(s.amount, memory) / memory.sectionSize;
        const text = s.at ? `${count} ${hex(s.at.value)}` : `${count}`;
        return [
          { kind: 'write', path: FSW_MEM_REQUEST, text, line },
          { kind: 'await-switch', to: running, toName: nameOf(running), switchKind: 'section-transfer', timeoutMs: s.timeout?.ms ?? switchTimeoutMs, line },
        ];
      }
      case 'terminate': {
        if (context.interface !== 'fsw-notes') {
          fail(s, 'interface/terminate', `terminate needs the fsw-notes interface; this profile has ${context.interface}`);
          return [];
        }
        const target = idOf(s.instance);
        if (!target) return [];
        return [
          { kind: 'write', path: FSW_SWITCH, text: `${MODE.terminate} ${target.id}`, line },
          { kind: 'await-switch', to: running, toName: nameOf(running), switchKind: 'switch', timeoutMs: s.timeout?.ms ?? switchTimeoutMs, line },
        ];
      }
      case 'wait':
        return [{ kind: 'sleep', ms: s.duration.ms, line }];
      case 'wait-until': {
        const target = idOf(s.instance);
        if (!target) return [];
        return [{ kind: 'await-instance', instance: target.id, name: target.name, state: s.state.value, timeoutMs: s.timeout?.ms ?? 90_000, line }];
      }
      case 'repeat':
        return [{ kind: 'repeat', count: s.count, body: compileList(s.body), line }];
      case 'wakelock-hold': {
        // Android's wake_lock takes "name [timeout_ns]".
        const text = s.duration ? `${s.name.text} ${Math.round(s.duration.ms * 1e6)}` : s.name.text;
        return [{ kind: 'write', path: WAKE_LOCK, text, line }];
      }
      case 'wakelock-release':
        return [{ kind: 'write', path: WAKE_UNLOCK, text: s.name.text, line }];
      case 'shell':
        return [{ kind: 'shell', command: s.command, line }];
      case 'mark':
        return [{ kind: 'mark', label: s.label, line }];
      case 'expect': {
        const expectation = compileExpectation(s.expectation);
        return expectation ? [{ kind: 'expect', expectation, text: s.text, line }] : [];
      }
      case 'sim':
        return [s.duration ? { kind: 'sim', device: s.device, action: s.action, durationMs: s.duration.ms, line } : { kind: 'sim', device: s.device, action: s.action, line }];
      case 'suspend':
        return [{ kind: 'suspend', state: s.state.value, sleepMs: s.duration?.ms ?? SUSPEND_DEFAULTS.sleepMs, timeoutMs: s.timeout?.ms ?? SUSPEND_DEFAULTS.timeoutMs, line }];
      case 'dimm-add':
        return [{ kind: 'dimm', action: 'add', name: s.name.text, bytes: amountBytes(s.amount, memory), line }];
      case 'dimm-remove':
        return [{ kind: 'dimm', action: 'remove', name: s.name.text, line }];
      case 'block':
        return [{ kind: 'write', path: memoryStatePath(s.block.index), text: s.state === 'offline' ? 'offline' : s.movable ? 'online_movable' : 'online', line }];
      case 'dimm-blocks':
        // A DIMM's memory goes to ZONE_MOVABLE, so that it can be offlined and unplugged again.
        return [{ kind: 'dimm-blocks', name: s.name.text, state: s.state === 'online' ? 'online_movable' : 'offline', line }];
      case 'invalid':
        fail(s, 'compile/invalid', 'this line does not parse');
        return [];
    }
  };

  const compileExpectation = (e: Ast.Expectation): CompiledExpectation | null => {
    switch (e.kind) {
      case 'last-duration':
        return { kind: 'last', field: e.field, op: e.op, value: e.value.ms };
      case 'last-count':
      case 'last-word':
        return { kind: 'last', field: e.field, op: e.op, value: e.value };
      case 'last-instance': {
        const target = idOf(e.value);
        return target ? { kind: 'last', field: e.field, op: e.op, value: target.name } : null;
      }
      case 'instance-state': {
        const target = idOf(e.instance);
        return target ? { kind: 'instance-state', instance: target.id, name: target.name, state: e.state } : null;
      }
      case 'switch-count':
        return { kind: 'switch-count', op: e.op, value: e.value };
      case 'block-state':
        return { kind: 'block-state', block: e.block.index, state: e.state };
      case 'dimm-state':
        return { kind: 'dimm-state', name: e.name.text, state: e.state };
    }
  };

  const steps = compileList(script.statements);
  return diagnostics.length ? { ok: false, diagnostics } : { ok: true, steps };
}

/** A step as a person reads it in `fsw run --explain`: the shell line, or what the host does. */
export function explainStep(step: CompiledStep): string {
  switch (step.kind) {
    case 'write':
      return `echo ${/[\s"'$\\]/.test(step.text) || step.text === '' ? JSON.stringify(step.text) : step.text} > ${step.path}`;
    case 'push':
      return `adb push ${JSON.stringify(step.local)} ${step.remote}`;
    case 'shell':
      return step.command;
    case 'poke':
      return `${step.tool} ${hex(step.address)} ${hex(step.value)}`;
    case 'await-switch':
      return `# host: wait until the ${step.switchKind === 'boot' ? 'boot hands over to' : step.switchKind === 'section-transfer' ? 'section transfer returns to' : 'switch lands in'} ${step.toName} (timeout ${formatDuration(step.timeoutMs)})`;
    case 'await-instance':
      return `# host: wait until ${step.name} is ${step.state} (timeout ${formatDuration(step.timeoutMs)})`;
    case 'sleep':
      return `# host: wait ${formatDuration(step.ms)}`;
    case 'mark':
      return `# host: mark ${JSON.stringify(step.label)}`;
    case 'expect':
      return `# host: expect ${step.text}`;
    case 'sim':
      return `# simulator: ${step.device} ${step.action}${step.durationMs ? ` for ${formatDuration(step.durationMs)}` : ''}`;
    case 'suspend':
      return `echo 'fsw: suspend ${step.state} #N' > /dev/kmsg; echo ${step.state} > /sys/power/state  # host wakes it after ${formatDuration(step.sleepMs)} (${step.state === 'mem' ? 'QMP system_wakeup' : 'QMP key press'}), then waits for the cycle (timeout ${formatDuration(step.timeoutMs)})`;
    case 'dimm':
      return step.action === 'add'
        ? `# qmp: object-add memory-backend-ram id=mem-${step.name} size=${formatSize(step.bytes ?? 0)}; device_add pc-dimm id=${step.name} memdev=mem-${step.name}`
        : `# qmp: device_del ${step.name}; object-del mem-${step.name}`;
    case 'dimm-blocks':
      return `echo ${step.state} > /sys/devices/system/memory/memoryN/state  # for each block N of DIMM ${step.name} (found by its address range once plugged in)`;
    case 'repeat':
      return `# host: repeat ${step.count} times {`;
  }
}

/** Every step, one line each, `LINE: text`, repeat bodies indented. */
export function explainSteps(steps: CompiledStep[], indent = ''): string[] {
  const out: string[] = [];
  for (const step of steps) {
    out.push(`${String(step.line).padStart(4)}: ${indent}${explainStep(step)}`);
    if (step.kind === 'repeat') {
      out.push(...explainSteps(step.body, `${indent}  `));
      out.push(`${String(step.line).padStart(4)}: ${indent}# }`);
    }
  }
  return out;
}
