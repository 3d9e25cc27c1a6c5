/**
 * The seam between the simulated phone (the model) and the wires a
 * workbench reaches it through (adbd, the shell, the UART endpoint).
 * The model implements it; the wires only speak through it, exactly as
 * adbd and toolbox on a real phone only speak through the kernel's files.
 */

export type Errno = 'ENOENT' | 'EACCES' | 'EPERM' | 'EINVAL' | 'EBUSY' | 'EAGAIN' | 'EISDIR' | 'ENOTDIR' | 'ENOSPC' | 'EEXIST' | 'ENODEV' | 'EIO' | 'EFAULT' | 'ENOMEM';

export type FileResult<T> = { ok: true; value: T } | { ok: false; errno: Errno };

export interface FileStat {
  type: 'file' | 'dir' | 'link';
  size: number;
  /** Unix permission bits, e.g. 0o644. */
  mode: number;
  mtimeS: number;
}

/** The running instance's file tree: sysfs, debugfs (/d), procfs and a writable /data, /sdcard. */
export interface DeviceFiles {
  read(path: string): FileResult<Uint8Array>;
  /** One write(2) of the whole buffer, with sysfs/debugfs semantics (the store callback sees it all at once). */
  write(path: string, data: Uint8Array, options?: { append?: boolean }): FileResult<void>;
  stat(path: string): FileResult<FileStat>;
  list(dir: string): FileResult<string[]>;
  remove(path: string): FileResult<void>;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface SimDeviceBackend {
  files: DeviceFiles;
  /** getprop of the running instance (ro.product.model, ro.build.version.release, …). */
  properties(): Record<string, string>;
  /** Device-specific binaries the shell does not implement itself (e.g. a /dev/mem poke tool); undefined if unknown. */
  runTool(name: string, args: string[]): ToolResult | undefined;
  /** Ring buffer of the running instance as `dmesg` prints it. */
  dmesg(): string;
  /** Lines of the running instance's /proc/kmsg (with `<N>` prefixes, newline-terminated) as they are printed. */
  subscribeKmsg(listener: (text: string) => void): () => void;
  /** Whether adbd is reachable now (false while the phone is suspended or switching). */
  adbReachable(): boolean;
  onAdbReachability(listener: (reachable: boolean) => void): () => void;
  /** The UART: console bytes of whichever kernel runs, and input typed to its console. */
  console: {
    onBytes(listener: (bytes: Uint8Array) => void): () => void;
    input(bytes: Uint8Array): void;
    /** Optional: what `input` received, for a console shell to read (the kernel itself ignores typed bytes). */
    onInput?(listener: (bytes: Uint8Array) => void): () => void;
    /** Optional: put non-kernel bytes (a console shell's echo and output) on the same UART stream. */
    write?(bytes: Uint8Array): void;
  };
  /** Virtual time in ms. */
  now(): number;
}
