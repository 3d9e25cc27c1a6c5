/** Snippets for the scripts people write most (Monaco snippet syntax: ${1:placeholder}). */
export interface ScriptSnippet {
  label: string;
  detail: string;
  body: string;
}

export const SCRIPT_SNIPPETS: ScriptSnippet[] = [
  {
    label: 'boot-second-instance',
    detail: 'reserve memory, load zImage, initrd and ATAGs, boot a child instance',
    body: [
      '# Boot ${1:jb} beside the master (load addresses from the author\'s notes)',
      'reserve ${2:16} sections at ${3:0x90000000} for ${1:jb}',
      'load "${4:images/jb/zImage}" at ${5:0x91808000} as kernel for ${1:jb}',
      'load "${6:images/jb/initrd}" at ${7:0x92800000} for ${1:jb}',
      'load atags at ${8:0x90000100} as param for ${1:jb}',
      'boot ${1:jb} timeout 60s',
      'wait until ${1:jb} running timeout 120s',
      'expect ${1:jb} running',
      '',
    ].join('\n'),
  },
  {
    label: 'benchmark-switches',
    detail: 'N round trips between two instances, with a warm-up mark and checks',
    body: [
      '# ${1:25} round trips between ${2:ics} and ${3:jb}',
      'switch ${2:ics}',
      'mark "warm-up done"',
      'repeat ${1:25} {',
      '  switch ${3:jb}',
      '  expect last.outcome == ok',
      '  wait ${4:2s}',
      '  switch ${2:ics}',
      '  expect last.outcome == ok',
      '  wait ${4:2s}',
      '}',
      'mark "benchmark end"',
      '',
    ].join('\n'),
  },
  {
    label: 'switch-under-wakelock',
    detail: 'a switch that has to wait for a held wakelock',
    body: ['wakelock hold "${1:bench}" for ${2:2s}', 'switch ${3:jb}', 'expect last.wakelockWait > ${4:1s}', ''].join('\n'),
  },
  {
    label: 'forced-switch-audio',
    detail: 'audio playback holds a wakelock with no timeout; force skips it',
    body: ['sim audio play for ${1:10s}', 'switch ${2:jb} force', 'expect last.outcome == ok', ''].join('\n'),
  },
];
