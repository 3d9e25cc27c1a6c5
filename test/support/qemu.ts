import { missingQemuTools } from '../../main/targets/qemu/qemu-tools';

/** What the QEMU target needs on this machine; `.ci/run` installs it (qemu-system-x86, busybox-static, cpio). */
const missing = missingQemuTools();

export const qemuAvailable = missing.length === 0;
export const qemuMissingReason = qemuAvailable ? '' : `(skipped: ${missing.join(', ')} missing; .ci/run installs them with apt-get)`;
