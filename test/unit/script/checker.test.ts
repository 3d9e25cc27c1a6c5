import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../common/script/checker';
import type { ScriptContext } from '../../../common/script/context';
import type { Diagnostic, DiagnosticFix } from '../../../common/script/diagnostic';
import { withDeviceState } from '../../../common/script/device-context';
import type { DeviceState } from '../../../common/domain/device-state';
import { DESIGN_SKETCH } from './examples';
import { galaxyNexusContext } from './galaxy-nexus';

const BOOT_JB = [
  'reserve 16 sections at 0x90000000 for jb',
  'load "device:/sdcard/zImage" at 0x91808000 as kernel for jb',
  'load atags at 0x90000100 as param for jb',
  'boot jb',
  'wait until jb running timeout 90s',
].join('\n');

function check(text: string, context: Partial<ScriptContext> = {}, fileSizes?: Record<string, number>): Diagnostic[] {
  return checkScript(text, galaxyNexusContext(context), fileSizes ? { fileSizes } : {}).diagnostics;
}
const codes = (text: string, context: Partial<ScriptContext> = {}) => check(text, context).map((d) => d.code);
const applyFix = (text: string, fix: DiagnosticFix) => text.slice(0, fix.range.offset) + fix.replacement + text.slice(fix.range.offset + fix.range.length);

/** ICS and JB both up, JB running, with the sections as a real phone reports them. */
function bothUp(): Partial<ScriptContext> {
  const sections = [];
  for (let index = 128; index < 192; index++) {
    const inJb = index >= 144 && index < 160;
    const fixed = index >= 172;
    sections.push({ index, owner: fixed ? ('reserved' as const) : inJb ? 2 : 1, onlineIn: fixed ? [] : [inJb ? 2 : 1] });
  }
  return {
    instances: [
      { id: 1, name: 'ics', status: 'sleeping' },
      { id: 2, name: 'jb', status: 'running' },
    ],
    sections,
  };
}

describe('valid scripts', () => {
  it('DESIGN §5 sketch checks clean on fsw-notes but for the ram console warning', () => {
    const diagnostics = check(DESIGN_SKETCH, { interface: 'fsw-notes' });
    expect(diagnostics.map((d) => `${d.range.startLine}:${d.severity}:${d.code}`)).toEqual(['2:warning:memory/pinned']);
  });

  it('counts the switch records a script makes, repeats multiplied', () => {
    // boot, 50 × two switches, the request's round robin (ics resumes, then jb: two legs), the forced switch
    expect(checkScript(DESIGN_SKETCH, galaxyNexusContext({ interface: 'fsw-notes' })).expectedSwitches).toBe(1 + 100 + 2 + 1);
  });

  it('a boot then switches back and forth is clean', () => {
    expect(check(`${BOOT_JB}\nswitch ics\nswitch jb\nexpect last.to == jb\nexpect switches == 3`)).toEqual([]);
  });
});

describe('memory rules', () => {
  it('offers the aligned address as the fix for an unaligned one', () => {
    const text = 'reserve 1 section at 0x90800000';
    const [d] = check(text);
    expect(d?.fix && applyFix(text, d.fix)).toBe('reserve 1 section at 0x90000000');
  });

  it('offers whole sections for a byte size that is not', () => {
    const text = 'reserve 24M at 0x90000000';
    const [d] = check(text);
    expect(d?.fix && applyFix(text, d.fix)).toBe('reserve 2 sections at 0x90000000');
  });

  it('accepts a byte size of whole sections', () => {
    expect(check('reserve 32M at 0x90000000')).toEqual([]);
  });

  it('checks a loaded file against the memory reserved for it when its size is known', () => {
    const text = 'reserve 1 section at 0x92000000 for jb\nload "initrd" at 0x92800000 for jb';
    expect(check(text, {}, { initrd: 0x100000 })).toEqual([]);
    const big = check(text, {}, { initrd: 0x1000000 }).map((d) => d.message);
    expect(big).toEqual(['load into memory not reserved: section 147 (0x93000000) is online in ics; reserve it above']);
  });

  it('lets release put back what a reserve took', () => {
    expect(check('reserve 2 sections at 0x90000000\nrelease 2 sections at 0x90000000')).toEqual([]);
  });

  it('refuses to release sections still online in another instance', () => {
    const messages = check('switch ics\nrelease 1 section at 0x90000000', bothUp()).map((d) => d.message);
    expect(messages).toEqual(['section 144 (0x90000000) is online in jb: offline them there first (reserve … for ics in jb)']);
  });

  it('refuses a load that would overwrite a sleeping instance', () => {
    const messages = check('switch ics\nload "device:/sdcard/x" at 0x90000000', bothUp()).map((d) => d.message);
    expect(messages).toEqual(["load would overwrite jb's memory: section 144 (0x90000000) is online in it"]);
  });

  it('skips section rules when two instances are up and their sections are unknown', () => {
    const context = { instances: [{ id: 1, name: 'ics', status: 'sleeping' as const }, { id: 2, name: 'jb', status: 'running' as const }] };
    expect(check('release 1 section at 0x90000000', context)).toEqual([]);
  });

  it('offers no reserve line where that reserve would itself be refused', () => {
    const [d] = check('load "device:/sdcard/x" at 0x85000000');
    expect(d).toMatchObject({ code: 'order/load-not-reserved' });
    expect(d?.fix).toBeUndefined();
  });

  it('follows a transfer by hand: offline in the child, online in the master', () => {
    const text = `${BOOT_JB}\nreserve 2 sections at 0x9e000000 for ics\nswitch ics\nrelease 2 sections at 0x9e000000 for ics`;
    expect(check(text)).toEqual([]);
    expect(check(`${BOOT_JB}\nswitch ics\nrelease 2 sections at 0x9e000000`).map((d) => d.code)).toEqual(['order/online-elsewhere']);
  });

  it('offers a reserve line above a load into unreserved memory, which makes it clean', () => {
    const text = 'load "device:/sdcard/zImage" at 0x91808000 as kernel for jb';
    const [d] = check(text);
    const fixed = d?.fix ? applyFix(text, d.fix) : text;
    expect(fixed).toBe('reserve 1 section at 0x91000000 for jb\nload "device:/sdcard/zImage" at 0x91808000 as kernel for jb');
    expect(check(fixed)).toEqual([]);
  });
});

describe('instances', () => {
  it('lets a boot introduce a name the profile does not know, as the next free number', () => {
    const text = BOOT_JB.replaceAll('jb', 'cm10');
    expect(check(text)).toEqual([]);
    expect(check(`${text}\nswitch 3`)).toEqual([]);
  });

  it('has no number left for a third child', () => {
    const context = { instances: [{ id: 1, name: 'ics', status: 'running' as const }, { id: 2, name: 'jb', status: 'absent' as const }, { id: 3, name: 'cm10', status: 'absent' as const }] };
    expect(codes('boot miui', context)).toContain('instance/no-free-slot');
  });

  it('refuses to boot an instance that is already up', () => {
    expect(check('boot jb', bothUp()).map((d) => d.message)).toEqual(['jb is already booted (running)']);
  });

  it('refuses to load for an instance that is already up', () => {
    expect(codes('switch ics\nload "device:/x" at 0xa1000000 as kernel for jb', bothUp())).toContain('order/load-live-instance');
  });

  it('only warns about a boot without a load line when a shell line wrote to load_file', () => {
    const viaShell = 'reserve 1 section at 0x91000000 for jb\nshell "echo 0x91808000 /sdcard/z kernel 2 > /d/fsw/load_file"\nboot jb';
    const boot = check(viaShell).find((d) => d.code === 'order/boot-without-kernel');
    expect(boot?.severity).toBe('warning');
    expect(check('boot jb').find((d) => d.code === 'order/boot-without-kernel')?.severity).toBe('error');
  });

  it('warns when a boot has no ATAGs', () => {
    const text = 'reserve 1 section at 0x91000000 for jb\nload "device:/z" at 0x91808000 as kernel for jb\nboot jb';
    expect(codes(text)).toEqual(['order/boot-without-atags']);
  });

  it('warns when a child is used before it is up, and the fix inserts the wait', () => {
    const text = BOOT_JB.split('\n').slice(0, 4).join('\n') + '\nswitch ics';
    const diagnostics = check(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['order/still-booting']);
    const fixed = applyFix(text, diagnostics[0]?.fix as DiagnosticFix);
    expect(fixed.split('\n')[4]).toBe('wait until jb running timeout 90s');
    expect(check(fixed)).toEqual([]);
  });

  it('applies the wait-until timeout fix', () => {
    const text = `${BOOT_JB}\nswitch ics\nwait until jb sleeping`;
    const [d] = check(text);
    expect(d?.code).toBe('syntax/missing-timeout');
    expect(check(applyFix(text, d?.fix as DiagnosticFix))).toEqual([]);
  });
});

describe('interfaces and targets', () => {
  it('accepts request and terminate on fsw-notes', () => {
    expect(check(`${BOOT_JB}\nrequest 2 sections\nswitch ics\nterminate jb\nexpect jb absent`, { interface: 'fsw-notes' })).toEqual([]);
  });

  it('refuses to terminate the running instance', () => {
    expect(codes(`${BOOT_JB}\nterminate jb`, { interface: 'fsw-notes' })).toEqual(['order/terminate-running']);
  });

  it('refuses to terminate from a child', () => {
    const context: Partial<ScriptContext> = { interface: 'fsw-notes', ...bothUp() };
    context.instances = [...(context.instances ?? []), { id: 3, name: 'cm10', status: 'sleeping' }];
    expect(codes('terminate cm10', context)).toEqual(['order/terminate-not-master']);
  });

  it('refuses sim lines on qemu too', () => {
    expect(codes('sim wifi busy', { target: 'qemu' })).toEqual(['target/sim-only']);
  });
});

describe('blocking wakelocks and forced switches', () => {
  it('warns about a switch behind a wakelock held with no timeout, not one with a timeout', () => {
    expect(codes('wakelock hold bench\nswitch ics')).toEqual(['order/blocked-forever']);
    expect(codes('wakelock hold bench for 2s\nswitch ics')).toEqual([]);
    expect(codes('wakelock hold bench\nwakelock release bench\nswitch ics')).toEqual([]);
  });

  it('counts a wakelock only in the instance that holds it', () => {
    expect(codes(`${BOOT_JB}\nswitch ics\nwakelock hold bench\nswitch jb`)).toEqual(['order/blocked-forever']);
    expect(codes(`${BOOT_JB}\nwakelock hold bench\nswitch ics force\nswitch jb`)).toEqual([]);
    expect(codes(`${BOOT_JB}\nwakelock hold bench\nswitch ics force\nwakelock release bench`)).toEqual(['order/unlock-unheld']);
  });

  it('warns about the USB cable in every instance, until it is detached', () => {
    expect(codes(`${BOOT_JB}\nsim cable attach\nswitch ics force\nswitch jb`)).toEqual(['order/blocked-forever']);
    expect(codes('sim cable attach\nswitch ics')).toEqual(['order/blocked-forever']);
    expect(codes('sim cable attach\nsim cable detach\nswitch ics')).toEqual([]);
  });

  it('says what a forced switch breaks during audio and wifi transfers', () => {
    expect(codes('sim audio play\nswitch ics force')).toEqual(['conflict/forced-audio']);
    expect(codes('sim wifi busy\nswitch ics force')).toEqual(['conflict/forced-wifi']);
    expect(codes('sim wifi busy\nswitch ics')).toEqual([]);
  });
});

describe('expectations', () => {
  it('warns when the dry run contradicts an instance state', () => {
    expect(check(`${BOOT_JB}\nexpect jb sleeping`).map((d) => d.message)).toEqual(['the dry run has jb running here, not sleeping']);
  });

  it('warns when the switch count cannot hold', () => {
    expect(check(`${BOOT_JB}\nrepeat 10 {\n  switch ics\n  switch jb\n}\nexpect switches == 20`).map((d) => d.message)).toEqual([
      "the script makes 21 switches up to here, so 'switches == 20' cannot hold",
    ]);
  });
});

describe('header directives', () => {
  it('warns when the header expects another switch count than the script makes', () => {
    expect(check('# expect-switches: 3\nswitch ics\nswitch ics').map((d) => `${d.range.startLine}:${d.severity}: ${d.message}`)).toEqual([
      '1:warning: the header expects 3 switches, but the script makes 2',
    ]);
    expect(check('# expect-switches: 2\nswitch ics\nswitch ics')).toEqual([]);
  });

  it('warns about header values the tools cannot use', () => {
    expect(codes('# interface: fsw-2013\n# target: phone\n# expect-switches: many\nwait 1s')).toEqual(['header/interface', 'header/target', 'header/expect-switches']);
  });
});

describe('every rule fires on a minimal script', () => {
  const cases: [code: string, script: string, context?: Partial<ScriptContext>][] = [
    ['load/master', 'reserve 1 section at 0x91000000\nload "device:/z" at 0x91808000 as kernel for ics'],
    ['load/atags-as-kernel', 'reserve 1 section at 0x90000000 for jb\nload atags at 0x90000100 as kernel for jb'],
    ['order/reserved-for-other', 'reserve 1 section at 0x90000000 for jb\nload "device:/x" at 0x90000000 as kernel for cm10\nboot cm10'],
    ['order/terminate-absent', 'terminate jb', { interface: 'fsw-notes' }],
    ['order/already-online', 'release 1 section at 0x90000000'],
    ['order/reserve-for-self', 'reserve 1 section at 0x90000000 for ics'],
    ['order/reserved-for-other', 'reserve 1 section at 0x90000000 for jb\nrelease 1 section at 0x90000000 for cm10\nboot cm10'],
    ['range/repeat-zero', 'repeat 0 {\n  switch ics\n}'],
    ['range/repeat-empty', 'repeat 2 {\n}'],
    ['range/repeat-too-many', 'repeat 100001 { wait 1s }'],
    ['range/zero-duration', 'switch ics timeout 0s'],
    ['range/long-duration', 'wait 100000s'],
    ['shell/empty', 'shell ""'],
    ['shell/untracked', 'shell "echo 2 1 > /d/fsw/switch"'],
    ['mark/empty', 'mark ""'],
    ['syntax/duplicate-clause', 'load atags at 0x90000100 as param as param for jb'],
    ['syntax/bad-escape', String.raw`shell "a\qb"`],
    ['syntax/bad-number', 'reserve 1 section at 0x'],
    ['syntax/empty-path', 'load "" at 0x90000000'],
    ['syntax/expected-dot', 'expect last total < 2s'],
    ['syntax/bad-comparison', 'switch ics\nexpect last.outcome < ok'],
    ['syntax/expected-comparison', 'expect switches 3'],
    ['syntax/unknown-sim-device', 'sim bluetooth on'],
    ['syntax/expected-wakelock-verb', 'wakelock grab x'],
    ['syntax/count-unit', 'repeat 3s { wait 1s }'],
    ['syntax/expected-expectation', 'expect "x"'],
    ['syntax/expected-instance', 'switch "ics"'],
  ];
  for (const [code, script, context] of cases) {
    it(code, () => {
      expect(codes(script, context)).toContain(code);
    });
  }
});

describe('withDeviceState', () => {
  it('starts the dry run from what the phone reports', () => {
    const state: DeviceState = {
      model: 'Galaxy Nexus',
      runningInstance: 2,
      instances: [
        { id: 1, name: 'ics', kernel: '3.0.8', android: '4.0.4', status: 'sleeping' },
        { id: 2, name: 'jb', kernel: '3.0.31', android: '4.1.1', status: 'running' },
      ],
      sections: [{ index: 144, start: 0x90000000, size: 0x1000000, owner: 2, onlineIn: [2], zone: 'movable' }],
    };
    const context = withDeviceState(galaxyNexusContext(), state);
    expect(context.instances.map((i) => `${i.id}:${i.name}:${i.status}`)).toEqual(['1:ics:sleeping', '2:jb:running']);
    expect(checkScript('switch ics', context).diagnostics).toEqual([]);
    expect(checkScript('switch ics\nrelease 1 section at 0x90000000', context).diagnostics.map((d) => d.code)).toEqual(['order/online-elsewhere']);
  });

  it('keeps profile instances the phone does not report, as absent', () => {
    const state: DeviceState = { model: 'Galaxy Nexus', runningInstance: 1, instances: [{ id: 1, name: 'ics', kernel: '3.0.8', android: '4.0.4', status: 'running' }], sections: [] };
    const context = withDeviceState(galaxyNexusContext({ instances: [{ id: 1, name: 'ics', status: 'running' }, { id: 2, name: 'jb', status: 'sleeping' }] }), state);
    expect(context.instances.map((i) => i.status)).toEqual(['running', 'absent']);
  });
});
