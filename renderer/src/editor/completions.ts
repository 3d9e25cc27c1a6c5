import type { DeviceState } from '../../../common/domain/device-state';
import { COUNT_FIELDS, DURATION_FIELDS, INSTANCE_FIELDS, INSTANCE_STATES, SIM_ACTIONS, WORD_FIELDS } from '../../../common/script/ast';
import { hex, OPERATIONS } from '../../../common/script/units';
import { OPERATION_DOCS } from './operation-docs';
import { SCRIPT_SNIPPETS } from './snippets';

export type CompletionKind = 'operation' | 'keyword' | 'instance' | 'address' | 'unit' | 'snippet' | 'field';

export interface Completion {
  label: string;
  kind: CompletionKind;
  insertText: string;
  /** insertText uses snippet placeholders. */
  snippet?: boolean;
  detail?: string;
  documentation?: string;
}

const words = (list: readonly string[], kind: CompletionKind, detail?: string): Completion[] =>
  list.map((w) => ({ label: w, kind, insertText: w, ...(detail ? { detail } : {}) }));

function instances(device: DeviceState | null): Completion[] {
  if (!device) return [];
  return device.instances.map((i) => ({
    label: i.name,
    kind: 'instance',
    insertText: i.name,
    detail: `instance ${i.id} · ${i.status}${device.runningInstance === i.id ? ' (running now)' : ''}`,
    documentation: `${i.kernel}${i.android ? ` · Android ${i.android}` : ''}`,
  }));
}

/**
 * Sections a script can put to use now: owned by nobody, or movable memory
 * of the running instance that it could offline. Carve-outs and the
 * boot loader's ranges never appear.
 */
export function freeSections(device: DeviceState | null): DeviceState['sections'] {
  if (!device) return [];
  const running = device.runningInstance;
  return device.sections.filter((s) => s.owner === null || (s.zone === 'movable' && s.owner === running && !s.note));
}

function addresses(device: DeviceState | null): Completion[] {
  return freeSections(device)
    .slice(0, 64)
    .map((s, i) => ({
      label: hex(s.start),
      kind: 'address',
      insertText: hex(s.start),
      detail: `section ${s.index} · ${s.owner === null ? 'free' : `movable, instance ${s.owner}`} · online in ${s.onlineIn.length ? s.onlineIn.join(', ') : 'none'}`,
      // Monaco sorts by label; keep memory order.
      documentation: String(i).padStart(3, '0'),
    }));
}

function operations(): Completion[] {
  return [
    ...OPERATIONS.map((op) => ({ label: op, kind: 'operation' as const, insertText: op, detail: OPERATION_DOCS[op].syntax, documentation: OPERATION_DOCS[op].kernel })),
    ...SCRIPT_SNIPPETS.map((s) => ({ label: s.label, kind: 'snippet' as const, insertText: s.body, snippet: true, detail: s.detail })),
  ];
}

const DURATION_UNITS = ['s', 'ms', 'us'];
const SIZE_UNITS = ['M', 'K', 'G'];

/** What fits at the cursor, from the text of its line before the cursor. */
export function completionsAt(linePrefix: string, device: DeviceState | null): Completion[] {
  // The statement being typed starts after the last `;`, `{` or `}`.
  const statement = linePrefix.split(/[;{}]/).pop() ?? '';
  // Inside a comment or an unclosed string there is nothing to complete.
  const quotes = (statement.replace(/\\./g, '').match(/"/g) ?? []).length;
  if (quotes % 2 === 1 || statement.replace(/"[^"]*"/g, '').includes('#')) return [];
  // A number being typed: its unit.
  const number = /(?:^|\s)(\d+(?:\.\d+)?)$/.exec(statement);
  if (number) {
    const before = statement.slice(0, number.index).trim().split(/\s+/);
    const op = before[0] ?? '';
    if (op === 'wait' || before.at(-1) === 'timeout' || before.at(-1) === 'for' || /^last\./.test(before.at(-2) ?? '')) return words(DURATION_UNITS, 'unit', 'time unit');
    if (['reserve', 'release', 'request'].includes(op)) return [...words([' sections'], 'unit', 'a count of 16 MiB sections'), ...words(SIZE_UNITS, 'unit', 'binary size unit')];
    return [];
  }
  const parts = statement.trimStart().split(/\s+/);
  const typing = parts.pop() ?? '';
  if (parts.length === 0) return typing.includes('.') ? [] : operations();
  const op = parts[0] ?? '';
  const previous = parts.at(-1) ?? '';
  if (typing.startsWith('last.') || (previous === 'last' && typing.startsWith('.'))) {
    // The editor's word stops at the dot, so only the field is inserted.
    return words([...DURATION_FIELDS, ...COUNT_FIELDS, ...WORD_FIELDS, ...INSTANCE_FIELDS], 'field', 'field of the last switch record');
  }
  if (previous === 'at') return addresses(device);
  if (previous === 'as') return words(['kernel', 'param', 'other'], 'keyword', 'what the loaded file is');
  if (previous === 'for' && (op === 'load' || op === 'reserve' || op === 'release')) return instances(device);
  if (previous === 'timeout' || previous === 'for') return [];
  switch (op) {
    case 'switch':
      return parts.length === 1 ? instances(device) : words(['force', 'timeout'], 'keyword');
    case 'boot':
    case 'terminate':
      return parts.length === 1 ? instances(device) : words(['timeout'], 'keyword');
    case 'wait':
      if (parts.length === 1) return words(['until'], 'keyword', 'wait for an instance state');
      if (parts.length === 2 && previous === 'until') return instances(device);
      if (parts.length === 3) return words(['running', 'sleeping'], 'keyword');
      return words(['timeout'], 'keyword');
    case 'wakelock':
      return parts.length === 1 ? words(['hold', 'release'], 'keyword') : [];
    case 'expect':
      if (parts.length === 1) return [...words(['last.', 'switches'], 'keyword'), ...instances(device)];
      if (parts.length === 2 && device?.instances.some((i) => i.name === previous)) return words([...INSTANCE_STATES], 'keyword', 'instance state');
      return [];
    case 'sim':
      if (parts.length === 1) return words(Object.keys(SIM_ACTIONS), 'keyword', 'simulator scenario');
      if (parts.length === 2 && previous in SIM_ACTIONS) return words(SIM_ACTIONS[previous as keyof typeof SIM_ACTIONS], 'keyword');
      return words(['for'], 'keyword');
    case 'reserve':
    case 'release':
    case 'request':
    case 'load':
      return words(['at', 'for', ...(op === 'load' ? ['as'] : [])], 'keyword');
    default:
      return [];
  }
}
