import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { checkScript } from '../../../common/script/checker';
import { ControlInterfaceName } from '../../../common/script/context';
import { parse } from '../../../common/script/parser';
import { DESIGN_SKETCH, exampleScripts } from './examples';
import { galaxyNexusContext } from './galaxy-nexus';
import { qemuTestContext } from './qemu';

const examples = exampleScripts();

describe('example scripts', () => {
  it('cover the five scenarios of the issue, a transfer by hand on fsw-2012, and the qemu target', () => {
    expect(examples.map((e) => e.name)).toEqual([
      'benchmark-50-switches.fsw',
      'boot-second-instance.fsw',
      'forced-switch-audio.fsw',
      'qemu-s3-and-hotplug.fsw',
      'section-transfer-by-hand.fsw',
      'section-transfer.fsw',
      'wakelock-load.fsw',
    ]);
  });

  for (const example of examples) {
    describe(example.name, () => {
      const directives = parse(example.text).script.directives;
      const header = (key: string) => directives.find((d) => d.key === key)?.value;
      // `# target: qemu` examples run on a plain Linux guest, the others on the phone (or its simulator).
      const context = header('target') === 'qemu' ? qemuTestContext() : galaxyNexusContext({ interface: ControlInterfaceName.parse(header('interface') ?? 'fsw-2012') });

      it('parses and checks with no error and no warning', () => {
        const problems = checkScript(example.text, context).diagnostics.filter((d) => d.severity !== 'info');
        expect(problems).toEqual([]);
      });

      it('says in its header how many switches a clean run makes, and the checker agrees', () => {
        const expected = Number(header('expect-switches'));
        expect(expected).toBeGreaterThan(0);
        expect(checkScript(example.text, context).expectedSwitches).toBe(expected);
      });

      it('passes fsw check', async () => {
        const out: string[] = [];
        const code = await runCli(['check', example.path], { out: (t) => out.push(t), err: (t) => out.push(t) });
        expect({ code, out: out.join('\n') }).toMatchObject({ code: 0 });
      });
    });
  }

  it('DESIGN §5 sketch parses with no diagnostic', () => {
    expect(parse(DESIGN_SKETCH).diagnostics).toEqual([]);
  });
});
