import type { ScriptTarget } from './context';

/**
 * Snippets for the editor, in Monaco's snippet syntax (`${1:default}`
 * placeholders). Each expands, with its defaults, to a script that checks
 * clean on the Galaxy Nexus, or on the built-in qemu guest for those whose
 * target is qemu (tested).
 */
export interface ScriptSnippet {
  label: string;
  description: string;
  body: string;
  /** The only target the snippet runs on; absent: the phone and the simulator. */
  target?: ScriptTarget;
}

export const SNIPPETS: readonly ScriptSnippet[] = [
  {
    label: 'boot a second instance',
    description: 'reserve memory, load kernel, initrd and ATAGs, boot and wait (addresses from the author\'s notes)',
    body: [
      'reserve ${1:16} sections at ${2:0x90000000} for ${3:jb}',
      'load "${4:images/jb/zImage}" at ${5:0x91808000} as kernel for ${3:jb}',
      'load "${6:images/jb/initrd}" at ${7:0x92800000} for ${3:jb}',
      'load atags at ${8:0x90000100} as param for ${3:jb}',
      'boot ${3:jb}',
      'wait until ${3:jb} running timeout ${9:120s}',
    ].join('\n'),
  },
  {
    label: 'switch benchmark',
    description: 'N round trips between two instances, with a check on each switch',
    body: ['repeat ${1:25} {', '  switch ${2:ics}', '  expect last.total < ${3:3s}', '  wait ${4:2s}', '  switch ${5:jb}', '  expect last.total < ${3:3s}', '  wait ${4:2s}', '}'].join('\n'),
  },
  {
    label: 'self-switch timing',
    description: 'switch to the running instance, as the author timed switches',
    body: ['repeat ${1:10} {', '  switch ${2:ics}', '  wait ${3:1s}', '}'].join('\n'),
  },
  {
    label: 'switch under a wakelock',
    description: 'hold a timed wakelock, switch, and check the wakelock wait',
    body: ['wakelock hold ${1:bench} for ${2:2s}', 'switch ${3:ics}', 'expect last.wakelockWait >= ${4:1s}'].join('\n'),
  },
  {
    label: 'suspend cycles (qemu)',
    description: 'N suspend-to-RAM cycles of the whole machine, each checked',
    body: ['repeat ${1:10} {', '  suspend ${2:mem} for ${3:2s}', '  expect last.outcome == ok', '}'].join('\n'),
    target: 'qemu',
  },
  {
    label: 'hot-add a DIMM (qemu)',
    description: 'plug in a DIMM, online it as movable memory, then offline and unplug it',
    body: ['dimm add ${1:128M} as ${2:extra}', 'online dimm ${2:extra}', 'expect dimm ${2:extra} online', 'offline dimm ${2:extra}', 'dimm remove ${2:extra}'].join('\n'),
    target: 'qemu',
  },
];

/** A snippet's body with every placeholder at its default, as a plain script. */
export function expandSnippet(body: string): string {
  return body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}
