import { posix } from 'node:path';
import type { Errno, SimDeviceBackend } from '../device-backend';
import { textToBytes } from './byte-string';
import { SHELL_NAME } from './command-context';
import { strerror } from './errno-text';

/**
 * Output redirected to a file. mksh opens the file first ("cannot create"
 * when open(2) fails) and its echo then does one write(2) of the whole text;
 * a failed write(2) is silent in mksh R39 (Android 4.0/4.1): only the exit
 * status (1) tells. The backend has one write call, so its errno is split by
 * which system call would have returned it.
 */
const openErrors: ReadonlySet<Errno> = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM']);

/** Files whose store callback must not see an empty write: mksh never calls write(2) with nothing. */
const attributeRoots = ['/sys/', '/proc/', '/d/', '/sys/kernel/debug/'];

export interface FileSink {
  path: string;
  append: boolean;
  chunks: string[];
}

/** Checks what open(O_WRONLY|O_CREAT) would refuse; returns the message to print, if any. */
export function checkCreate(backend: SimDeviceBackend, path: string, shown: string): string | undefined {
  if (path === '/dev/null') return undefined;
  const stat = backend.files.stat(path);
  if (stat.ok) return stat.value.type === 'dir' ? cannotCreate(shown, 'EISDIR') : undefined;
  const parent = backend.files.stat(posix.dirname(path));
  if (!parent.ok) return cannotCreate(shown, parent.errno);
  if (parent.value.type !== 'dir') return cannotCreate(shown, 'ENOTDIR');
  return undefined;
}

function cannotCreate(shown: string, errno: Errno): string {
  return `${SHELL_NAME}: cannot create ${shown}: ${strerror(errno)}\n`;
}

/** Writes what the command printed; resolves to a message to print (if any) and whether it failed. */
export function flushSink(backend: SimDeviceBackend, sink: FileSink, shown: string): { message?: string; failed: boolean } {
  if (sink.path === '/dev/null') return { failed: false };
  const text = sink.chunks.join('');
  if (text.length === 0 && attributeRoots.some((root) => sink.path.startsWith(root))) return { failed: false };
  const result = backend.files.write(sink.path, textToBytes(text), { append: sink.append });
  if (result.ok) return { failed: false };
  if (openErrors.has(result.errno)) return { message: cannotCreate(shown, result.errno), failed: true };
  return { failed: true };
}

export function cannotOpen(shown: string, errno: Errno): string {
  return `${SHELL_NAME}: cannot open ${shown}: ${strerror(errno)}\n`;
}
