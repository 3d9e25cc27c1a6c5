import type * as Ast from './ast';
import { spanAfter, type Diagnostic, type DiagnosticFix } from './diagnostic';
import type { ScriptTarget } from './context';

/**
 * What each target accepts. The phone (adb) and the simulator run
 * Fastswitch; qemu boots one plain Linux kernel, where the whole machine
 * suspends and DIMMs are hot-added. `online/offline block N`, `wait`,
 * `shell`, `mark`, `expect` and plain `reserve`/`release` (memory hotplug
 * writes every kernel has) work everywhere; `sim` lines only on the
 * simulator (static-rules.ts).
 */

/** The path prefixes of Fastswitch's control files (debugfs), which a plain kernel does not have. */
const FASTSWITCH_FILES = /\/d\/fsw\/|\/sys\/kernel\/debug\/fsw\//;

export function describeTarget(target: ScriptTarget): string {
  return target === 'adb' ? 'a real phone (adb)' : target === 'sim' ? 'the simulator' : 'qemu';
}

/** Why a statement cannot run on `target` (`target/fastswitch-only`, `target/qemu-only`), or null. */
export function targetRefusal(s: Ast.Statement, target: ScriptTarget): Diagnostic | null {
  if (target === 'qemu') return fastswitchOnly(s);
  switch (s.op) {
    case 'suspend':
      return qemuOnly(s, `suspend: only the qemu target suspends the whole machine from a script; on ${describeTarget(target)} the measured cycle is a switch (a self-switch to the running instance is a plain suspend and resume)`);
    case 'dimm-add':
    case 'dimm-remove':
      return qemuOnly(s, `dimm ${s.op === 'dimm-add' ? 'add' : 'remove'}: DIMM hotplug needs the qemu target (QMP device_add/device_del); the target is ${describeTarget(target)}`);
    case 'dimm-blocks':
      return qemuOnly(s, `${s.state} dimm: DIMMs exist only on the qemu target; on ${describeTarget(target)} write 'block N' for each memory block`);
    case 'expect':
      return s.expectation.kind === 'dimm-state' ? qemuOnly(s, `expect dimm: DIMMs exist only on the qemu target; the target is ${describeTarget(target)}`) : null;
    default:
      return null;
  }
}

function qemuOnly(s: Ast.Statement, message: string): Diagnostic {
  return { severity: 'error', code: 'target/qemu-only', message, range: s.range };
}

function fastswitchOnly(s: Ast.Statement): Diagnostic | null {
  const refuse = (what: string, fix?: DiagnosticFix): Diagnostic => {
    const message = `${what}: the qemu target runs one plain Linux kernel; ${REASONS[s.op] ?? 'this needs'} the phone or the simulator`;
    return { severity: 'error', code: 'target/fastswitch-only', message, range: s.range, ...(fix ? { fix } : {}) };
  };
  switch (s.op) {
    case 'switch':
      // On a plain kernel the measured cycle is the whole machine's suspend.
      return refuse('switch', { range: s.range, replacement: 'suspend mem', title: "measure a plain suspend instead: 'suspend mem'" });
    case 'boot':
    case 'load':
    case 'request':
    case 'terminate':
      return refuse(s.op);
    case 'wakelock-hold':
    case 'wakelock-release':
      return refuse(s.op === 'wakelock-hold' ? 'wakelock hold' : 'wakelock release');
    case 'reserve':
    case 'release': {
      if (!s.for) return null;
      // Without `for` the line is a plain memory-hotplug write, fine on qemu.
      const range = spanAfter(s.at.range, s.for.range);
      return refuse(`${s.op} … for ${s.for.name}`, { range, replacement: '', title: `drop 'for ${s.for.name}': only ${s.op === 'reserve' ? 'offline' : 'online'} the blocks` });
    }
    case 'shell':
      return FASTSWITCH_FILES.test(s.command) ? refuse('shell') : null;
    default:
      return null;
  }
}

const REASONS: Partial<Record<Ast.Statement['op'], string>> = {
  switch: 'Fastswitch switches need',
  boot: 'booting a second instance (/d/fsw/switch) needs',
  load: "loading an instance's images (/d/fsw/load_file) needs",
  request: 'section transfers (mem_request) need',
  terminate: 'terminating an instance needs',
  'wakelock-hold': 'Android wakelocks (/sys/power/wake_lock) need',
  'wakelock-release': 'Android wakelocks (/sys/power/wake_unlock) need',
  reserve: 'reserving memory for another instance needs',
  release: "ending another instance's reservation needs",
  shell: "Fastswitch's control files (/d/fsw/…) need",
};
