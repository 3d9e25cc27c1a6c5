import type { SimDeviceBackend } from '../device-backend';

/** What a command of the simulated phone's shell gets to work with. */
export interface CommandContext {
  backend: SimDeviceBackend;
  args: string[];
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input when it is redirected or piped; undefined for the terminal. */
  stdin: string | undefined;
  /** Aborted when the session ends (the adb stream or UART shell closed). */
  signal: AbortSignal;
  cwd: string;
  /** Who the shell runs as: adbd's shell on this rooted phone is root; the UART console's is `shell`. */
  user: ShellUser;
  setUser(user: ShellUser): void;
  /** Resolves a path against the working directory. */
  resolve(path: string): string;
  setCwd(path: string): void;
  sleep(ms: number): Promise<void>;
  /** Runs a command line in this shell (for `su -c`, `sh -c`). */
  runLine(line: string): Promise<number>;
  /** Runs a command line that survives the session's end (for `nohup`). */
  runDetached(argv: string[]): Promise<number>;
}

export type ShellUser = 'root' | 'shell';

/** A builtin or toolbox command; resolves to its exit status. */
export type ShellCommand = (context: CommandContext) => number | Promise<number>;

/** The shell's name in its error messages: adbd runs `/system/bin/sh -c CMD`. */
export const SHELL_NAME = '/system/bin/sh';
