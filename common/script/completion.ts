import { BLOCK_STATES, COUNT_FIELDS, DURATION_FIELDS, INSTANCE_FIELDS, INSTANCE_STATES, OUTCOMES, SIM_ACTIONS, SUSPEND_STATES, SWITCH_KINDS, WORD_FIELDS } from './ast';
import type { ScriptContext } from './context';
import type { SourceRange } from './diagnostic';
import { LineMap } from './diagnostic';
import { collect, InstanceTable } from './instances';
import { lex, type Token } from './lexer';
import { overlapping, ramSections } from './memory-map';
import { OPERATION_DOCS } from './operation-docs';
import { parse } from './parser';
import { formatSize, hex, OPERATIONS } from './units';

export type CompletionKind = 'operation' | 'keyword' | 'instance' | 'address' | 'unit' | 'field' | 'value';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Text to put in place of `range`. */
  insertText: string;
  detail?: string;
  documentation?: string;
}

export interface Completions {
  /** What the items replace: the word being typed, or an empty range at the cursor. */
  range: SourceRange;
  items: CompletionItem[];
}

const kw = (words: readonly string[], detail?: string): CompletionItem[] => words.map((w) => ({ label: w, kind: 'keyword', insertText: w, ...(detail ? { detail } : {}) }));

/**
 * What may come next at `offset` in a script: operations at the start of a
 * statement, instance names (the phone's and those a `boot` introduces),
 * section addresses after `at`, units, fields and values. For the editor;
 * pure and never throws on a sensible offset.
 */
export function completeAt(text: string, offset: number, context: ScriptContext): Completions {
  const at = Math.max(0, Math.min(offset, text.length));
  const lines = new LineMap(text);
  const lineStart = lines.lineStart(lines.position(at).line);
  const before = text.slice(lineStart, at);
  const lexed = lex(before).tokens.filter((t) => t.kind !== 'eof' && t.kind !== 'newline');
  // Only the statement being typed counts: after the last ';', '{' or '}' on the line.
  let start = 0;
  lexed.forEach((t, i) => {
    if (t.kind === 'semi' || t.kind === 'lbrace' || t.kind === 'rbrace') start = i + 1;
  });
  const tokens = lexed.slice(start);
  const last = tokens[tokens.length - 1];
  const atCursor = last !== undefined && last.range.offset + last.range.length === before.length;
  const openString = last?.kind === 'string' && atCursor && !(last.text.length >= 2 && last.text.endsWith(last.text.charAt(0)));
  if (last?.kind === 'comment' || openString) return { range: lines.range(at, 0), items: [] };
  const typing = last !== undefined && (last.kind === 'word' || last.kind === 'number') && atCursor;
  const done = typing ? tokens.slice(0, -1) : tokens;
  const range = typing && last ? lines.range(lineStart + last.range.offset, last.range.length) : lines.range(at, 0);
  return { range, items: suggest(done, text, context) };
}

function suggest(done: Token[], text: string, context: ScriptContext): CompletionItem[] {
  const words = done.map((t) => t.text);
  const op = words[0];
  const prev = words[words.length - 1];
  const instances = (): CompletionItem[] => {
    const table = new InstanceTable(parse(text).script, context);
    return table.names().map((name) => {
      const known = context.instances.find((i) => i.name === name);
      return { label: name, kind: 'instance', insertText: name, detail: known ? `instance ${known.id}, ${known.status}` : 'booted by this script' };
    });
  };

  if (done.length === 0) {
    return OPERATIONS.map((o) => ({ label: o, kind: 'operation', insertText: o, detail: OPERATION_DOCS[o].syntax, documentation: OPERATION_DOCS[o].summary }));
  }
  if (prev === 'at' && (op === 'reserve' || op === 'load' || op === 'request')) return addresses(op, context);
  const dimms = (): CompletionItem[] => dimmNames(text, context).map((name) => ({ label: name, kind: 'value', insertText: name, detail: 'DIMM' }));
  if (prev === 'for' && op !== 'sim' && op !== 'wakelock' && op !== 'suspend') return instances();
  if (prev === 'as' && op === 'load') return kw(['kernel', 'param', 'other'], 'what the kernel records the address as');
  if (prev === 'timeout' || (prev === 'for' && op === 'suspend')) return durations();

  switch (op) {
    case 'reserve':
    case 'release':
    case 'request':
      if (done.length === 2 && done[1]?.kind === 'number' && done[1].unit === '') return kw(['sections'], 'sparsemem sections (memory blocks)');
      if (done.length === 3 || (done.length === 2 && done[1]?.unit)) return kw(op === 'request' ? ['at', 'timeout'] : ['at']);
      if (done.length === 4 || done.length === 5) return kw(op === 'request' ? ['timeout'] : ['for']);
      return [];
    case 'load':
      if (done.length === 1) return kw(['atags'], "the master's saved boot parameters");
      if (done.length === 2) return kw(['at']);
      return kw(['as', 'for'].filter((w) => !words.includes(w)));
    case 'boot':
    case 'terminate':
      return done.length === 1 ? instances() : kw(['timeout']);
    case 'switch':
      return done.length === 1 ? instances() : kw(['force', 'timeout'].filter((w) => !words.includes(w)));
    case 'wait':
      if (done.length === 1) return [...kw(['until']), ...durations()];
      if (done.length === 2 && prev === 'until') return instances();
      if (done.length === 3 && words[1] === 'until') return kw(['running', 'sleeping']);
      if (done.length === 4 && words[1] === 'until') return kw(['timeout']);
      return [];
    case 'wakelock':
      return done.length === 1 ? kw(['hold', 'release']) : done.length === 3 && words[1] === 'hold' ? kw(['for']) : [];
    case 'sim': {
      if (done.length === 1) return kw(Object.keys(SIM_ACTIONS), 'simulator scenario');
      const actions = SIM_ACTIONS[words[1] as keyof typeof SIM_ACTIONS];
      if (done.length === 2 && actions) return kw(actions);
      if (done.length === 3 && actions && words[2] === actions[0]) return kw(['for']);
      return [];
    }
    case 'expect':
      return expectations(done, instances, dimms, context);
    case 'suspend':
      if (done.length === 1) return kw(SUSPEND_STATES, 'mem: suspend to RAM (S3); freeze: suspend to idle');
      return kw(['for', 'timeout'].filter((w) => !words.includes(w)));
    case 'dimm':
      if (done.length === 1) return kw(['add', 'remove']);
      if (words[1] === 'remove') return done.length === 2 ? dimms() : [];
      if (done.length === 2) return [1, 2, 8].map((n) => formatSize(n * context.memory.sectionSize)).map((size) => ({ label: size, kind: 'unit', insertText: size, detail: 'whole memory blocks' }));
      return done.length === 3 ? kw(['as']) : [];
    case 'online':
    case 'offline':
      if (done.length === 1) return kw(['block', 'dimm']);
      if (words[1] === 'dimm') return done.length === 2 ? dimms() : [];
      if (done.length === 2) return blocks(op, context);
      return done.length === 3 && op === 'online' ? kw(['movable'], 'online_movable: into ZONE_MOVABLE') : [];
    case 'repeat':
      return done.length === 2 ? kw(['{']) : [];
    default:
      return [];
  }
}

function expectations(done: Token[], instances: () => CompletionItem[], dimms: () => CompletionItem[], context: ScriptContext): CompletionItem[] {
  const words = done.map((t) => t.text);
  if (done.length === 1) return [...kw(['last', 'switches', 'block', ...(context.target === 'qemu' ? ['dimm'] : [])]), ...instances()];
  if (words[1] === 'block' || words[1] === 'dimm') {
    if (done.length === 2) return words[1] === 'dimm' ? dimms() : blocks('expect', context);
    return done.length === 3 ? BLOCK_STATES.map((s): CompletionItem => ({ label: s, kind: 'value', insertText: s })) : [];
  }
  if (words[1] === 'last') {
    if (done.length === 3 && words[2] === '.') {
      const fields: [readonly string[], string][] = [[DURATION_FIELDS, 'duration'], [COUNT_FIELDS, 'count'], [WORD_FIELDS, 'word'], [INSTANCE_FIELDS, 'instance']];
      return fields.flatMap(([list, detail]) => list.map((f): CompletionItem => ({ label: f, kind: 'field', insertText: f, detail })));
    }
    if (done.length === 5) {
      const field = words[3];
      if (field === 'outcome') return OUTCOMES.map((v): CompletionItem => ({ label: v, kind: 'value', insertText: v }));
      if (field === 'kind') return SWITCH_KINDS.map((v): CompletionItem => ({ label: v, kind: 'value', insertText: v }));
      if (field === 'from' || field === 'to') return instances();
      if ((DURATION_FIELDS as readonly string[]).includes(field ?? '')) return durations();
    }
    return [];
  }
  if (done.length === 2 && words[1] !== 'switches') return INSTANCE_STATES.map((s): CompletionItem => ({ label: s, kind: 'value', insertText: s }));
  return [];
}

/** DIMMs the context has plugged in and those the script adds. */
function dimmNames(text: string, context: ScriptContext): string[] {
  const names = new Set((context.hotplug?.dimms ?? []).map((d) => d.name));
  for (const add of collect(parse(text).script.statements, 'dimm-add')) names.add(add.name.text);
  return [...names];
}

/** Block numbers worth offering: offline ones for `online`, online ones for `offline`, every known one for `expect`. */
function blocks(op: string, context: ScriptContext): CompletionItem[] {
  const running = context.instances.find((i) => i.status === 'running')?.id;
  const known = context.sections ?? ramSections(context.memory).map((index) => ({ index, onlineIn: running === undefined ? [] : [running] }));
  return known
    .filter((s) => {
      const online = running !== undefined && s.onlineIn.includes(running);
      return op === 'expect' || (op === 'online' ? !online : online);
    })
    .map((s) => ({ label: String(s.index), kind: 'value', insertText: String(s.index), detail: `memory${s.index} (${hex(s.index * context.memory.sectionSize)})` }));
}

function durations(): CompletionItem[] {
  return ['1s', '3s', '300ms', '90s'].map((d) => ({ label: d, kind: 'unit', insertText: d, detail: 'duration (s, ms, us)' }));
}

/**
 * Section starts worth offering: for `reserve`, movable sections the running
 * instance has online; for `load` and `request`, sections no live instance
 * has online (reserved or free). From the context's current state.
 */
function addresses(op: string, context: ScriptContext): CompletionItem[] {
  const memory = context.memory;
  const running = context.instances.find((i) => i.status === 'running')?.id;
  // Only addresses the checker would accept without a word: pinned sections are left out too.
  const forbidden = [...memory.carveouts, ...memory.bootloaderRanges, ...memory.pinned, ...(memory.kernelcore ? [{ name: 'kernelcore', ...memory.kernelcore }] : [])];
  const state = new Map((context.sections ?? []).map((s) => [s.index, s]));
  const items: CompletionItem[] = [];
  for (const index of ramSections(memory)) {
    const start = index * memory.sectionSize;
    if (overlapping(start, memory.sectionSize, forbidden).length > 0) continue;
    const section = state.get(index);
    const onlineIn = section ? section.onlineIn : running !== undefined ? [running] : [];
    const wanted = op === 'reserve' ? running !== undefined && onlineIn.includes(running) : onlineIn.length === 0;
    if (!wanted) continue;
    const address = hex(start);
    items.push({ label: address, kind: 'address', insertText: address, detail: `section ${index}${op === 'reserve' ? `, online in ${context.instances.find((i) => i.id === running)?.name ?? 'the running instance'}` : ', offline everywhere'}` });
  }
  return items;
}
