import { WorkbenchError } from '../../common/api/errors';

/**
 * Building shell lines for the phone's /system/bin/sh and reading their
 * results. adb's shell (protocol v1, as on Android 4.x) merges stdout and
 * stderr and drops the exit status, so each command ends by echoing `$?`
 * behind a marker.
 */

const MARKER = ':fsw-rc:';

/** Single-quotes a word for sh: nothing inside is expanded. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** How commands reach root on this phone: adbd already runs as root, through `su -c`, or not at all. */
export type RootAccess = 'adbd' | 'su' | 'none';

export function asRoot(command: string, root: RootAccess): string {
  return root === 'su' ? `su -c ${shellQuote(command)}` : command;
}

/** The line sent to the phone: the command, then its exit status behind the marker. */
export function withStatus(command: string): string {
  return `${command}; echo ${MARKER}$?`;
}

export interface ShellResult {
  output: string;
  code: number;
}

/** Splits what `withStatus(command)` printed; null when the status never came (the connection went away first). */
export function parseStatus(text: string): ShellResult | null {
  const at = text.lastIndexOf(MARKER);
  if (at < 0) return null;
  const code = Number(/^\d+/.exec(text.slice(at + MARKER.length))?.[0]);
  if (!Number.isInteger(code)) return null;
  return { output: text.slice(0, at).replace(/\r\n/g, '\n'), code };
}

/** The line that writes a control file as `echo TEXT > PATH`. */
export function controlWriteCommand(path: string, text: string): string {
  return `echo ${shellQuote(text)} > ${shellQuote(path)}`;
}

/**
 * The kernel's answer to a failed write, as the shell words it
 * (`/system/bin/sh: echo: write error: Invalid argument`, `… can't create
 * PATH: Permission denied`), turned into an error that keeps that text.
 */
export function controlWriteError(path: string, text: string, result: ShellResult): WorkbenchError {
  // mksh R39's echo ignores a failed write(2) and prints nothing: only the status says it failed.
  const said = result.output.trim().split('\n').filter(Boolean).at(-1) ?? `the kernel refused it (exit status ${result.code}; this shell does not print the reason: see the kernel log)`;
  const reason = said.replace(/^\/system\/bin\/sh:\s*/, '').replace(/^(?:echo|sh):\s*/, '');
  const hint = /Permission denied|Operation not permitted/.test(reason) ? ' (is the phone rooted? debugfs needs root)' : '';
  return new WorkbenchError('device', `Writing "${text}" to ${path} failed: ${reason}${hint}`, path);
}

/** A failed read (`cat PATH`), keeping cat's words. */
export function controlReadError(path: string, result: ShellResult): WorkbenchError {
  const said = result.output.trim().split('\n').filter(Boolean).at(-1) ?? `exit status ${result.code}`;
  if (/Permission denied/.test(said)) {
    return new WorkbenchError('unauthorized', `Reading ${path} failed: ${said}. The phone does not give root to adb (no adbd root, no su): debugfs is unreadable. Use a rooted build (userdebug/eng or su).`, path);
  }
  return new WorkbenchError('device', `Reading ${path} failed: ${said}`, path);
}
