import type * as Ast from './ast';
import { SUSPEND_DEFAULTS } from './ast';
import type { Diagnostic, DiagnosticFix, SourceRange } from './diagnostic';
import { spanOf } from './diagnostic';
import type { ScriptContext } from './context';
import type { InstanceTable } from './instances';
import { amountBytes, describeRange, overlapping, ramEnd, ramSections } from './memory-map';
import { describeTarget, targetRefusal } from './targets';
import { formatSize, hex } from './units';

const DAY_MS = 24 * 3600 * 1000;
const MAX_REPEAT = 100_000;

export interface StaticOptions {
  /** Byte size of each host file a `load` names (path as written), when the caller could stat it. */
  fileSizes?: Record<string, number>;
}

/**
 * Rules that need no order: units and ranges, alignment and bounds against
 * the memory map, what the profile's interface offers, instance names, and
 * what the target accepts.
 */
export function staticRules(statements: Ast.Statement[], context: ScriptContext, instances: InstanceTable, options: StaticOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (severity: Diagnostic['severity'], range: SourceRange, code: string, message: string, fix?: DiagnosticFix) => {
    out.push(fix ? { severity, code, message, range, fix } : { severity, code, message, range });
  };
  const instance = (ref: Ast.InstanceRef | undefined) => {
    if (!ref) return undefined;
    const resolved = instances.resolve(ref);
    if ('diagnostic' in resolved) {
      out.push(resolved.diagnostic);
      return undefined;
    }
    return resolved.entry;
  };
  const duration = (d: Ast.Duration | undefined, what: string, allowZero = false) => {
    if (!d || !Number.isFinite(d.ms)) return;
    if (d.ms < 0) add('error', d.range, 'range/negative-duration', `${what} cannot be negative`);
    else if (d.ms === 0 && !allowZero) add('error', d.range, 'range/zero-duration', `${what} must be longer than 0`);
    else if (d.ms > DAY_MS) add('error', d.range, 'range/long-duration', `${what} of ${d.text} is longer than a day; a lab script should not wait that long`);
  };
  const memory = context.memory;

  const checkBlocks = (node: Ast.Reserve | Ast.Release | Ast.Request, at: Ast.Address | undefined) => {
    const bytes = amountBytes(node.amount, memory);
    const sections = Math.floor(bytes / memory.sectionSize);
    if (bytes <= 0) {
      add('error', node.amount.range, 'range/zero-amount', `${node.op} needs at least one section`);
      return;
    }
    if (bytes % memory.sectionSize !== 0) {
      const rounded = Math.ceil(bytes / memory.sectionSize);
      add('error', node.amount.range, 'memory/partial-section', `${node.amount.text} is not a whole number of ${formatSize(memory.sectionSize)} sections`, {
        range: node.amount.range,
        replacement: `${rounded} sections`,
        title: `use ${rounded} sections (${formatSize(rounded * memory.sectionSize)})`,
      });
      return;
    }
    const total = ramSections(memory).length;
    if (sections > total) {
      add('error', node.amount.range, 'memory/too-many-sections', `${node.amount.text} is more than the ${total} sections of RAM`);
      return;
    }
    if (!at) return;
    if (at.value % memory.sectionSize !== 0) {
      const down = at.value - (at.value % memory.sectionSize);
      add('error', at.range, 'memory/unaligned', `${at.text} is not aligned to the ${formatSize(memory.sectionSize)} section size`, {
        range: at.range,
        replacement: hex(down),
        title: `use ${hex(down)}, the start of its section`,
      });
      return;
    }
    const end = at.value + bytes;
    if (at.value < memory.ramBase || end > ramEnd(memory)) {
      add('error', spanOf(node.amount.range, at.range), 'memory/outside-ram', `${node.amount.text} at ${at.text} runs outside RAM (${hex(memory.ramBase)}..${hex(ramEnd(memory) - 1)})`);
      return;
    }
    const where = spanOf(node.amount.range, at.range);
    for (const carveout of overlapping(at.value, bytes, memory.carveouts)) {
      add('error', where, 'memory/carveout', `${node.op} covers the ${describeRange(carveout)} carve-out, which no kernel may take`);
    }
    if (node.op === 'release') return;
    for (const range of overlapping(at.value, bytes, memory.bootloaderRanges)) {
      add('error', where, 'memory/bootloader', `${node.op} covers the boot loader's ${describeRange(range)}: it is overwritten at every boot, so only the master may own it`);
    }
    if (memory.kernelcore && overlapping(at.value, bytes, [{ name: 'kernelcore', ...memory.kernelcore }]).length > 0) {
      const k = memory.kernelcore;
      add('error', where, 'memory/kernelcore', `${node.op} covers the master's kernelcore (${hex(k.start)}..${hex(k.start + k.size - 1)}): that memory is not movable and cannot go offline`);
    }
    for (const pinned of overlapping(at.value, bytes, memory.pinned)) {
      add('warning', where, 'memory/pinned', `${node.op} covers the ${describeRange(pinned)}: the kernel keeps it, so its section may refuse to go offline`);
    }
  };

  const checkLoad = (node: Ast.Load) => {
    const target = instance(node.for);
    const nature = node.nature?.value ?? (node.source.kind === 'atags' ? 'param' : 'other');
    if (!node.for && nature !== 'other') {
      add('error', node.nature?.range ?? node.range, 'load/needs-instance', `load as ${nature} needs 'for INSTANCE': without it the kernel writes the address into instance 0's page, which is the fsw header (the wakelock-skip word)`);
    }
    if (target && target.id === 1 && nature !== 'other') {
      add('error', node.for?.range ?? node.range, 'load/master', `the master (${target.name}) is started by the boot loader; a ${nature} for it is never used`);
    }
    const at = node.at;
    const size = node.source.kind === 'file' && !node.source.onDevice ? options.fileSizes?.[node.source.path] : undefined;
    const bytes = Math.max(1, size ?? 1);
    if (at.value < memory.ramBase || at.value + bytes > ramEnd(memory)) {
      add('error', at.range, 'memory/outside-ram', `load at ${at.text}${size ? ` (${formatSize(size)})` : ''} is outside RAM (${hex(memory.ramBase)}..${hex(ramEnd(memory) - 1)})`);
      return;
    }
    for (const carveout of overlapping(at.value, bytes, memory.carveouts)) {
      add('error', at.range, 'memory/carveout', `load at ${at.text} writes into the ${describeRange(carveout)} carve-out`);
    }
    for (const range of overlapping(at.value, bytes, memory.bootloaderRanges)) {
      add('error', at.range, 'memory/bootloader', `load at ${at.text} writes into the boot loader's ${describeRange(range)}, which it overwrites when the instance boots`);
    }
    if (nature === 'kernel' && memory.fswBase !== undefined && at.value >= memory.fswBase) {
      add('error', at.range, 'load/kernel-limit', `a zImage at ${at.text} is out of the kernel's limits (${hex(memory.ramBase)}..${hex(memory.fswBase)}): the boot would be cancelled`);
    }
    if (nature === 'kernel' && node.source.kind === 'atags') {
      add('warning', node.nature?.range ?? node.range, 'load/atags-as-kernel', 'atags loaded as kernel: the boot would jump into the boot parameters');
    }
  };

  const walk = (list: Ast.Statement[]) => {
    for (const s of list) {
      const refused = targetRefusal(s, context.target);
      if (refused) {
        out.push(refused);
        // A Fastswitch line on qemu gets this one message, not the phone's rules as well.
        if (context.target === 'qemu') continue;
      }
      switch (s.op) {
        case 'reserve':
        case 'release':
          checkBlocks(s, s.at);
          instance(s.for);
          break;
        case 'request':
          if (context.interface !== 'fsw-notes') {
            add('error', s.range, 'interface/request', `request needs the fsw-notes interface (mem_request); this profile has ${context.interface}, the public 2012 kernel, which cannot request sections`);
          }
          checkBlocks(s, s.at);
          duration(s.timeout, 'timeout');
          break;
        case 'terminate': {
          if (context.interface !== 'fsw-notes') {
            add('error', s.range, 'interface/terminate', `terminate needs the fsw-notes interface (TERMINATE mode); this profile has ${context.interface}, the public 2012 kernel, which has no TERMINATE`);
          }
          const target = instance(s.instance);
          if (target?.id === 1) add('error', s.instance.range, 'instance/terminate-master', `${target.name} is the master (instance 1): it cannot be terminated, only powered off`);
          duration(s.timeout, 'timeout');
          break;
        }
        case 'load':
          checkLoad(s);
          break;
        case 'boot': {
          const target = instance(s.instance);
          if (target?.id === 1) add('error', s.instance.range, 'instance/boot-master', `${target.name} is the master (instance 1): the boot loader starts it, a boot request cannot (BOOT takes 2..${context.maxInstances})`);
          duration(s.timeout, 'timeout');
          break;
        }
        case 'switch':
          instance(s.instance);
          duration(s.timeout, 'timeout');
          break;
        case 'wait':
          if (s.duration.ms === 0) add('warning', s.duration.range, 'range/zero-wait', 'wait 0 does nothing');
          else duration(s.duration, 'wait');
          break;
        case 'wait-until':
          instance(s.instance);
          duration(s.timeout, 'timeout');
          break;
        case 'repeat':
          if (s.count === 0) add('warning', s.countRange, 'range/repeat-zero', 'repeat 0 never runs its lines');
          else if (s.count > MAX_REPEAT) add('error', s.countRange, 'range/repeat-too-many', `repeat ${s.count} is more than ${MAX_REPEAT} rounds`);
          if (s.body.length === 0) add('warning', s.range, 'range/repeat-empty', 'this repeat has nothing to repeat');
          walk(s.body);
          break;
        case 'wakelock-hold':
        case 'wakelock-release':
          if (s.name.text.length === 0 || /\s/.test(s.name.text)) {
            add('error', s.name.range, 'wakelock/bad-name', `a wakelock name must be one word without spaces (Android splits /sys/power/wake_lock on whitespace)`);
          }
          if (s.op === 'wakelock-hold') duration(s.duration, 'wakelock hold');
          break;
        case 'shell':
          if (s.command.trim().length === 0) add('error', s.range, 'shell/empty', 'shell needs a command inside the quotes');
          else if (/\/d\/fsw\/|\/sys\/devices\/system\/memory\/|\/sys\/kernel\/debug\/fsw\//.test(s.command)) {
            add('info', s.range, 'shell/untracked', 'the checker does not follow what shell commands change: its dry run may drift from the phone after this line');
          }
          break;
        case 'mark':
          if (s.label.trim().length === 0) add('warning', s.range, 'mark/empty', 'mark has an empty label');
          break;
        case 'expect':
          checkExpectation(s);
          break;
        case 'sim':
          if (context.target !== 'sim') {
            add('error', s.range, 'target/sim-only', `sim lines change the simulator's scenario; the target is ${describeTarget(context.target)}`);
          }
          duration(s.duration, `sim ${s.device} ${s.action} for`);
          break;
        case 'suspend':
          duration(s.duration, `suspend ${s.state.value} for`, true);
          duration(s.timeout, 'timeout');
          if (s.duration && s.duration.ms >= (s.timeout?.ms ?? SUSPEND_DEFAULTS.timeoutMs)) {
            const limit = s.timeout ? s.timeout.text : `${SUSPEND_DEFAULTS.timeoutMs / 1000}s (the default)`;
            add('warning', s.timeout?.range ?? s.duration.range, 'range/suspend-timeout', `the machine sleeps ${s.duration.text} but the cycle times out after ${limit}: make the timeout longer than the sleep`);
          }
          break;
        case 'dimm-add':
          checkDimm(s);
          break;
        case 'block':
          checkBlock(s);
          break;
        case 'dimm-remove':
        case 'dimm-blocks':
        case 'invalid':
          break;
      }
    }
  };

  /** A DIMM's QMP id and its size: whole memory blocks, because Linux onlines a DIMM block by block. */
  const checkDimm = (s: Ast.DimmAdd) => {
    if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(s.name.text)) {
      add('error', s.name.range, 'dimm/bad-name', `'${s.name.text}' cannot name a DIMM: QEMU ids start with a letter and hold only letters, digits, '-', '.' and '_'`);
    }
    const bytes = amountBytes(s.amount, memory);
    const block = memory.sectionSize;
    if (!(bytes > 0)) {
      add('error', s.amount.range, 'dimm/size', 'a DIMM needs a size of at least one memory block');
    } else if (bytes % block !== 0) {
      const rounded = Math.ceil(bytes / block) * block;
      add('error', s.amount.range, 'dimm/size', `${s.amount.text} is not a whole number of ${formatSize(block)} memory blocks (block_size_bytes): Linux onlines a DIMM block by block`, {
        range: s.amount.range,
        replacement: formatSize(rounded),
        title: `use ${formatSize(rounded)}`,
      });
    }
  };

  /** `online/offline block N`: a block of RAM (on qemu, a DIMM's blocks lie above it), not the master's kernelcore. */
  const checkBlock = (s: Ast.BlockSet) => {
    const start = s.block.index * memory.sectionSize;
    const blocks = ramSections(memory);
    if (context.target !== 'qemu' && !blocks.includes(s.block.index)) {
      add('error', s.block.range, 'memory/outside-ram', `block ${s.block.index} (${hex(start)}) is outside RAM: its blocks are ${blocks[0] ?? 0}..${blocks[blocks.length - 1] ?? 0}`);
      return;
    }
    if (s.state !== 'offline') return;
    if (memory.kernelcore && overlapping(start, memory.sectionSize, [{ name: 'kernelcore', ...memory.kernelcore }]).length > 0) {
      add('error', s.block.range, 'memory/kernelcore', `block ${s.block.index} (${hex(start)}) is in the master's kernelcore: that memory is not movable and cannot go offline`);
    }
    for (const pinned of overlapping(start, memory.sectionSize, memory.pinned)) {
      add('warning', s.block.range, 'memory/pinned', `block ${s.block.index} holds the ${describeRange(pinned)}: the kernel keeps it, so the block may refuse to go offline`);
    }
  };

  const checkExpectation = (s: Ast.Expect) => {
    const e = s.expectation;
    if (e.kind === 'last-duration') duration(e.value, `last.${e.field}`, true);
    if (e.kind === 'last-instance') instance(e.value);
    if (e.kind === 'instance-state') instance(e.instance);
  };

  walk(statements);
  return out;
}
