import type * as Ast from './ast';
import { compare } from './comparison';
import type { Diagnostic, DiagnosticFix, SourceRange } from './diagnostic';
import type { ScriptContext, ScriptInstanceStatus } from './context';
import type { InstanceEntry, InstanceTable } from './instances';
import { amountBytes, overlapping, ramSections, sectionsAre, sectionsCovering } from './memory-map';
import { targetRefusal } from './targets';
import { closest, formatSize, hex } from './units';

interface DryInstance {
  id: number;
  name: string;
  status: ScriptInstanceStatus;
  kernelLoaded: boolean;
  paramLoaded: boolean;
}

interface DrySection {
  online: Set<number>;
  /** The instance a `reserve … for X` set it aside for. */
  reservedFor?: number;
  /** Never online anywhere (carve-out, shared fsw page). */
  fixed: boolean;
}

/** What a wakelock-like blocker does to a switch: bounded ones only delay it. */
interface Blocker {
  what: string;
  unbounded: boolean;
  /** The instance holding it (a wakelock lives in one kernel); null for hardware every instance sees (the cable). */
  instance: number | null;
}

/** A hot-added DIMM as the dry run sees it; `state` is unknown for those the context lists. */
interface DryDimm {
  bytes: number;
  state: Ast.BlockState | undefined;
  /** Line of the `dimm add` that plugged it in; undefined when the machine had it already. */
  line?: number;
}

export interface DryRunResult {
  diagnostics: Diagnostic[];
  /** Switch records the script should produce (switch, boot, request, terminate), repeats multiplied. */
  switches: number;
}

/**
 * Runs the script on a model of the phone's state, from the context's
 * current state, to catch what only order reveals: switching to an instance
 * not booted yet, loading into memory not reserved, booting without a
 * kernel, waiting on an absent instance, switching while something holds
 * a wakelock forever. It models requests, not timing.
 */
export function dryRun(statements: Ast.Statement[], context: ScriptContext, table: InstanceTable, options: { loadSizes?: Record<string, number> } = {}): DryRunResult {
  const memory = context.memory;
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (severity: Diagnostic['severity'], range: SourceRange, code: string, message: string, fix?: DiagnosticFix) => {
    const key = `${code}|${range.offset}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push(fix ? { severity, code, message, range, fix } : { severity, code, message, range });
  };

  const instances = new Map<number, DryInstance>();
  for (const i of context.instances) instances.set(i.id, { id: i.id, name: i.name, status: i.status, kernelLoaded: false, paramLoaded: false });
  const instanceOf = (entry: InstanceEntry): DryInstance => {
    let found = instances.get(entry.id);
    if (!found) {
      found = { id: entry.id, name: entry.name, status: 'absent', kernelLoaded: false, paramLoaded: false };
      instances.set(entry.id, found);
    }
    return found;
  };
  let running = context.instances.find((i) => i.status === 'running')?.id ?? null;

  const sections = new Map<number, DrySection>();
  const alive = context.instances.filter((i) => i.status !== 'absent');
  if (context.sections) {
    for (const s of context.sections) sections.set(s.index, { online: new Set(s.onlineIn), fixed: s.owner === 'reserved' || s.owner === 'shared' });
  } else if (alive.length <= 1 && running !== null) {
    // Only the master is up: it has every System RAM section that is not a carve-out.
    for (const index of ramSections(memory)) {
      const start = index * memory.sectionSize;
      const fixed = overlapping(start, memory.sectionSize, memory.carveouts).length > 0;
      sections.set(index, { online: new Set(fixed ? [] : [running]), fixed });
    }
  }
  // Otherwise the sections are unknown and their rules are skipped.

  let lastEvent = false;
  let switches = 0;
  let repeatDepth = 0;
  const wakelocks = new Map<string, Blocker>();
  const scenario = new Map<string, Blocker>();
  let booting: DryInstance | null = null;
  /** A shell line wrote to load_file: a kernel may have been loaded behind the checker's back. */
  let shellLoads = false;

  const dimms = new Map<string, DryDimm>();
  for (const d of context.hotplug?.dimms ?? []) dimms.set(d.name, { bytes: d.bytes, state: undefined });
  /** Line where each DIMM the script removed went away, for the message when it is named again. */
  const removed = new Map<string, number>();

  const resolve = (ref: Ast.InstanceRef): DryInstance | null => {
    const r = table.resolve(ref);
    return 'entry' in r ? instanceOf(r.entry) : null;
  };
  const runningName = () => (running === null ? 'the running instance' : (instances.get(running)?.name ?? String(running)));
  const bootHint = (target: DryInstance, line: number) => {
    const entry = table.byNumber(target.id);
    return entry?.bootLine !== undefined && entry.bootLine > line ? ` (it boots on line ${entry.bootLine}, below)` : '';
  };
  const lineStartRange = (range: SourceRange): SourceRange => ({ startLine: range.startLine, startCol: range.startCol, endLine: range.startLine, endCol: range.startCol, offset: range.offset, length: 0 });
  const indent = (range: SourceRange) => ' '.repeat(Math.max(0, range.startCol - 1));

  /** Before anything that needs the phone: a child just booted may not be up yet. */
  const needsDevice = (s: Ast.Statement) => {
    if (!booting || booting.status !== 'booting') return;
    const name = booting.name;
    add('warning', s.range, 'order/still-booting', `${name} may still be booting here: wait for it first`, {
      range: lineStartRange(s.range),
      replacement: `wait until ${name} running timeout 90s\n${indent(s.range)}`,
      title: `add 'wait until ${name} running timeout 90s' above`,
    });
    booting.status = 'running';
    booting = null;
  };

  // Only what the suspending kernel itself holds can block its suspend.
  const blockers = (): Blocker[] => [...wakelocks.values(), ...scenario.values()].filter((b) => b.instance === null || b.instance === running);
  const requestSuspend = (s: Ast.Statement & { timeout?: Ast.Duration }, forced: boolean) => {
    const active = blockers();
    if (forced) {
      for (const b of active) {
        if (b.what === 'audio playing') add('info', s.range, 'conflict/forced-audio', 'forcing a switch while audio plays leaves the audio driver in an unexpected state (notes: audio under a forced suspend)');
        if (b.what === 'a wifi transfer') add('info', s.range, 'conflict/forced-wifi', 'forcing a switch during a wifi transfer tears the transfer down (notes: the network must reboot)');
      }
      return;
    }
    const forever = active.find((b) => b.unbounded);
    if (forever) {
      add('warning', s.range, 'order/blocked-forever', `${forever.what} holds a wakelock with no timeout: this request cannot suspend until it ends, so it times out${s.timeout ? ` after ${s.timeout.text}` : ''}; stop it first or add 'force'`);
    }
  };

  const landOn = (target: DryInstance) => {
    if (running !== null && running !== target.id) {
      const from = instances.get(running);
      if (from) from.status = 'sleeping';
    }
    target.status = 'running';
    running = target.id;
    lastEvent = true;
    switches++;
  };

  // Second rounds of nested repeats double per level: past this many steps, one round each.
  let budget = 20_000;
  const run = (list: Ast.Statement[]) => {
    for (const s of list) step(s);
  };

  /** The DIMM a name refers to here, or an error saying why there is none. */
  const dimmNamed = (name: Ast.Word): DryDimm | null => {
    const found = dimms.get(name.text);
    if (found) return found;
    const names = [...dimms.keys()];
    const guess = closest(name.text, names);
    const gone = removed.get(name.text);
    const why = gone !== undefined ? ` (it was removed on line ${gone})` : guess ? `; did you mean '${guess}'?` : names.length ? ` (plugged in: ${names.join(', ')})` : ": add it first with 'dimm add SIZE as NAME'";
    add('error', name.range, 'order/dimm-unknown', `no DIMM named '${name.text}' is plugged in here${why}`, guess && gone === undefined ? { range: name.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    return null;
  };

  const dimmAdd = (s: Ast.DimmAdd) => {
    const bytes = amountBytes(s.amount, memory);
    const existing = dimms.get(s.name.text);
    if (existing) {
      add('error', s.name.range, 'order/dimm-twice', `a DIMM named '${s.name.text}' is already plugged in ${existing.line !== undefined ? `(added on line ${existing.line})` : '(the machine has it now)'}: remove it first or choose another name`);
      return;
    }
    const hotplug = context.hotplug;
    if (hotplug && dimms.size + 1 > hotplug.slots) {
      const names = [...dimms.keys()];
      add('error', s.range, 'order/dimm-slots', `no free DIMM slot: the machine has ${hotplug.slots} (slots=${hotplug.slots})${names.length ? ` and ${names.length === 1 ? 'one is' : `${names.length} are`} plugged in here (${names.join(', ')})` : ''}`);
    } else if (hotplug) {
      const total = [...dimms.values()].reduce((sum, d) => sum + d.bytes, 0) + bytes;
      if (total > hotplug.maxBytes) {
        add('error', s.amount.range, 'order/dimm-maxmem', `${s.amount.text} more makes ${formatSize(total)} of DIMMs, beyond the ${formatSize(hotplug.maxBytes)} that maxmem leaves for hotplug`);
      }
    }
    // Recorded even when refused, so the lines naming it below are not reported again.
    dimms.set(s.name.text, { bytes, state: 'offline', line: s.range.startLine });
    removed.delete(s.name.text);
  };

  const dimmRemove = (s: Ast.DimmRemove) => {
    const dimm = dimmNamed(s.name);
    if (!dimm) return;
    if (dimm.state === 'online') {
      const line = `offline dimm ${s.name.text}`;
      add('warning', s.range, 'order/dimm-online', `DIMM '${s.name.text}' is online here: the guest must offline its blocks before it lets the DIMM go, which may fail; offline it first`, {
        range: lineStartRange(s.range),
        replacement: `${line}\n${indent(s.range)}`,
        title: `add '${line}' above`,
      });
    }
    dimms.delete(s.name.text);
    removed.set(s.name.text, s.range.startLine);
  };

  const dimmBlocks = (s: Ast.DimmBlocks) => {
    const dimm = dimmNamed(s.name);
    if (!dimm) return;
    if (dimm.state === s.state) add('warning', s.range, `order/dimm-already-${s.state}`, `DIMM '${s.name.text}' is already ${s.state} here: the writes fail with EINVAL`);
    dimm.state = s.state;
  };

  /** The section a block statement names, or an error when the context's sections do not have it. */
  const blockNamed = (block: Ast.BlockRef): DrySection | null => {
    if (sections.size === 0) return null;
    const found = sections.get(block.index);
    if (found) return found;
    // Outside RAM on a phone: the static rules say so (memory/outside-ram).
    if (context.target !== 'qemu' && !ramSections(memory).includes(block.index)) return null;
    const known = [...sections.keys()].sort((a, b) => a - b);
    const hint = context.target === 'qemu' ? "; a hot-added DIMM's blocks are reached with 'online dimm NAME'" : '';
    add('error', block.range, 'order/block-unknown', `block ${block.index} is not a memory block of this machine (it has memory${known[0] ?? 0}..memory${known[known.length - 1] ?? 0})${hint}`);
    return null;
  };

  const blockSet = (s: Ast.BlockSet) => {
    if (running === null) return;
    const sec = blockNamed(s.block);
    if (!sec) return;
    const name = `block ${s.block.index} (${hex(s.block.index * memory.sectionSize)})`;
    if (sec.fixed) {
      if (s.state === 'online') add('error', s.block.range, 'order/block-fixed', `${name} is a carve-out or the shared fsw page: no kernel may online it`);
      else add('warning', s.range, 'order/block-already-offline', `${name} is a carve-out, offline in every kernel: the write fails with EINVAL`);
      return;
    }
    if (s.state === 'offline') {
      if (!sec.online.has(running)) add('warning', s.range, 'order/block-already-offline', `${name} is already offline in ${runningName()}: the write fails with EINVAL`);
      sec.online.delete(running);
      return;
    }
    if (sec.online.has(running)) add('warning', s.range, 'order/block-already-online', `${name} is already online in ${runningName()}: the write fails with EINVAL`);
    for (const other of instances.values()) {
      if (other.id === running || other.status === 'absent' || !sec.online.has(other.id)) continue;
      add('error', s.range, 'order/online-elsewhere', `${name} is online in ${other.name}: offline it there first, or two kernels share it`);
    }
    sec.online.add(running);
  };

  const step = (s: Ast.Statement) => {
    budget--;
    // Refused on this target (static-rules.ts says why): nothing to model.
    if (targetRefusal(s, context.target)) return;
    switch (s.op) {
      case 'reserve':
      case 'release': {
        needsDevice(s);
        if (running === null) return;
        const indices = sectionsCovering(s.at.value, amountBytes(s.amount, memory), memory).filter((i) => sections.has(i));
        const target = s.for ? resolve(s.for) : null;
        if (s.op === 'reserve') {
          if (target && target.id === running) {
            add('warning', s.for?.range ?? s.range, 'order/reserve-for-self', `${target.name} is the running instance: reserving memory for itself only takes it away; name the instance that will use it`);
          }
          const already = indices.filter((i) => !sections.get(i)?.online.has(running as number) && !sections.get(i)?.fixed);
          if (already.length) add('error', s.range, 'order/already-offline', `${sectionsAre(already, memory)} already offline in ${runningName()}: nothing to reserve there`);
          for (const i of indices) {
            const sec = sections.get(i) as DrySection;
            sec.online.delete(running);
            if (target) sec.reservedFor = target.id;
            else delete sec.reservedFor;
          }
        } else {
          const already = indices.filter((i) => sections.get(i)?.online.has(running as number));
          if (already.length) add('error', s.range, 'order/already-online', `${sectionsAre(already, memory)} already online in ${runningName()}: nothing to release there`);
          for (const other of instances.values()) {
            if (other.id === running || other.status === 'absent') continue;
            const taken = indices.filter((i) => sections.get(i)?.online.has(other.id));
            if (taken.length) add('error', s.range, 'order/online-elsewhere', `${sectionsAre(taken, memory)} online in ${other.name}: offline them there first (reserve … for ${runningName()} in ${other.name})`);
          }
          if (target) {
            const others = indices.filter((i) => {
              const r = sections.get(i)?.reservedFor;
              return r !== undefined && r !== target.id;
            });
            if (others.length) {
              const owner = instances.get(sections.get(others[0] as number)?.reservedFor as number)?.name ?? '?';
              add('warning', s.for?.range ?? s.range, 'order/reserved-for-other', `${sectionsAre(others, memory)} reserved for ${owner}, not ${target.name}`);
            }
          }
          for (const i of indices) {
            const sec = sections.get(i) as DrySection;
            if (!sec.fixed) sec.online.add(running);
            delete sec.reservedFor;
          }
        }
        return;
      }
      case 'load': {
        needsDevice(s);
        const target = s.for ? resolve(s.for) : null;
        if (target && target.status !== 'absent') {
          add('error', s.range, 'order/load-live-instance', `${target.name} is ${target.status}: loading for it would overwrite a live instance's memory`);
        }
        const size = s.source.kind === 'file' && !s.source.onDevice ? options.loadSizes?.[s.source.path] : undefined;
        const indices = sectionsCovering(s.at.value, size ?? 1, memory).filter((i) => sections.has(i));
        if (running !== null) {
          const mine = indices.filter((i) => sections.get(i)?.online.has(running as number));
          if (mine.length) {
            const first = mine[0] as number;
            const start = first * memory.sectionSize;
            const bytes = mine.length * memory.sectionSize;
            const message = `load into memory not reserved: ${sectionsAre(mine, memory)} online in ${runningName()}; reserve it above`;
            // Offer the reserve line only where it would itself be clean: contiguous, movable, nobody else's.
            const contiguous = (mine[mine.length - 1] as number) - first + 1 === mine.length;
            const forbidden = [...memory.carveouts, ...memory.bootloaderRanges, ...(memory.kernelcore ? [{ name: 'kernelcore', ...memory.kernelcore }] : [])];
            if (contiguous && overlapping(start, bytes, forbidden).length === 0) {
              const line = `reserve ${mine.length} section${mine.length > 1 ? 's' : ''} at ${hex(start)}${target ? ` for ${target.name}` : ''}`;
              add('error', s.at.range, 'order/load-not-reserved', message, { range: lineStartRange(s.range), replacement: `${line}\n${indent(s.range)}`, title: `add '${line}' above` });
            } else {
              add('error', s.at.range, 'order/load-not-reserved', message);
            }
          }
        }
        for (const other of instances.values()) {
          if (other.id === running || other.status === 'absent' || other.id === target?.id) continue;
          const theirs = indices.filter((i) => sections.get(i)?.online.has(other.id));
          if (theirs.length) add('error', s.at.range, 'order/load-overwrites', `load would overwrite ${other.name}'s memory: ${sectionsAre(theirs, memory)} online in it`);
        }
        if (target) {
          const elsewhere = indices.filter((i) => {
            const r = sections.get(i)?.reservedFor;
            return r !== undefined && r !== target.id;
          });
          if (elsewhere.length) {
            const owner = instances.get(sections.get(elsewhere[0] as number)?.reservedFor as number)?.name ?? '?';
            add('warning', s.at.range, 'order/reserved-for-other', `${sectionsAre(elsewhere, memory)} reserved for ${owner}, not ${target.name}`);
          }
          const nature = s.nature?.value ?? (s.source.kind === 'atags' ? 'param' : 'other');
          if (nature === 'kernel') target.kernelLoaded = true;
          if (nature === 'param') target.paramLoaded = true;
        }
        return;
      }
      case 'boot': {
        needsDevice(s);
        const target = resolve(s.instance);
        if (!target) return;
        if (target.status !== 'absent') {
          add('error', s.range, 'order/already-booted', `${target.name} is already booted (${target.status})`);
          return;
        }
        if (!target.kernelLoaded && shellLoads) {
          add('warning', s.range, 'order/boot-without-kernel', `boot ${target.name}: no 'load … as kernel for ${target.name}' above, only shell lines writing to load_file, which the checker cannot follow`);
        } else if (!target.kernelLoaded) {
          add('error', s.range, 'order/boot-without-kernel', `boot ${target.name} without a kernel loaded: add 'load "zImage" at ADDRESS as kernel for ${target.name}' above`);
        } else if (!target.paramLoaded) {
          add('warning', s.range, 'order/boot-without-atags', `no boot parameters loaded for ${target.name}: add 'load atags at ADDRESS as param for ${target.name}' above, or it boots with stale ATAGs`);
        }
        requestSuspend(s, false);
        for (const sec of sections.values()) {
          if (sec.reservedFor === target.id) sec.online.add(target.id);
        }
        landOn(target);
        target.status = 'booting';
        booting = target;
        return;
      }
      case 'switch': {
        needsDevice(s);
        const target = resolve(s.instance);
        if (!target) return;
        if (target.status === 'absent') {
          add('error', s.instance.range, 'order/switch-absent', `switch to ${target.name}, which is not booted yet${bootHint(target, s.range.startLine)}`);
          return;
        }
        requestSuspend(s, s.force !== undefined);
        landOn(target);
        return;
      }
      case 'request': {
        needsDevice(s);
        const givers = [...instances.values()].filter((i) => i.id !== running && i.status === 'sleeping');
        if (givers.length === 0) add('warning', s.range, 'order/request-nobody', 'no other instance is booted: nobody can give sections, so the request comes back empty');
        requestSuspend(s, false);
        lastEvent = true;
        // The round robin resumes each sleeping instance in turn, then the requester: one switch per leg.
        switches += givers.length + 1;
        return;
      }
      case 'terminate': {
        needsDevice(s);
        const target = resolve(s.instance);
        if (!target || target.id === 1) return;
        if (target.status === 'absent') {
          add('error', s.instance.range, 'order/terminate-absent', `${target.name} is not booted: nothing to terminate`);
          return;
        }
        if (target.id === running) {
          add('error', s.instance.range, 'order/terminate-running', `${target.name} is running: switch to the master and terminate it from there`);
          return;
        }
        if (running !== 1) {
          add('error', s.range, 'order/terminate-not-master', `only the master reclaims a child's memory: switch to ${instances.get(1)?.name ?? 'instance 1'} first`);
          return;
        }
        for (const sec of sections.values()) {
          if (sec.online.delete(target.id) || sec.reservedFor === target.id) {
            sec.online.add(running);
            delete sec.reservedFor;
          }
        }
        target.status = 'absent';
        target.kernelLoaded = false;
        target.paramLoaded = false;
        lastEvent = true;
        switches++;
        return;
      }
      case 'wait-until': {
        const target = resolve(s.instance);
        if (!target) return;
        const want = s.state.value;
        if (target.status === 'absent') {
          add('error', s.instance.range, 'order/wait-absent', `wait until ${target.name} ${want}: ${target.name} is absent here${bootHint(target, s.range.startLine)}, so this can only time out`);
        } else if (target.status === 'booting' && want === 'running') {
          target.status = 'running';
          if (booting === target) booting = null;
        } else if (target.status !== want && !(target.status === 'booting' && want === 'sleeping')) {
          add('warning', s.range, 'order/wait-never', `${target.name} is ${target.status} here and nothing above changes that: this wait will time out`);
        }
        return;
      }
      case 'wait':
        return;
      case 'repeat': {
        if (s.count <= 0) return;
        const before = switches;
        repeatDepth++;
        run(s.body);
        const perRound = switches - before;
        // A second round catches what only the wrap-around reveals (a reserve that is not undone).
        if (s.count >= 2 && budget > 0) run(s.body);
        repeatDepth--;
        switches = before + perRound * s.count;
        return;
      }
      case 'wakelock-hold':
        needsDevice(s);
        wakelocks.set(`${running}:${s.name.text}`, { what: `wakelock '${s.name.text}'`, unbounded: s.duration === undefined, instance: running });
        return;
      case 'wakelock-release':
        needsDevice(s);
        if (!wakelocks.delete(`${running}:${s.name.text}`)) add('warning', s.name.range, 'order/unlock-unheld', `wakelock '${s.name.text}' is not held by this script in ${runningName()}`);
        return;
      case 'shell':
        needsDevice(s);
        if (s.command.includes('load_file')) shellLoads = true;
        return;
      case 'mark':
        return;
      case 'expect':
        expect(s);
        return;
      case 'sim': {
        const key = s.device;
        const bounded = s.duration !== undefined;
        if (s.device === 'cable') {
          if (s.action === 'attach') scenario.set(key, { what: "the USB cable's vbus", unbounded: !bounded, instance: null });
          else scenario.delete(key);
        } else if (s.device === 'audio') {
          if (s.action === 'play') scenario.set(key, { what: 'audio playing', unbounded: !bounded, instance: running });
          else scenario.delete(key);
        } else if (s.action === 'busy') {
          // Wifi wakelocks carry timeouts (type 1): they delay a switch, never block it for good.
          scenario.set(key, { what: 'a wifi transfer', unbounded: false, instance: running });
        } else {
          scenario.delete(key);
        }
        return;
      }
      case 'suspend':
        // One measured cycle: the analyser's plain-suspend record.
        needsDevice(s);
        lastEvent = true;
        switches++;
        return;
      case 'dimm-add':
        dimmAdd(s);
        return;
      case 'dimm-remove':
        dimmRemove(s);
        return;
      case 'dimm-blocks':
        dimmBlocks(s);
        return;
      case 'block':
        needsDevice(s);
        blockSet(s);
        return;
      case 'invalid':
        return;
    }
  };

  const expect = (s: Ast.Expect) => {
    const e = s.expectation;
    if (e.kind === 'instance-state') {
      const target = resolve(e.instance);
      if (target && target.status !== e.state && !(repeatDepth > 0)) {
        add('warning', s.range, 'expect/state', `the dry run has ${target.name} ${target.status} here, not ${e.state}`);
      }
      return;
    }
    if (e.kind === 'switch-count') {
      if (repeatDepth === 0 && !compare(switches, e.op, e.value)) {
        add('warning', s.range, 'expect/switch-count', `the script makes ${switches} switch${switches === 1 ? '' : 'es'} up to here, so 'switches ${e.op} ${e.value}' cannot hold`);
      }
      return;
    }
    if (e.kind === 'block-state') {
      const sec = blockNamed(e.block);
      const online = sec && running !== null ? sec.online.has(running) : undefined;
      if (online !== undefined && (online ? 'online' : 'offline') !== e.state && repeatDepth === 0) {
        add('warning', s.range, 'expect/state', `the dry run has block ${e.block.index} ${online ? 'online' : 'offline'} here, not ${e.state}`);
      }
      return;
    }
    if (e.kind === 'dimm-state') {
      const dimm = dimmNamed(e.name);
      if (dimm?.state !== undefined && dimm.state !== e.state && repeatDepth === 0) {
        add('warning', s.range, 'expect/state', `the dry run has DIMM '${e.name.text}' ${dimm.state} here, not ${e.state}`);
      }
      return;
    }
    if (!lastEvent) {
      const events = context.target === 'qemu' ? 'no suspend above' : 'no switch, boot, request or terminate above';
      add('warning', s.range, 'expect/no-last', `${events}: 'last' refers to nothing yet`);
    }
    if (e.kind === 'last-instance') resolve(e.value);
  };

  run(statements);
  return { diagnostics, switches };
}
