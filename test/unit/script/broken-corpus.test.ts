import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../common/script/checker';
import type { ScriptContext } from '../../../common/script/context';
import { galaxyNexusContext } from './galaxy-nexus';

/**
 * Broken scripts, each with every diagnostic it must produce, exactly:
 * `LINE:COL severity: message`. Written by hand from the language's rules
 * (docs/script-language.md); a changed message or position fails here.
 */
interface Case {
  name: string;
  script: string;
  expected: string[];
  context?: Partial<ScriptContext>;
}

const BOOT_JB = [
  'reserve 16 sections at 0x90000000 for jb',
  'load "device:/sdcard/zImage" at 0x91808000 as kernel for jb',
  'load atags at 0x90000100 as param for jb',
  'boot jb',
  'wait until jb running timeout 90s',
].join('\n');

const corpus: Case[] = [
  {
    name: 'misspelt operation',
    script: 'swich jb',
    expected: ["1:1 error: unknown operation 'swich'; did you mean 'switch'?"],
  },
  {
    name: 'an operation nobody could guess',
    script: 'frobnicate 3',
    expected: ['1:1 error: unknown operation \'frobnicate\' (operations: reserve, release, load, boot, switch, request, terminate, wait, repeat, wakelock, shell, mark, expect, sim, suspend, dimm, online, offline)'],
  },
  {
    name: 'amount without unit',
    script: 'reserve 22 at 0x90000000',
    expected: ["1:9 error: '22' needs 'sections' (memory blocks) or a size unit (K, M, G)"],
  },
  {
    name: 'misspelt sections',
    script: 'reserve 2 sectoins at 0x90000000',
    expected: ["1:11 error: 'sectoins' is not a unit; did you mean 'sections'?"],
  },
  {
    name: 'lower-case size unit',
    script: 'reserve 16m at 0x90000000',
    expected: ["1:9 error: unknown size unit 'm' in '16m': use K, M or G (binary); did you mean '16M'?"],
  },
  {
    name: "missing 'at'",
    script: 'reserve 2 sections 0x90000000',
    expected: ["1:20 error: reserve needs 'at ADDRESS' after the amount, found '0x90000000'"],
  },
  {
    name: 'address with a unit',
    script: 'reserve 2 sections at 0x90000000M',
    expected: ["1:23 error: an address takes no unit: write 0x90000000 without 'M'"],
  },
  {
    name: 'address not aligned to a section',
    script: 'reserve 2 sections at 0x90800000',
    expected: ['1:23 error: 0x90800000 is not aligned to the 16M section size'],
  },
  {
    name: 'size that is not whole sections',
    script: 'reserve 24M at 0x90000000',
    expected: ['1:9 error: 24M is not a whole number of 16M sections'],
  },
  {
    name: 'more sections than RAM has',
    script: 'reserve 100 sections at 0x80000000',
    expected: ['1:9 error: 100 sections is more than the 64 sections of RAM'],
  },
  {
    name: 'reserve beyond the end of RAM',
    script: 'reserve 2 sections at 0xbf000000',
    expected: ['1:9 error: 2 sections at 0xbf000000 runs outside RAM (0x80000000..0xbfffffff)'],
  },
  {
    name: 'reserve over the fsw page and the framebuffer',
    script: 'reserve 1 section at 0xac000000',
    expected: [
      '1:9 error: reserve covers the fsw page (0xac000000, 4K) carve-out, which no kernel may take',
      '1:9 error: reserve covers the vram (framebuffer) (0xaca00000, 16M) carve-out, which no kernel may take',
    ],
  },
  {
    name: "reserve over the master's kernelcore",
    script: 'reserve 1 section at 0x84000000',
    expected: ["1:9 error: reserve covers the master's kernelcore (0x80000000..0x8fffffff): that memory is not movable and cannot go offline"],
  },
  {
    name: 'reserve over a boot-loader range',
    script: 'reserve 1 section at 0x88000000',
    expected: [
      "1:9 error: reserve covers the boot loader's misc2 (0x88008000, 4608K): it is overwritten at every boot, so only the master may own it",
      "1:9 error: reserve covers the master's kernelcore (0x80000000..0x8fffffff): that memory is not movable and cannot go offline",
    ],
  },
  {
    name: 'reserve over the ram console (may fail)',
    script: 'reserve 1 section at 0xa0000000',
    expected: ['1:9 warning: reserve covers the ramconsole (0xa0200000, 2M): the kernel keeps it, so its section may refuse to go offline'],
  },
  {
    name: 'the second round of a repeat reserves again',
    script: 'repeat 2 {\n  reserve 1 section at 0x90000000\n}',
    expected: ['2:3 error: section 144 (0x90000000) is already offline in ics: nothing to reserve there'],
  },
  {
    name: 'unquoted load path',
    script: 'load images/jb/zImage at 0x91808000 as kernel for jb',
    expected: ['1:6 error: put the file path in quotes: "images/jb/zImage"'],
  },
  {
    name: 'misspelt nature',
    script: 'reserve 1 section at 0x90000000 for jb\nload atags at 0x90000100 as kernal for jb',
    expected: ["2:29 error: after 'as' write kernel, param or other, not 'kernal'"],
  },
  {
    name: 'kernel load without an instance',
    script: 'reserve 1 section at 0x91000000\nload "device:/sdcard/zImage" at 0x91808000 as kernel',
    expected: ["2:47 error: load as kernel needs 'for INSTANCE': without it the kernel writes the address into instance 0's page, which is the fsw header (the wakelock-skip word)"],
  },
  {
    name: 'load into memory still online in the master',
    script: 'load "device:/sdcard/zImage" at 0x91808000 as kernel for jb',
    expected: ['1:33 error: load into memory not reserved: section 145 (0x91000000) is online in ics; reserve it above'],
  },
  {
    name: 'load into a boot-loader range',
    script: 'load "device:/sdcard/initrd" at 0x88010000',
    expected: [
      "1:33 error: load at 0x88010000 writes into the boot loader's misc2 (0x88008000, 4608K), which it overwrites when the instance boots",
      '1:33 error: load into memory not reserved: section 136 (0x88000000) is online in ics; reserve it above',
    ],
  },
  {
    name: 'zImage above FSW_BASE',
    script: 'load "device:/sdcard/zImage" at 0xac100000 as kernel for jb',
    expected: ["1:33 error: a zImage at 0xac100000 is out of the kernel's limits (0x80000000..0xac000000): the boot would be cancelled"],
  },
  {
    name: 'boot without a kernel',
    script: 'boot jb',
    expected: [`1:1 error: boot jb without a kernel loaded: add 'load "zImage" at ADDRESS as kernel for jb' above`],
  },
  {
    name: 'boot the master',
    script: 'boot ics',
    expected: ['1:1 error: ics is already booted (running)', '1:6 error: ics is the master (instance 1): the boot loader starts it, a boot request cannot (BOOT takes 2..3)'],
  },
  {
    name: 'switch to an instance booted further down',
    script: `switch jb\n${BOOT_JB}`,
    expected: ['1:8 error: switch to jb, which is not booted yet (it boots on line 5, below)'],
  },
  {
    name: 'misspelt instance',
    script: 'switch jbb',
    expected: ["1:8 error: unknown instance 'jbb': not in the profile and not booted by this script; did you mean 'jb'?"],
  },
  {
    name: 'instance number out of range',
    script: 'switch 4',
    expected: ['1:8 error: instance number 4 is out of range: the kernel accepts 1..3'],
  },
  {
    name: 'request on the 2012 interface',
    script: 'request 2 sections',
    expected: [
      '1:1 error: request needs the fsw-notes interface (mem_request); this profile has fsw-2012, the public 2012 kernel, which cannot request sections',
      '1:1 warning: no other instance is booted: nobody can give sections, so the request comes back empty',
    ],
  },
  {
    name: 'terminate the master on the 2012 interface',
    script: 'terminate ics',
    expected: [
      '1:1 error: terminate needs the fsw-notes interface (TERMINATE mode); this profile has fsw-2012, the public 2012 kernel, which has no TERMINATE',
      '1:11 error: ics is the master (instance 1): it cannot be terminated, only powered off',
    ],
  },
  {
    name: 'wait until without a timeout',
    script: 'wait until ics sleeping',
    expected: [
      "1:1 error: wait until needs a timeout, so a script cannot hang: add 'timeout 90s'",
      '1:1 warning: ics is running here and nothing above changes that: this wait will time out',
    ],
  },
  {
    name: 'wait until on an absent instance',
    script: 'wait until jb running timeout 10s',
    expected: ['1:12 error: wait until jb running: jb is absent here, so this can only time out'],
  },
  {
    name: 'misspelt state',
    script: 'wait until ics runing timeout 10s',
    expected: ["1:16 error: wait until ics needs 'running' or 'sleeping', not 'runing'"],
  },
  {
    name: 'duration without unit',
    script: 'wait 3',
    expected: ["1:6 error: '3' needs a time unit: 3s, 3ms or 3us"],
  },
  {
    name: 'unknown time unit',
    script: 'wait 2min',
    expected: ["1:6 error: unknown time unit 'min' in '2min': use s, ms or us"],
  },
  {
    name: 'wait of zero',
    script: 'wait 0s',
    expected: ['1:6 warning: wait 0 does nothing'],
  },
  {
    name: 'repeat count that is not whole, body still read',
    script: 'repeat 2.5 {\n  swtich ics\n}',
    expected: ["1:8 error: repeat needs a whole number, not '2.5'", "2:3 error: unknown operation 'swtich'; did you mean 'switch'?"],
  },
  {
    name: 'repeat without a brace',
    script: 'repeat 3\n  switch ics\n}',
    expected: ["1:9 error: repeat 3 needs '{' on the same line, then the lines to repeat, then '}'", "3:1 error: '}' without a matching 'repeat N {'"],
  },
  {
    name: 'repeat never closed',
    script: 'repeat 2 {\n  switch ics\n',
    expected: ["1:10 error: this '{' is never closed: add '}' after the last line to repeat"],
  },
  {
    name: 'text after a complete statement',
    script: `${BOOT_JB}\nboot jb now`,
    expected: ["6:9 error: unexpected 'now' after the end of the boot statement"],
  },
  {
    name: 'a stray character',
    script: 'switch ics @',
    expected: ["1:12 error: unexpected character '@' after the end of the switch statement"],
  },
  {
    name: 'misspelt field of last',
    script: 'switch ics\nexpect last.totl < 2s',
    expected: ["2:13 error: unknown field 'totl' of last; did you mean 'total'?"],
  },
  {
    name: "'=' for '=='",
    script: 'switch ics\nexpect last.outcome = ok',
    expected: ["2:21 error: compare with '==', not '='"],
  },
  {
    name: 'outcome that does not exist',
    script: 'switch ics\nexpect last.outcome == good',
    expected: ["2:24 error: last.outcome is one of ok, aborted, failed, not 'good'"],
  },
  {
    name: "'last' before any switch",
    script: 'expect last.total < 2s',
    expected: ["1:1 warning: no switch, boot, request or terminate above: 'last' refers to nothing yet"],
  },
  {
    name: 'misspelt instance state',
    script: 'expect ics sleepy',
    expected: ['1:12 error: expect ics needs a state (running, sleeping, booting, absent), not \'sleepy\''],
  },
  {
    name: 'sim line on a real phone',
    script: 'sim cable attach',
    context: { target: 'adb' },
    expected: ["1:1 error: sim lines change the simulator's scenario; the target is a real phone (adb)"],
  },
  {
    name: "'for' on a sim action that ends something",
    script: 'sim audio stop for 2s',
    expected: ["1:16 error: 'for' goes with 'sim audio play' (it reverts to stop by itself)"],
  },
  {
    name: 'switch while audio plays with no end',
    script: 'sim audio play\nswitch ics',
    expected: ["2:1 warning: audio playing holds a wakelock with no timeout: this request cannot suspend until it ends, so it times out; stop it first or add 'force'"],
  },
  {
    name: 'wakelock name with a space',
    script: 'wakelock hold "my lock" for 2s',
    expected: ['1:15 error: a wakelock name must be one word without spaces (Android splits /sys/power/wake_lock on whitespace)'],
  },
  {
    name: 'release of a wakelock never held',
    script: 'wakelock release foo',
    expected: ["1:18 warning: wakelock 'foo' is not held by this script in ics"],
  },
  {
    name: 'unquoted shell command',
    script: 'shell cat /proc/wakelocks',
    expected: ['1:7 error: shell needs a quoted command: put it in quotes'],
  },
  {
    name: 'mark label never closed',
    script: 'mark "warm-up',
    expected: ['1:6 error: string is not closed: add " before the end of the line'],
  },
  {
    name: 'one line of many errors does not hide the others',
    script: 'reserv 1 section at 0x90000000\nwait 3\nswitch jbb',
    expected: [
      "1:1 error: unknown operation 'reserv'; did you mean 'reserve'?",
      "2:6 error: '3' needs a time unit: 3s, 3ms or 3us",
      "3:8 error: unknown instance 'jbb': not in the profile and not booted by this script; did you mean 'jb'?",
    ],
  },
];

function render(script: string, context?: Partial<ScriptContext>): string[] {
  return checkScript(script, galaxyNexusContext(context)).diagnostics.map((d) => `${d.range.startLine}:${d.range.startCol} ${d.severity}: ${d.message}`);
}

describe('broken scripts report exactly their diagnostics', () => {
  it('has at least 30 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of corpus) {
    it(c.name, () => {
      expect(render(c.script, c.context)).toEqual(c.expected);
    });
  }
});
