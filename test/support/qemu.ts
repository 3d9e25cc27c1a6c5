import { spawnSync } from 'node:child_process';

const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** What the QEMU target needs on this machine; `.ci/run` installs it (qemu-system-x86, busybox-static, cpio). */
const missing = [
  has('qemu-system-x86_64', ['--version']) ? null : 'qemu-system-x86_64',
  // A static busybox with cttyhack, as Debian's busybox-static is (ldd answers only for a dynamic one).
  has('sh', ['-c', '/bin/busybox --list | grep -qx cttyhack']) && !has('ldd', ['/bin/busybox']) ? null : 'busybox-static',
  has('cpio', ['--version']) ? null : 'cpio',
  has('apt-get', ['--version']) && has('dpkg-deb', ['--version']) ? null : 'apt-get/dpkg-deb',
].filter((m): m is string => m !== null);

export const qemuAvailable = missing.length === 0;
export const qemuMissingReason = qemuAvailable ? '' : `(skipped: ${missing.join(', ')} missing; .ci/run installs them with apt-get)`;
