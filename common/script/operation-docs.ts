import type { ScriptTarget } from './context';
import type { OperationWord } from './units';

/**
 * What each operation does, for the editor's hover and completion: the
 * syntax, one line, and what happens in the kernel (from the paper's
 * mechanism and the public kernel, fastswitch-real.md §1). Our own words.
 */
export interface OperationDoc {
  syntax: string;
  summary: string;
  kernel: string;
  /** Control interfaces that have it; host-side operations work on both. */
  interfaces: readonly ('fsw-2012' | 'fsw-notes')[];
  /** Targets that run it, when not every one does (docs/script-language.md, "Targets"). */
  targets?: readonly ScriptTarget[];
  example: string;
}

const BOTH = ['fsw-2012', 'fsw-notes'] as const;

export const OPERATION_DOCS: Record<OperationWord, OperationDoc> = {
  reserve: {
    syntax: 'reserve N sections|SIZE at ADDRESS [for INSTANCE]',
    summary: 'Take memory away from the running instance, to give it to another.',
    kernel:
      'Each 16 MiB block from ADDRESS is set offline through memory hotplug (/sys/devices/system/memory/memoryN/state): the kernel migrates the pages away and stops using the block. Only movable memory can go; the master keeps its kernelcore, and device carve-outs and the boot loader\'s ranges are never given away.',
    interfaces: BOTH,
    example: 'reserve 16 sections at 0x90000000 for jb',
  },
  release: {
    syntax: 'release N sections|SIZE at ADDRESS [for INSTANCE]',
    summary: 'Give offline memory back to the running instance.',
    kernel: 'Each block is set online again: its pages join the running kernel\'s free pool. The block must be offline in every other live instance first, or two kernels would share it.',
    interfaces: BOTH,
    example: 'release 2 sections at 0x9e000000',
  },
  load: {
    syntax: 'load "FILE"|atags at ADDRESS [as kernel|param|other] [for INSTANCE]',
    summary: 'Copy a file into physical memory, as a boot loader would.',
    kernel:
      'The file is pushed to the phone and written to /d/fsw/load_file; the kernel maps the target physical page and copies the file there. `kernel` also records ADDRESS as the instance\'s zImage (its first jump), `param` as its ATAG pointer. The kernel does not check that the memory is free: reserve it first.',
    interfaces: BOTH,
    example: 'load "images/jb/zImage" at 0x91808000 as kernel for jb',
  },
  boot: {
    syntax: 'boot INSTANCE [timeout DURATION]',
    summary: 'Start a new instance beside the running one.',
    kernel:
      'Writes BOOT to /d/fsw/switch. At the next suspend the running instance sleeps, the CPU is warm-reset, the boot loader starts the master\'s zImage as usual, and its decompressor, seeing the boot request, jumps to the new instance\'s zImage instead. The new instance boots as from the boot loader.',
    interfaces: BOTH,
    example: 'boot jb',
  },
  switch: {
    syntax: 'switch INSTANCE [force] [timeout DURATION]',
    summary: 'Suspend the running instance and resume a sleeping one.',
    kernel:
      'Writes SUSPEND to /d/fsw/switch: the screen goes dark at once, and at the next suspend no wakelock blocks, the running instance saves its devices and CPU state, and the CPU jumps to the target\'s resume code instead of sleeping. The same instance is allowed (a self-switch). `force` sets the global wakelock-skip word for this switch, at the risk of wifi and audio.',
    interfaces: BOTH,
    example: 'switch ics',
  },
  request: {
    syntax: 'request N sections [at ADDRESS] [timeout DURATION]',
    summary: 'Ask the sleeping instances for memory (section transfer).',
    kernel:
      'Each sleeping instance resumes in turn and offlines what it can of its movable memory; the requester resumes last, whatever the outcome, and claims every section released. Described in the author\'s notes only; the syntax here is our reconstruction.',
    interfaces: ['fsw-notes'],
    example: 'request 4 sections',
  },
  terminate: {
    syntax: 'terminate INSTANCE [timeout DURATION]',
    summary: 'End a sleeping child and give its memory back to the master.',
    kernel: 'A TERMINATE mode (an alias of SUSPEND with one more condition) lets the master reclaim every section of the child. Described in the notes only; the mode number is our reconstruction.',
    interfaces: ['fsw-notes'],
    example: 'terminate jb',
  },
  wait: {
    syntax: 'wait DURATION | wait until INSTANCE running|sleeping timeout DURATION',
    summary: 'Let time pass, or wait for an instance to reach a state.',
    kernel: 'Nothing is written to the phone; the workbench waits, and fails the run when a `wait until` times out.',
    interfaces: BOTH,
    example: 'wait until jb running timeout 90s',
  },
  repeat: {
    syntax: 'repeat N { … }',
    summary: 'Run the enclosed lines N times.',
    kernel: 'Host-side only.',
    interfaces: BOTH,
    example: 'repeat 50 {\n  switch ics\n  switch jb\n}',
  },
  wakelock: {
    syntax: 'wakelock hold NAME [for DURATION] | wakelock release NAME',
    summary: 'Hold or drop an Android wakelock in the running instance.',
    kernel: 'Writes to /sys/power/wake_lock (with a timeout in ns) or /sys/power/wake_unlock. While any wakelock is held, a switch request waits: this is the wakelock wait of every switch.',
    interfaces: BOTH,
    example: 'wakelock hold bench for 2s',
  },
  shell: {
    syntax: 'shell "COMMAND"',
    summary: 'Run a command in the phone\'s shell, verbatim.',
    kernel: 'Whatever the command does; the checker cannot follow it.',
    interfaces: BOTH,
    example: 'shell "cat /proc/wakelocks"',
  },
  mark: {
    syntax: 'mark "LABEL"',
    summary: 'Put a named point in the log and the session.',
    kernel: 'Host-side only.',
    interfaces: BOTH,
    example: 'mark "warm-up done"',
  },
  expect: {
    syntax: 'expect last.FIELD OP VALUE | expect INSTANCE STATE | expect switches OP N | expect block N online|offline | expect dimm NAME online|offline',
    summary: 'Assert something about the last switch or the phone; the result is recorded.',
    kernel: 'Host-side only: compares against the switch records the analyser measured (total, wakelockWait, suspend, resume, outcome, kind, from, to, anomalies, blockingWakelocks) or the instances\' states; `block` and `dimm` read the blocks\' state in sysfs (memoryN/state).',
    interfaces: BOTH,
    example: 'expect last.total < 2s',
  },
  sim: {
    syntax: 'sim cable attach|detach | sim wifi busy|idle | sim audio play|stop [for DURATION]',
    summary: 'Change the simulator\'s scenario (simulator target only).',
    kernel: 'The simulated phone takes or drops the wakelocks of that scenario: the USB cable\'s vbus lock, wifi\'s timed locks during a transfer, audio\'s lock with no timeout.',
    interfaces: BOTH,
    targets: ['sim'],
    example: 'sim audio play for 6s',
  },
  suspend: {
    syntax: 'suspend mem|freeze [for DURATION] [timeout DURATION]',
    summary: 'Suspend the whole machine once and wake it: one measured plain-suspend cycle (qemu target only).',
    kernel:
      'The guest writes `mem` (suspend to RAM, S3) or `freeze` (suspend to idle) to /sys/power/state: it freezes tasks, suspends its devices and sleeps. After DURATION (default 2 s) the host wakes it (QMP system_wakeup for mem, a key press for freeze) and waits (default 60 s) for the analyser\'s plain-suspend record of the cycle, so `expect last.…` reads it.',
    interfaces: BOTH,
    targets: ['qemu'],
    example: 'suspend mem for 2s',
  },
  dimm: {
    syntax: 'dimm add SIZE as NAME | dimm remove NAME',
    summary: 'Hot-add or unplug a DIMM (qemu target only).',
    kernel:
      'QMP object-add memory-backend-ram and device_add pc-dimm plug a DIMM of SIZE (whole memory blocks) into a free slot; the guest sees its memory blocks appear above 4 GiB (memory32 and up), offline because of memhp_default_state=offline. `dimm remove` asks for the unplug (device_del); the guest lets it go only once its blocks are offline.',
    interfaces: BOTH,
    targets: ['qemu'],
    example: 'dimm add 128M as extra',
  },
  online: {
    syntax: 'online block N [movable] | online dimm NAME',
    summary: 'Online one memory block, or every block of a hot-added DIMM.',
    kernel:
      '`online block N` writes online (with `movable`, online_movable: ZONE_MOVABLE, so it can go offline again) to /sys/devices/system/memory/memoryN/state, on any target; the block must be offline in every other live instance. `online dimm NAME` (qemu) onlines each block of the DIMM as online_movable.',
    interfaces: BOTH,
    example: 'online dimm extra',
  },
  offline: {
    syntax: 'offline block N | offline dimm NAME',
    summary: 'Offline one memory block, or every block of a hot-added DIMM.',
    kernel:
      'Writes offline to /sys/devices/system/memory/memoryN/state: the kernel migrates the block\'s pages away and takes it out of the allocator (EBUSY when it holds unmovable pages). `offline dimm NAME` (qemu) does it for each block of the DIMM, which it must before `dimm remove`. Unlike `reserve`, it sets nothing aside for another instance.',
    interfaces: BOTH,
    example: 'offline block 7',
  },
};
