import { spawnSync } from 'node:child_process';

export interface QemuToolsNeeded {
  binary?: string;
  /** A kernel of the user's: Debian's is not fetched, so apt-get and dpkg-deb are not needed. */
  kernel?: string;
  /** An initramfs of the user's: the workbench's is not built, so busybox-static and cpio are not needed. */
  initrd?: string;
}

const runs = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/**
 * Debian packages the QEMU target needs and this machine lacks, by package
 * name (what `apt-get install` takes). The initramfs needs a static busybox
 * with cttyhack, as Debian's busybox-static is (ldd answers only for a
 * dynamically linked program).
 */
export function missingQemuTools(needed: QemuToolsNeeded = {}): string[] {
  const missing: string[] = [];
  if (!runs(needed.binary ?? 'qemu-system-x86_64', ['--version'])) missing.push('qemu-system-x86');
  if (!needed.initrd) {
    if (!runs('sh', ['-c', '/bin/busybox --list | grep -qx cttyhack']) || runs('ldd', ['/bin/busybox'])) missing.push('busybox-static');
    if (!runs('cpio', ['--version'])) missing.push('cpio');
  }
  if (!needed.kernel) {
    if (!runs('apt-get', ['--version'])) missing.push('apt');
    if (!runs('dpkg-deb', ['--version'])) missing.push('dpkg');
  }
  return missing;
}
