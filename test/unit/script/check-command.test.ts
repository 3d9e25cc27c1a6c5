import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { galaxyNexusContext } from './galaxy-nexus';

async function fsw(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'fsw-check-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('fsw check', () => {
  it('checks a qemu script against the built-in qemu guest, by flag or by header', async () => {
    const text = 'dimm add 128M as extra\nonline dimm extra\noffline block 7\nsuspend mem\n';
    const plain = file('qemu.fsw', text);
    expect(await fsw('check', '--target', 'qemu', plain)).toEqual({ code: 0, out: `${plain}: no problems (1 switch expected)`, err: '' });
    const headed = file('qemu-header.fsw', `# target: qemu\n${text}`);
    expect(await fsw('check', headed)).toEqual({ code: 0, out: `${headed}: no problems (1 switch expected)`, err: '' });
    const onPhone = await fsw('check', plain);
    expect(onPhone.code).toBe(1);
    expect(onPhone.out).toContain(`${plain}:1:1: error: dimm add: DIMM hotplug needs the qemu target (QMP device_add/device_del); the target is the simulator`);
    const switching = await fsw('check', '--target', 'qemu', file('switch.fsw', 'switch ics\n'));
    expect(switching.code).toBe(1);
    expect(switching.out).toContain('error: switch: the qemu target runs one plain Linux kernel; Fastswitch switches need the phone or the simulator');
  });

  it('exits 0 and says so for a clean script', async () => {
    const path = file('clean.fsw', 'switch ics\nwait 1s\n');
    const result = await fsw('check', path);
    expect(result).toEqual({ code: 0, out: `${path}: no problems (1 switch expected)`, err: '' });
  });

  it('prints FILE:LINE:COL: severity: message and the fix, and exits 1 on errors', async () => {
    const path = file('broken.fsw', 'swich ics\nwait 0s\n');
    const result = await fsw('check', path);
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      `${path}:1:1: error: unknown operation 'swich'; did you mean 'switch'?`,
      "    fix: change to 'switch'",
      `${path}:2:6: warning: wait 0 does nothing`,
      `${path}: 1 error, 1 warning`,
    ]);
  });

  it('exits 0 when there are only warnings', async () => {
    expect((await fsw('check', file('warn.fsw', 'wait 0s\n'))).code).toBe(0);
  });

  it('prints the diagnostics as a JSON array with --json', async () => {
    const path = file('json.fsw', 'switch jb\n');
    const result = await fsw('check', path, '--json');
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.out) as { file: string; code: string; severity: string; range: { startLine: number; startCol: number } }[];
    expect(parsed.map((d) => [d.file, d.severity, d.code, d.range.startLine, d.range.startCol])).toEqual([[path, 'error', 'order/switch-absent', 1, 8]]);
  });

  it('warns about a load whose host file is missing, relative to the script', async () => {
    const path = file('missing.fsw', 'reserve 1 section at 0x92000000 for jb\nload "nowhere/initrd" at 0x92800000 for jb\n');
    const result = await fsw('check', path);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${path}:2:6: warning: nowhere/initrd not found (looked at ${join(dir, 'nowhere/initrd')})`);
  });

  it('follows the script header for the interface, and the flag over the header', async () => {
    const path = file('notes.fsw', '# interface: fsw-notes\nswitch ics\nrequest 1 section\n');
    const byHeader = await fsw('check', path);
    expect(byHeader.code).toBe(0);
    expect(byHeader.out).not.toContain('needs the fsw-notes interface');
    const byFlag = await fsw('check', path, '--interface', 'fsw-2012');
    expect(byFlag.code).toBe(1);
    expect(byFlag.out).toContain(`${path}:3:1: error: request needs the fsw-notes interface`);
  });

  it('reads the phone from --context', async () => {
    const context = galaxyNexusContext({ instances: [{ id: 1, name: 'ics', status: 'sleeping' }, { id: 2, name: 'jb', status: 'running' }] });
    const contextPath = file('context.json', JSON.stringify(context));
    const path = file('ctx.fsw', 'switch jb\nswitch ics\n');
    expect((await fsw('check', path)).code).toBe(1);
    expect((await fsw('check', path, '--context', contextPath)).code).toBe(0);
  });

  it('says which field of a bad context is wrong', async () => {
    const contextPath = file('bad-context.json', JSON.stringify({ ...galaxyNexusContext(), interface: 'fsw-2013' }));
    const result = await fsw('check', file('x.fsw', 'wait 1s\n'), '--context', contextPath);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/bad-context\.json is not a ScriptContext: interface: /);
  });

  it('exits 1 with the reason when the script cannot be read', async () => {
    const result = await fsw('check', join(dir, 'absent.fsw'));
    expect(result).toMatchObject({ code: 1, err: `fsw check: cannot read ${join(dir, 'absent.fsw')}: ENOENT` });
  });

  it('exits 2 on bad usage', async () => {
    expect((await fsw('check')).code).toBe(2);
    expect((await fsw('check', 'x.fsw', '--interface', 'fsw-1999')).code).toBe(2);
    expect((await fsw('check', 'x.fsw', '--bogus')).code).toBe(2);
  });
});
