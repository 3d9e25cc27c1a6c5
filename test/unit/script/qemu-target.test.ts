import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../common/script/checker';
import { compileScript, explainSteps } from '../../../common/script/compile';
import { completeAt } from '../../../common/script/completion';
import type { ScriptContext } from '../../../common/script/context';
import { ScriptContext as ScriptContextSchema } from '../../../common/script/context';
import type { Diagnostic, DiagnosticFix } from '../../../common/script/diagnostic';
import { hoverAt } from '../../../common/script/hover';
import { parse } from '../../../common/script/parser';
import { qemuContext } from '../../../common/script/qemu-context';
import { expandSnippet, SNIPPETS } from '../../../common/script/snippets';
import { CompiledStep } from '../../../common/script/steps';
import { exampleScripts } from './examples';
import { galaxyNexusContext } from './galaxy-nexus';
import { qemuTestContext } from './qemu';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** `LINE:COL-ENDCOL severity code`, the way a marker is placed. */
const at = (d: Diagnostic) => `${d.range.startLine}:${d.range.startCol}-${d.range.endCol} ${d.severity} ${d.code}`;
const check = (text: string, context: ScriptContext = qemuTestContext()) => checkScript(text, context).diagnostics;
const marks = (text: string, context?: ScriptContext) => check(text, context).map(at);
const applyFix = (text: string, fix: DiagnosticFix) => text.slice(0, fix.range.offset) + fix.replacement + text.slice(fix.range.offset + fix.range.length);
const spanText = (text: string, node: { range: { offset: number; length: number } }) => text.slice(node.range.offset, node.range.offset + node.range.length);

function compiled(text: string, context: ScriptContext = qemuTestContext()) {
  const result = compileScript(text, context);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${at(d)} ${d.message}`).join('; '));
  return result.steps;
}
const explained = (text: string, context?: ScriptContext) => explainSteps(compiled(text, context)).map((l) => l.replace(/^\s*\d+: /, ''));

describe('parsing the qemu statements', () => {
  it('reads suspend with its clauses in either order, each with its range', () => {
    const text = 'suspend freeze timeout 30s for 5s';
    const { script, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const s = script.statements[0];
    expect(s?.op).toBe('suspend');
    if (s?.op !== 'suspend') return;
    expect(s.state.value).toBe('freeze');
    expect(spanText(text, s.state)).toBe('freeze');
    expect(s.duration?.ms).toBe(5000);
    expect(spanText(text, s.duration ?? s)).toBe('5s');
    expect(s.timeout?.ms).toBe(30_000);
    expect(spanText(text, s)).toBe(text);
  });

  it('reads dimm add and remove, online/offline block and dimm, and the new expects', () => {
    const text = ['dimm add 256M as extra', 'dimm remove "extra"', 'online block 7 movable', 'offline block 7', 'online dimm extra', 'offline dimm extra', 'expect block 7 offline', 'expect dimm extra online'].join('\n');
    const { script, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const [add, remove, online, offline, onDimm, offDimm, expBlock, expDimm] = script.statements;
    expect(add).toMatchObject({ op: 'dimm-add', amount: { kind: 'bytes', bytes: 256 * MiB, text: '256M' }, name: { text: 'extra' } });
    expect(remove).toMatchObject({ op: 'dimm-remove', name: { text: 'extra' } });
    expect(online).toMatchObject({ op: 'block', state: 'online', block: { index: 7 }, movable: { text: 'movable' } });
    expect(offline).toMatchObject({ op: 'block', state: 'offline', block: { index: 7 } });
    expect(offline && 'movable' in offline).toBe(false);
    expect(onDimm).toMatchObject({ op: 'dimm-blocks', state: 'online', name: { text: 'extra' } });
    expect(offDimm).toMatchObject({ op: 'dimm-blocks', state: 'offline' });
    expect(expBlock).toMatchObject({ op: 'expect', expectation: { kind: 'block-state', block: { index: 7 }, state: 'offline' }, text: 'block 7 offline' });
    expect(expDimm).toMatchObject({ op: 'expect', expectation: { kind: 'dimm-state', name: { text: 'extra' }, state: 'online' } });
    // Ranges: each statement spans its line; names and numbers their own token.
    const lines = text.split('\n');
    script.statements.forEach((s, i) => expect(spanText(text, s)).toBe(lines[i]));
    if (add?.op === 'dimm-add') expect(spanText(text, add.name)).toBe('extra');
    if (remove?.op === 'dimm-remove') expect(spanText(text, remove.name)).toBe('"extra"');
    if (online?.op === 'block') expect(spanText(text, online.block)).toBe('7');
  });

  it('keeps an instance named block or dimm usable in expect INSTANCE STATE', () => {
    const { script, diagnostics } = parse('expect dimm running');
    expect(diagnostics).toEqual([]);
    expect(script.statements[0]).toMatchObject({ op: 'expect', expectation: { kind: 'instance-state', instance: { name: 'dimm' }, state: 'running' } });
  });

  it('reports syntax errors at exact ranges: missing size, bad size unit, missing name, bad state, stray movable', () => {
    const cases: [string, string[]][] = [
      ['dimm add as extra', ['1:10-12 error syntax/expected-amount']],
      ['dimm add 128X as extra', ['1:10-14 error unit/unknown-size-unit']],
      ['dimm add 128 as extra', ['1:10-13 error unit/missing-amount-unit']],
      ['dimm add 128M extra', ['1:15-20 error syntax/expected-keyword']],
      ['dimm add 128M as', ['1:17-17 error syntax/expected-name']],
      ['dimm plug 128M as x', ['1:6-10 error syntax/expected-dimm-verb']],
      ['suspend', ['1:8-8 error syntax/expected-suspend-state']],
      ['suspend men', ['1:9-12 error syntax/expected-suspend-state']],
      ['suspend mem for 2', ['1:17-18 error unit/missing-time-unit']],
      ['suspend mem for 1s for 2s', ['1:20-23 error syntax/duplicate-clause']],
      ['online blok 3', ['1:8-12 error syntax/expected-block-or-dimm']],
      ['offline block', ['1:14-14 error syntax/expected-count']],
      ['offline block 0x10', ['1:15-19 error syntax/block-hex']],
      ['offline block 3 movable', ['1:17-24 error syntax/offline-movable']],
      ['expect block 3 up', ['1:16-18 error syntax/expected-state']],
      ['online block 3 now', ['1:16-19 error syntax/trailing']],
    ];
    for (const [text, expected] of cases) expect({ text, got: parse(text).diagnostics.map(at) }).toEqual({ text, got: expected });
  });

  it('offers fixes for a near-miss word and a stray movable', () => {
    const text = 'suspend men';
    const [d] = parse(text).diagnostics;
    expect(d?.fix && applyFix(text, d.fix)).toBe('suspend mem');
    const movable = 'offline block 3 movable # x';
    const [m] = parse(movable).diagnostics;
    expect(m?.fix && applyFix(movable, m.fix)).toBe('offline block 3 # x');
  });
});

describe('compiling the qemu statements', () => {
  it('suspend: default 2 s sleep and 60 s timeout, or as written', () => {
    expect(compiled('suspend mem\nsuspend freeze for 5s timeout 30s')).toEqual([
      { kind: 'suspend', state: 'mem', sleepMs: 2000, timeoutMs: 60_000, line: 1 },
      { kind: 'suspend', state: 'freeze', sleepMs: 5000, timeoutMs: 30_000, line: 2 },
    ]);
  });

  it('the DIMM lifecycle: add with bytes, blocks online_movable then offline, remove; expectations on blocks and DIMMs', () => {
    const text = ['dimm add 128M as extra', 'online dimm extra', 'expect dimm extra online', 'offline dimm extra', 'expect block 3 online', 'dimm remove extra'].join('\n');
    const steps = compiled(text);
    expect(steps).toEqual([
      { kind: 'dimm', action: 'add', name: 'extra', bytes: 128 * MiB, line: 1 },
      { kind: 'dimm-blocks', name: 'extra', state: 'online_movable', line: 2 },
      { kind: 'expect', expectation: { kind: 'dimm-state', name: 'extra', state: 'online' }, text: 'dimm extra online', line: 3 },
      { kind: 'dimm-blocks', name: 'extra', state: 'offline', line: 4 },
      { kind: 'expect', expectation: { kind: 'block-state', block: 3, state: 'online' }, text: 'block 3 online', line: 5 },
      { kind: 'dimm', action: 'remove', name: 'extra', line: 6 },
    ]);
    for (const step of steps) expect(CompiledStep.safeParse(step).success).toBe(true);
    expect(explained(text)).toEqual([
      '# qmp: object-add memory-backend-ram id=mem-extra size=128M; device_add pc-dimm id=extra memdev=mem-extra',
      'echo online_movable > /sys/devices/system/memory/memoryN/state  # for each block N of DIMM extra (found by its address range once plugged in)',
      '# host: expect dimm extra online',
      'echo offline > /sys/devices/system/memory/memoryN/state  # for each block N of DIMM extra (found by its address range once plugged in)',
      '# host: expect block 3 online',
      '# qmp: device_del extra; object-del mem-extra',
    ]);
  });

  it('online/offline block N: one write to memoryN/state, on qemu and on the phone alike', () => {
    const text = 'offline block 7\nonline block 7 movable\noffline block 6\nonline block 6';
    expect(explained(text)).toEqual([
      'echo offline > /sys/devices/system/memory/memory7/state',
      'echo online_movable > /sys/devices/system/memory/memory7/state',
      'echo offline > /sys/devices/system/memory/memory6/state',
      'echo online > /sys/devices/system/memory/memory6/state',
    ]);
    expect(explained('offline block 150', galaxyNexusContext())).toEqual(['echo offline > /sys/devices/system/memory/memory150/state']);
  });

  it('plain reserve/release compile on qemu with the guest block size (128 MiB)', () => {
    expect(explained('reserve 2 sections at 0x30000000\nrelease 256M at 0x30000000')).toEqual([
      'echo offline > /sys/devices/system/memory/memory6/state',
      'echo offline > /sys/devices/system/memory/memory7/state',
      'echo online > /sys/devices/system/memory/memory6/state',
      'echo online > /sys/devices/system/memory/memory7/state',
    ]);
  });

  it('explains a suspend as the writes and the host wake-up', () => {
    expect(explained('suspend mem')).toEqual([
      "echo 'fsw: suspend mem #N' > /dev/kmsg; echo mem > /sys/power/state  # host wakes it after 2s (QMP system_wakeup), then waits for the cycle (timeout 60s)",
    ]);
  });
});

describe('targets', () => {
  it('refuses each Fastswitch operation on qemu with one target/fastswitch-only error', () => {
    const lines = [
      'boot jb',
      'switch linux',
      'load "device:/sdcard/zImage" at 0x30000000 as kernel for jb',
      'request 1 section',
      'terminate jb',
      'wakelock hold bench for 1s',
      'wakelock release bench',
      'reserve 1 section at 0x30000000 for jb',
      'release 1 section at 0x30000000 for jb',
      'shell "echo 1 2 > /d/fsw/switch"',
    ];
    for (const line of lines) expect({ line, got: marks(line) }).toEqual({ line, got: [`1:1-${line.length + 1} error target/fastswitch-only`] });
  });

  it('says why, in the words of the brief', () => {
    expect(check('switch linux')[0]?.message).toBe('switch: the qemu target runs one plain Linux kernel; Fastswitch switches need the phone or the simulator');
  });

  it('offers suspend mem for a switch, and drops for X from a reserve', () => {
    const text = 'switch linux force';
    const [d] = check(text);
    expect(d?.fix && applyFix(text, d.fix)).toBe('suspend mem');
    const reserve = 'reserve 1 section at 0x30000000 for jb';
    const [r] = check(reserve);
    expect(r?.fix && applyFix(reserve, r.fix)).toBe('reserve 1 section at 0x30000000');
    expect(check('reserve 1 section at 0x30000000')).toEqual([]);
  });

  it('keeps plain reserve/release, shell, mark, wait, wait until and expect last allowed on qemu', () => {
    const text = ['reserve 1 section at 0x30000000', 'release 1 section at 0x30000000', 'shell "cat /proc/meminfo"', 'mark "x"', 'wait 1s', 'wait until linux running timeout 5s', 'suspend mem', 'expect last.total < 5s', 'expect linux running', 'expect switches == 1'].join('\n');
    expect(marks(text)).toEqual([]);
  });

  it('refuses sim lines on qemu as before (target/sim-only)', () => {
    expect(marks('sim cable attach')).toEqual(['1:1-17 error target/sim-only']);
  });

  it('refuses suspend, dimm and online/offline dimm on sim and adb (target/qemu-only); block lines are fine there', () => {
    const lines = ['suspend mem', 'dimm add 16M as extra', 'dimm remove extra', 'online dimm extra', 'offline dimm extra', 'expect dimm extra online'];
    for (const target of ['sim', 'adb'] as const) {
      for (const line of lines) {
        expect({ target, line, got: marks(line, galaxyNexusContext({ target })) }).toEqual({ target, line, got: [`1:1-${line.length + 1} error target/qemu-only`] });
      }
      expect(marks('offline block 150\nonline block 150 movable', galaxyNexusContext({ target }))).toEqual([]);
    }
    expect(check('dimm add 16M as extra', galaxyNexusContext({ target: 'adb' }))[0]?.message).toBe('dimm add: DIMM hotplug needs the qemu target (QMP device_add/device_del); the target is a real phone (adb)');
  });
});

describe('the dry run on qemu', () => {
  it('counts each suspend as one switch record, repeats multiplied', () => {
    const result = checkScript('# expect-switches: 7\nsuspend mem\nrepeat 3 { suspend freeze; suspend mem }', qemuTestContext());
    expect(result.diagnostics).toEqual([]);
    expect(result.expectedSwitches).toBe(7);
    expect(marks('# expect-switches: 2\nsuspend mem')).toEqual(['1:1-21 warning header/expect-switches']);
  });

  it('knows which DIMM names exist: unknown, removed, added twice', () => {
    expect(marks('dimm remove extra')).toEqual(['1:13-18 error order/dimm-unknown']);
    expect(marks('online dimm extra')).toEqual(['1:13-18 error order/dimm-unknown']);
    expect(marks('expect dimm extra offline')).toEqual(['1:13-18 error order/dimm-unknown']);
    const removed = 'dimm add 128M as extra\ndimm remove extra\noffline dimm extra';
    expect(check(removed).map((d) => `${at(d)} ${d.message}`)).toEqual(["3:14-19 error order/dimm-unknown no DIMM named 'extra' is plugged in here (it was removed on line 2)"]);
    const typo = 'dimm add 128M as extra\nonline dimm extr';
    const [d] = check(typo);
    expect(d?.fix && applyFix(typo, d.fix)).toBe('dimm add 128M as extra\nonline dimm extra');
    expect(check('dimm add 128M as a\ndimm add 256M as a').map((d) => `${at(d)} ${d.message}`)).toEqual([
      "2:18-19 error order/dimm-twice a DIMM named 'a' is already plugged in (added on line 1): remove it first or choose another name",
    ]);
    // A repeat that adds without removing fails on its second round.
    expect(marks('repeat 2 { dimm add 128M as a }')).toEqual(['1:29-30 error order/dimm-twice']);
    expect(marks('repeat 5 { dimm add 128M as a; dimm remove a }')).toEqual([]);
  });

  it('counts the context DIMMs against slots and maxmem', () => {
    const four = 'dimm add 128M as a\ndimm add 128M as b\ndimm add 128M as c\ndimm add 128M as d';
    expect(marks(four)).toEqual([]);
    expect(check(`${four}\ndimm add 128M as e`).map((d) => `${at(d)} ${d.message}`)).toEqual([
      '5:1-19 error order/dimm-slots no free DIMM slot: the machine has 4 (slots=4) and 4 are plugged in here (a, b, c, d)',
    ]);
    const full = qemuTestContext({ hotplug: { slots: 4, maxBytes: 3 * GiB, dimms: [{ name: 'old', bytes: 2 * GiB }] } });
    expect(check('dimm add 1G as a\ndimm add 128M as b', full).map((d) => `${at(d)} ${d.message}`)).toEqual([
      '2:10-14 error order/dimm-maxmem 128M more makes 3200M of DIMMs, beyond the 3G that maxmem leaves for hotplug',
    ]);
    expect(marks('dimm add 128M as old', full)).toEqual(['1:18-21 error order/dimm-twice']);
    expect(marks('offline dimm old\ndimm remove old', full)).toEqual([]);
  });

  it('wants a DIMM size of whole 128 MiB blocks, and offers the rounded size', () => {
    const text = 'dimm add 100M as extra';
    const [d] = check(text);
    expect(d && at(d)).toBe('1:10-14 error dimm/size');
    expect(d?.fix && applyFix(text, d.fix)).toBe('dimm add 128M as extra');
    expect(marks('dimm add 1 block as extra')).toEqual([]);
    expect(marks('dimm add 0M as extra')).toEqual(['1:10-12 error dimm/size']);
    expect(marks('dimm add 128M as "my dimm"')).toEqual(['1:18-27 error dimm/bad-name']);
    expect(marks('dimm add 128M as 9lives')).toEqual(['1:18-24 error syntax/expected-name']);
  });

  it('warns when a DIMM is removed while online, or set to the state it has', () => {
    const text = 'dimm add 128M as extra\nonline dimm extra\n  dimm remove extra';
    const [d] = check(text);
    expect(d && at(d)).toBe('3:3-20 warning order/dimm-online');
    expect(d?.fix && applyFix(text, d.fix)).toBe('dimm add 128M as extra\nonline dimm extra\n  offline dimm extra\n  dimm remove extra');
    expect(marks('dimm add 128M as extra\noffline dimm extra')).toEqual(['2:1-19 warning order/dimm-already-offline']);
    expect(marks('dimm add 128M as extra\nonline dimm extra\nexpect dimm extra offline')).toEqual(['3:1-26 warning expect/state']);
  });

  it('checks blocks against the sections: unknown is an error, no change a warning', () => {
    expect(check('online block 40').map((d) => `${at(d)} ${d.message}`)).toEqual([
      "1:14-16 error order/block-unknown block 40 is not a memory block of this machine (it has memory0..memory7); a hot-added DIMM's blocks are reached with 'online dimm NAME'",
    ]);
    expect(marks('offline block 8')).toEqual(['1:15-16 error order/block-unknown']);
    expect(marks('expect block 8 online')).toEqual(['1:14-15 error order/block-unknown']);
    expect(marks('online block 3')).toEqual(['1:1-15 warning order/block-already-online']);
    expect(marks('offline block 3\noffline block 3')).toEqual(['2:1-16 warning order/block-already-offline']);
    expect(marks('offline block 3\nexpect block 3 offline\nonline block 3 movable\nexpect block 3 online')).toEqual([]);
    expect(marks('expect block 3 offline')).toEqual(['1:1-23 warning expect/state']);
  });

  it('checks blocks on the phone too: outside RAM, kernelcore, and online in another instance', () => {
    expect(marks('online block 300', galaxyNexusContext())).toEqual(['1:14-17 error memory/outside-ram']);
    expect(marks('offline block 130', galaxyNexusContext())).toEqual(['1:15-18 error memory/kernelcore']);
    expect(marks('offline block 160', galaxyNexusContext())).toEqual(['1:15-18 warning memory/pinned']);
    const both = galaxyNexusContext({
      instances: [{ id: 1, name: 'ics', status: 'running' }, { id: 2, name: 'jb', status: 'sleeping' }],
      sections: [{ index: 150, owner: 2, onlineIn: [2] }],
    });
    expect(marks('online block 150', both)).toEqual(['1:1-17 error order/online-elsewhere']);
  });

  it('says last refers to nothing before the first suspend', () => {
    expect(check('expect last.kind == plain-suspend').map((d) => d.message)).toEqual(["no suspend above: 'last' refers to nothing yet"]);
  });

  it('warns when a suspend sleeps as long as its timeout', () => {
    expect(marks('suspend mem for 70s')).toEqual(['1:17-20 warning range/suspend-timeout']);
    expect(marks('suspend mem for 10s timeout 5s')).toEqual(['1:29-31 warning range/suspend-timeout']);
  });
});

describe('the qemu example and contexts', () => {
  const example = exampleScripts().find((e) => e.name === 'qemu-s3-and-hotplug.fsw');

  it('checks clean, with zero diagnostics, on the test qemu context and the built-in one', () => {
    expect(example).toBeDefined();
    const text = example?.text ?? '';
    expect(checkScript(text, qemuTestContext()).diagnostics).toEqual([]);
    expect(checkScript(text, qemuContext()).diagnostics).toEqual([]);
    expect(checkScript(text, qemuTestContext()).expectedSwitches).toBe(3);
    expect(compileScript(text, qemuTestContext()).ok).toBe(true);
  });

  it('is refused on the phone', () => {
    const codes = new Set(checkScript(example?.text ?? '', galaxyNexusContext()).diagnostics.map((d) => d.code));
    expect(codes).toContain('target/qemu-only');
  });

  it('the built-in qemu context is a valid ScriptContext', () => {
    expect(ScriptContextSchema.safeParse(qemuContext()).success).toBe(true);
    expect(qemuContext().sections?.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('the qemu snippets expand to scripts that check clean on qemu', () => {
    const qemu = SNIPPETS.filter((s) => s.target === 'qemu');
    expect(qemu.length).toBe(2);
    for (const snippet of qemu) expect({ snippet: snippet.label, got: check(expandSnippet(snippet.body)).map(at) }).toEqual({ snippet: snippet.label, got: [] });
  });
});

describe('editor support', () => {
  const labels = (text: string, context: ScriptContext = qemuTestContext()) => completeAt(text, text.length, context).items.map((i) => i.label);

  it('completes the new statements word by word', () => {
    expect(labels('')).toEqual(expect.arrayContaining(['suspend', 'dimm', 'online', 'offline']));
    expect(labels('suspend ')).toEqual(['mem', 'freeze']);
    expect(labels('suspend mem for 2s ')).toEqual(['timeout']);
    expect(labels('dimm ')).toEqual(['add', 'remove']);
    expect(labels('dimm add ')).toEqual(['128M', '256M', '1G']);
    expect(labels('dimm add 128M ')).toEqual(['as']);
    expect(labels('dimm add 128M as extra\ndimm remove ')).toEqual(['extra']);
    expect(labels('online ')).toEqual(['block', 'dimm']);
    expect(labels('offline block ')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(labels('online block ')).toEqual([]);
    expect(labels('online block 3 ')).toEqual(['movable']);
    expect(labels('expect block 3 ')).toEqual(['online', 'offline']);
    expect(labels('expect ')).toEqual(expect.arrayContaining(['block', 'dimm', 'linux']));
  });

  it('documents the new operations on hover', () => {
    const text = 'dimm add 128M as extra\nonline dimm extra';
    expect(hoverAt(text, 1)?.doc.syntax).toBe('dimm add SIZE as NAME | dimm remove NAME');
    expect(hoverAt(text, text.indexOf('online') + 2)?.operation).toBe('online');
    expect(hoverAt('suspend mem', 3)?.doc.targets).toEqual(['qemu']);
  });
});
