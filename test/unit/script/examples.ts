import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** DESIGN §5's sketch, verbatim: it must stay valid. */
export const DESIGN_SKETCH = `# boot Jelly Bean beside ICS (addresses from the author's notes), then benchmark
reserve 22 sections at 0x90000000 for jb        # offline blocks 144..165 in ics
load "images/jb/zImage"   at 0x91808000 as kernel for jb
load "images/jb/initrd"   at 0x92800000 for jb
load atags                at 0x90000100 as param for jb
boot jb
wait until jb running timeout 90s
repeat 50 {
  switch ics
  wait 3s
  switch jb
  wait 3s
}
request 4 sections                               # fsw-notes interface only
wakelock hold "bench" for 2s
switch ics force
shell "cat /proc/wakelocks"
mark "warm-up done"
`;

export const EXAMPLES_DIR = resolve(__dirname, '../../../resources/examples');

/** The example scripts shipped in resources/examples, by file name. */
export function exampleScripts(): { name: string; path: string; text: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.fsw'))
    .sort()
    .map((name) => {
      const path = join(EXAMPLES_DIR, name);
      return { name, path, text: readFileSync(path, 'utf8') };
    });
}
