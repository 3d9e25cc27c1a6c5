/**
 * Snippets for the editor, in Monaco's snippet syntax (`${1:default}`
 * placeholders). Each expands, with its defaults, to a script that checks
 * clean on the Galaxy Nexus (tested).
 */
export interface ScriptSnippet {
  label: string;
  description: string;
  body: string;
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
];

/** A snippet's body with every placeholder at its default, as a plain script. */
export function expandSnippet(body: string): string {
  return body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}
