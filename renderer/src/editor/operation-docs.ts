import type { OperationWord } from '../../../common/script/units';

export interface OperationDoc {
  /** How the line is written. */
  syntax: string;
  /** What happens on the phone, in the kernel's terms (paper and author's notes, fastswitch-real.md). */
  kernel: string;
  /** What reaches the phone (DESIGN §4), or "host only". */
  writes: string;
}

/**
 * Hover documentation of every operation. Written for a kernel developer
 * reading a script: what the Fastswitch kernel actually does with the
 * request, and the control-file writes it becomes.
 */
export const OPERATION_DOCS: Record<OperationWord, OperationDoc> = {
  reserve: {
    syntax: 'reserve N sections at ADDRESS [for INSTANCE]',
    kernel:
      'The running kernel takes each 16 MiB block offline through memory hotplug: its pages are migrated away, then the block leaves the buddy allocator so another instance can use that physical memory. Only movable-zone blocks go offline; a block holding pinned memory (ram console) or part of the master\'s kernelcore refuses with EBUSY, and a slow migration can time out (EAGAIN).',
    writes: 'echo offline > /sys/devices/system/memory/memoryN/state per block, N = address >> 24',
  },
  release: {
    syntax: 'release N sections at ADDRESS [for INSTANCE]',
    kernel:
      'The running kernel onlines the blocks again and gets their pages back. Onlining a block another kernel still uses would corrupt it; the checker refuses blocks online in another instance. A block that is already online answers EINVAL.',
    writes: 'echo online > /sys/devices/system/memory/memoryN/state per block',
  },
  load: {
    syntax: 'load "FILE" | atags at ADDRESS [as kernel|param|other] [for INSTANCE]',
    kernel:
      'The fsw driver maps the physical target (ioremap, which only works on memory the running kernel does not own: reserve it first), zero-fills to the page end and copies the file in, as a boot loader would. `as kernel` records the address as the instance\'s zImage jump address, `as param` as its ATAG pointer; anything else (an initrd) is only copied. Nothing checks that the memory is free: loading over online memory corrupts the running kernel. `atags` is the master\'s saved boot parameters (/d/fsw/instance_atags).',
    writes: 'adb push FILE /sdcard/…; echo "ADDR PATH NATURE INSTANCE" > /d/fsw/load_file',
  },
  boot: {
    syntax: 'boot INSTANCE [timeout DURATION]',
    kernel:
      'Requests a BOOT: the screen goes dark at once and, at the next suspend no wakelock blocks, the running kernel suspends its devices and the CPU is warm-reset. The boot loader loads the master\'s zImage, whose decompressor sees the fsw flag and jumps to the child\'s zImage with its ATAGs. The child boots as from the boot loader (about as long as a normal boot); the old instance stays asleep in RAM. A boot clears the wakelock-skip word.',
    writes: 'echo "1 N" > /d/fsw/switch; the host waits for the hand-over',
  },
  switch: {
    syntax: 'switch INSTANCE [force] [timeout DURATION]',
    kernel:
      'Requests a SUSPEND switch. The screen goes dark at once; the jump happens at the next suspend that no wakelock blocks (0.2 s in the common case, many seconds when wifi or audio hold wakelocks). The running kernel suspends its devices (66–108 ms of callbacks), parks the second core and, instead of entering low power, core 0 restores the target\'s saved registers and jumps to its resume address; the target resumes its devices and turns the screen on. The same instance is allowed (a self-switch, how the author timed switches). A bad request (no zImage, address out of limits) cancels the switch but the phone still suspends. `force` sets the global wakelock-skip word so held wakelocks are ignored, which can break wifi and audio.',
    writes: 'echo "2 N" > /d/fsw/switch (force: memrw FSW_BASE+0x10 0xdeadbeef before, cleared after)',
  },
  request: {
    syntax: 'request N sections [at ADDRESS] [timeout DURATION]',
    kernel:
      'fsw-notes interface (our reconstruction of the author\'s mem_request): the running instance asks the sleeping ones for N sections. Each is resumed in turn and offlines the movable sections it can spare, marking them released in the shared ownership table; the requester resumes last, whatever the outcome, and claims every released section.',
    writes: 'echo "N [ADDR]" > /d/fsw/mem_request; the host waits for the transfer to come back',
  },
  terminate: {
    syntax: 'terminate INSTANCE [timeout DURATION]',
    kernel:
      'fsw-notes interface: the master reclaims a sleeping child\'s memory (every section the child owns is marked claimed, then available to the master) and the child is gone for good. Only the master can terminate, and never the running instance.',
    writes: 'echo "4 N" > /d/fsw/switch (TERMINATE; its number is our reconstruction)',
  },
  wait: {
    syntax: 'wait DURATION | wait until INSTANCE running|sleeping timeout DURATION',
    kernel: 'Host side: nothing is written. `wait until` polls the phone\'s state (/d/fsw/status) until the instance is in that state, and fails after the timeout.',
    writes: 'host only',
  },
  repeat: {
    syntax: 'repeat N { … }',
    kernel: 'Host side: runs the lines of the block N times (a benchmark of N switches is `repeat N { switch jb; switch ics }`).',
    writes: 'host only',
  },
  wakelock: {
    syntax: 'wakelock hold NAME [for DURATION] | wakelock release NAME',
    kernel:
      'Takes or drops an Android 3.0 user wakelock in the running instance. While any wakelock is held, a requested switch waits (that wait is the "wakelock wait" phase); a lock with `for` times out by itself, one without blocks until released.',
    writes: 'echo "NAME NS" > /sys/power/wake_lock, echo NAME > /sys/power/wake_unlock',
  },
  shell: {
    syntax: 'shell "COMMAND"',
    kernel: 'Runs the command in the phone\'s root shell (adb shell or the UART console), verbatim: the escape hatch for anything the language does not say.',
    writes: 'the command itself',
  },
  mark: {
    syntax: 'mark "LABEL"',
    kernel: 'Host side: a named point in the log and the recorded session (e.g. "warm-up done"); statistics can start or stop at a mark.',
    writes: 'host only',
  },
  expect: {
    syntax: 'expect last.FIELD OP VALUE | expect switches OP N | expect INSTANCE STATE',
    kernel: 'Host side: an assertion on the last switch record measured from the kernel log (total, wakelockWait, suspend, resume, outcome, …) or on the phone\'s state; the result lands in the log and the session.',
    writes: 'host only',
  },
  sim: {
    syntax: 'sim cable attach|detach | sim wifi busy|idle | sim audio play|stop [for DURATION]',
    kernel: 'Simulator only: changes the scenario (the USB cable\'s vbus wakelock, wifi traffic, audio playback holding a wakelock without timeout). Rejected on a real phone.',
    writes: 'none (simulator scenario)',
  },
  suspend: {
    syntax: 'suspend mem|freeze [for DURATION] [timeout DURATION]',
    kernel:
      'qemu target only: the plain Linux guest suspends the whole machine (mem = S3, freeze = suspend to idle), sleeps DURATION (default 2 s) and is woken by the host; the analyser\'s plain-suspend record of the cycle becomes `last`.',
    writes: 'echo fsw-suspend > /dev/kmsg; echo mem > /sys/power/state; QMP system_wakeup',
  },
  dimm: {
    syntax: 'dimm add SIZE as NAME | dimm remove NAME',
    kernel:
      'qemu target only: a pc-dimm of SIZE (whole memory blocks) is plugged into a free slot; its blocks appear above 4 GiB, offline (memhp_default_state=offline). Removing asks the guest to let it go, which needs its blocks offline.',
    writes: 'QMP object-add memory-backend-ram + device_add pc-dimm; device_del',
  },
  online: {
    syntax: 'online block N [movable] | online dimm NAME',
    kernel:
      'Onlines memory block N (movable: into ZONE_MOVABLE) on any target, or (qemu) every block of a hot-added DIMM as online_movable. A block already online answers EINVAL.',
    writes: 'echo online|online_movable > /sys/devices/system/memory/memoryN/state',
  },
  offline: {
    syntax: 'offline block N | offline dimm NAME',
    kernel:
      'Offlines memory block N on any target (its pages are migrated away; EBUSY for unmovable ones), or (qemu) every block of a hot-added DIMM. Unlike reserve, nothing is set aside for another instance.',
    writes: 'echo offline > /sys/devices/system/memory/memoryN/state',
  },
};

/** Short notes for keywords that change what an operation does. */
export const KEYWORD_DOCS: Record<string, string> = {
  force: 'Skip wakelocks for this switch: the wakelock-skip word at FSW_BASE+0x10 is set to 0xDEADBEEF (global, cleared by any boot), so the switch does not wait for wifi or audio. The notes report it breaks them.',
  atags: "The master's boot parameters as the boot loader gave them (/d/fsw/instance_atags), copied for the child.",
  kernel: "`as kernel`: the load address becomes the instance's zImage jump address (instance page +0x10).",
  param: "`as param`: the load address becomes the instance's ATAG pointer (instance page +0x00).",
  other: '`as other`: only copied (an initrd).',
  sections: 'One section = one sparsemem section = one memory-hotplug block (16 MiB on the Galaxy Nexus).',
  timeout: 'How long the host waits before it gives up on this line.',
};

export function hoverMarkdown(word: string): string | null {
  const op = (OPERATION_DOCS as Record<string, OperationDoc | undefined>)[word];
  if (op) return `**${op.syntax}**\n\n${op.kernel}\n\n*On the phone:* \`${op.writes}\``;
  const kw = KEYWORD_DOCS[word];
  return kw ?? null;
}
