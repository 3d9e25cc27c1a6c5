import type { Errno } from '../device-backend';

/** strerror() texts of bionic in Android 4.0/4.1 (the kernel's wording, e.g. EAGAIN is "Try again"). */
const texts: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EINVAL: 'Invalid argument',
  EBUSY: 'Device or resource busy',
  EAGAIN: 'Try again',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOSPC: 'No space left on device',
  EEXIST: 'File exists',
  ENODEV: 'No such device',
  EIO: 'I/O error',
  EFAULT: 'Bad address',
  ENOMEM: 'Out of memory',
};

export function strerror(errno: Errno): string {
  return texts[errno];
}
