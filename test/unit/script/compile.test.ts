import { describe, expect, it } from 'vitest';
import { compile, compileScript, explainSteps } from '../../../common/script/compile';
import type { ScriptContext } from '../../../common/script/context';
import { parse } from '../../../common/script/parser';
import type { CompiledStep } from '../../../common/script/steps';
import { CompiledStep as CompiledStepSchema } from '../../../common/script/steps';
import { DESIGN_SKETCH } from './examples';
import { galaxyNexusContext } from './galaxy-nexus';

/** Compiles without the checker, so each operation's writes are seen alone. */
function steps(text: string, context: Partial<ScriptContext> = {}): CompiledStep[] {
  const result = compile(parse(text).script, galaxyNexusContext(context));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return result.steps;
}
const shell = (text: string, context: Partial<ScriptContext> = {}) => explainSteps(steps(text, context)).map((l) => l.replace(/^\s*\d+: /, ''));

describe('each operation compiles to the writes of DESIGN §4 (fsw-2012)', () => {
  it('reserve: offline per 16 MiB block, N = address >> 24', () => {
    expect(steps('reserve 2 sections at 0x90000000')).toEqual([
      { kind: 'write', path: '/sys/devices/system/memory/memory144/state', text: 'offline', line: 1 },
      { kind: 'write', path: '/sys/devices/system/memory/memory145/state', text: 'offline', line: 1 },
    ]);
  });

  it('release: online to take the blocks back', () => {
    expect(shell('release 32M at 0xa4000000')).toEqual([
      'echo online > /sys/devices/system/memory/memory164/state',
      'echo online > /sys/devices/system/memory/memory165/state',
    ]);
  });

  it('load of a host file: push, then ADDR PATH NATURE INSTANCE to load_file', () => {
    expect(steps('load "images/jb/zImage" at 0x91808000 as kernel for jb')).toEqual([
      { kind: 'push', local: 'images/jb/zImage', remote: '/sdcard/zImage', line: 1 },
      { kind: 'write', path: '/d/fsw/load_file', text: '0x91808000 /sdcard/zImage kernel 2', line: 1 },
    ]);
  });

  it('load with the default nature and of a file already on the phone', () => {
    expect(shell('load "images/jb/initrd" at 0x92800000 for jb\nload "device:/sdcard/blob" at 0x93000000')).toEqual([
      'adb push "images/jb/initrd" /sdcard/initrd',
      'echo "0x92800000 /sdcard/initrd other 2" > /d/fsw/load_file',
      'echo "0x93000000 /sdcard/blob" > /d/fsw/load_file',
    ]);
  });

  it('load atags: save the master\'s ATAGs, then load them as param', () => {
    expect(shell('load atags at 0x90000100 as param for jb')).toEqual([
      'cat /d/fsw/instance_atags > /sdcard/atags',
      'echo "0x90000100 /sdcard/atags param 2" > /d/fsw/load_file',
    ]);
  });

  it('two host files with one base name do not overwrite each other', () => {
    const remotes = steps('load "a/zImage" at 0x91000000 for jb\nload "b/zImage" at 0x92000000 for jb').flatMap((s) => (s.kind === 'push' ? [s.remote] : []));
    expect(remotes).toEqual(['/sdcard/zImage', '/sdcard/zImage.2']);
  });

  it('boot: "1 N" to /d/fsw/switch, then wait for the hand-over', () => {
    expect(steps('boot jb timeout 45s')).toEqual([
      { kind: 'write', path: '/d/fsw/switch', text: '1 2', line: 1 },
      { kind: 'await-switch', to: 2, toName: 'jb', switchKind: 'boot', timeoutMs: 45_000, line: 1 },
    ]);
  });

  it('switch: "2 N" to /d/fsw/switch, by name or number, self-switch allowed', () => {
    expect(shell('switch ics\nswitch 1')).toEqual([
      'echo "2 1" > /d/fsw/switch',
      '# host: wait until the switch lands in ics (timeout 60s)',
      'echo "2 1" > /d/fsw/switch',
      '# host: wait until the switch lands in ics (timeout 60s)',
    ]);
  });

  it('switch force: 0xDEADBEEF at FSW_BASE+0x10 around the switch, cleared after', () => {
    expect(steps('switch ics force')).toEqual([
      { kind: 'poke', address: 0xac000010, value: 0xdeadbeef, tool: 'memrw', line: 1 },
      { kind: 'write', path: '/d/fsw/switch', text: '2 1', line: 1 },
      { kind: 'await-switch', to: 1, toName: 'ics', switchKind: 'switch', timeoutMs: 60_000, line: 1 },
      { kind: 'poke', address: 0xac000010, value: 0, tool: 'memrw', line: 1 },
    ]);
  });

  it('wakelocks: name and timeout in ns to wake_lock, name to wake_unlock', () => {
    expect(shell('wakelock hold bench for 2s\nwakelock hold "held"\nwakelock release bench')).toEqual([
      'echo "bench 2000000000" > /sys/power/wake_lock',
      'echo held > /sys/power/wake_lock',
      'echo bench > /sys/power/wake_unlock',
    ]);
  });

  it('host-side lines write nothing to the phone', () => {
    const kinds = steps('wait 300ms\nwait until ics running timeout 5s\nmark "m"\nexpect ics running\nsim audio play for 6s\nshell "id"').map((s) => s.kind);
    expect(kinds).toEqual(['sleep', 'await-instance', 'mark', 'expect', 'sim', 'shell']);
  });

  it('expectations compile to base units and names', () => {
    const expectations = steps('switch ics\nexpect last.wakelockWait <= 300ms\nexpect last.to == 1\nexpect last.outcome == ok').flatMap((s) => (s.kind === 'expect' ? [s.expectation] : []));
    expect(expectations).toEqual([
      { kind: 'last', field: 'wakelockWait', op: '<=', value: 300 },
      { kind: 'last', field: 'to', op: '==', value: 'ics' },
      { kind: 'last', field: 'outcome', op: '==', value: 'ok' },
    ]);
  });

  it('repeat keeps its body as one nested step', () => {
    const [repeat] = steps('repeat 50 {\n  switch ics\n  wait 3s\n}');
    expect(repeat?.kind === 'repeat' && { count: repeat.count, body: repeat.body.map((s) => `${s.line}:${s.kind}`) }).toEqual({ count: 50, body: ['2:write', '2:await-switch', '3:sleep'] });
  });
});

describe('fsw-notes (reconstruction)', () => {
  it('request writes the count and optional start to mem_request, then waits for the requester', () => {
    expect(shell('request 4 sections\nrequest 2 sections at 0x9c000000', { interface: 'fsw-notes' })).toEqual([
      'echo 4 > /d/fsw/mem_request',
      '# host: wait until the section transfer returns to ics (timeout 60s)',
      'echo "2 0x9c000000" > /d/fsw/mem_request',
      '# host: wait until the section transfer returns to ics (timeout 60s)',
    ]);
  });

  it('terminate writes mode 4 for the child', () => {
    expect(steps('terminate jb', { interface: 'fsw-notes' })[0]).toEqual({ kind: 'write', path: '/d/fsw/switch', text: '4 2', line: 1 });
  });

  it('request and terminate do not compile on fsw-2012', () => {
    expect(compile(parse('request 4 sections').script, galaxyNexusContext()).ok).toBe(false);
  });
});

describe('compileScript', () => {
  it('refuses a script with errors and returns only the errors', () => {
    const result = compileScript('switch jb\nwait 0s', galaxyNexusContext());
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(['order/switch-absent']);
  });

  it('compiles the DESIGN sketch into steps that match their schema', () => {
    const result = compileScript(DESIGN_SKETCH, galaxyNexusContext({ interface: 'fsw-notes' }));
    expect(result.ok).toBe(true);
    if (result.ok) {
      for (const step of result.steps) expect(CompiledStepSchema.safeParse(step).success).toBe(true);
      expect(result.steps.filter((s) => s.kind === 'write' && s.path.includes('/memory')).length).toBe(22);
    }
  });
});

describe('compile failures', () => {
  it('cannot force a switch without the fsw page address', () => {
    const base = galaxyNexusContext();
    const context = { ...base, memory: { ...base.memory, fswBase: undefined } };
    const result = compile(parse('switch ics force').script, context);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(['compile/no-fsw-base']);
  });
});
