import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qemuAvailable, qemuMissingReason } from '../../support/qemu';
import { REPO, runFsw } from '../../support/run-cli';

/** `fsw run --target qemu` options that need no machine: what --explain prints, and bad input. */
describe('fsw run --target qemu options', () => {
  const example = join(REPO, 'resources/examples/qemu-s3-and-hotplug.fsw');

  it('explains the QEMU command line and the guest writes, with --append and the q35 chipset', async () => {
    const result = await runFsw(['run', example, '--target', 'qemu:q35', '--append', 'mem_sleep_default=deep', '--explain']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [command, ...rest] = result.stdout.split('\n');
    expect(command).toMatch(/^# QEMU q35: qemu-system-x86_64 -machine q35 -accel tcg .*-global ICH9-LPC\.disable_s3=0 /);
    expect(command).toContain('-append "console=ttyS0,115200 no_console_suspend initcall_debug ignore_loglevel printk.time=1 memhp_default_state=offline mem_sleep_default=deep"');
    expect(command).toContain('-chardev "pty,id=console" -serial chardev:console');
    expect(rest.join('\n')).toContain("echo 'fsw: suspend mem #N' > /dev/kmsg; echo mem > /sys/power/state");
    expect(rest.join('\n')).toContain('device_add pc-dimm id=extra memdev=mem-extra');
  });

  it('refuses a Fastswitch switch on the QEMU target before starting anything', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'fsw-qemu-opts-')), 'switch.fsw');
    writeFileSync(script, 'switch jb\n');
    const result = await runFsw(['run', script, '--target', 'qemu', '--explain']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/switch\.fsw:1:1: error: .*qemu target/);
  });

  it('names a kernel that is not there', async () => {
    const result = await runFsw(['run', example, '--target', 'qemu', '--kernel', '/nonexistent/bzImage', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--kernel /nonexistent/bzImage: no such file');
  });

  it.skipIf(!qemuAvailable)(`says why QEMU did not start, in its own words, for a kernel it cannot load ${qemuMissingReason}`, async () => {
    const kernel = join(mkdtempSync(join(tmpdir(), 'fsw-qemu-opts-')), 'not-a-kernel');
    writeFileSync(kernel, 'not a kernel\n');
    const result = await runFsw(['run', example, '--target', 'qemu', '--kernel', kernel, '--json'], { timeoutMs: 120_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/QEMU did not start: .*qemu: /);
  });

  it('says the QEMU flags go with the QEMU target, and which targets there are', async () => {
    const sim = await runFsw(['run', example, '--kernel', '/boot/vmlinuz']);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('--kernel, --initrd and --append go with --target qemu');
    const bad = await runFsw(['run', example, '--target', 'qemu:arm']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--target expects sim, adb[:SERIAL] or qemu[:pc|q35], got 'qemu:arm'");
  });
});
