import type { Duplex } from 'node:stream';
import { WorkbenchError } from '../../../common/api/errors';
import { parseStatus, withStatus, type ShellResult } from '../shell-command';
import type { DeviceClient } from './adbkit';

/** Drops a device stream we no longer read: no listener is left behind, and a late error cannot crash the process. */
export function discardStream(stream: Duplex): void {
  stream.removeAllListeners();
  stream.on('error', () => undefined);
  stream.destroy();
}

/** Reads a stream to its end, or until `timeoutMs` (then the stream is destroyed and what came so far is returned). */
export function readToEnd(stream: Duplex, timeoutMs: number): Promise<{ bytes: Buffer; timedOut: boolean }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.removeAllListeners('end');
      stream.removeAllListeners('close');
      stream.on('error', () => undefined);
      stream.destroy();
      resolve({ bytes: Buffer.concat(parts), timedOut });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    stream.once('end', () => finish(false));
    stream.once('close', () => finish(false));
    stream.once('error', () => finish(false));
  });
}

/** Thrown when the device went away before a command finished: whether it took effect is unknown. */
export class DeviceGoneError extends WorkbenchError {
  constructor(
    what: string,
    readonly partialOutput: string,
  ) {
    super('device', `The phone went away before it answered ${what}`, what);
  }
}

/** The phone's shell over one adb device: `shell:` commands with their exit status, and long-running streams. */
export class AdbShell {
  constructor(
    private readonly device: DeviceClient,
    private readonly timeoutMs: number,
  ) {}

  /** Runs a command and returns all it printed (stdout and stderr merged, as adb's shell v1 does). */
  async output(command: string, timeoutMs = this.timeoutMs): Promise<Buffer> {
    const stream = await this.device.shell(command);
    const { bytes, timedOut } = await readToEnd(stream, timeoutMs);
    if (timedOut) throw new WorkbenchError('timeout', `The phone did not finish '${command}' within ${Math.round(timeoutMs / 1000)} s`, command);
    return bytes;
  }

  /** Runs a command and reads its exit status; a DeviceGoneError when the connection ended first. */
  async run(command: string, timeoutMs = this.timeoutMs): Promise<ShellResult> {
    const text = (await this.output(withStatus(command), timeoutMs)).toString('utf8');
    const result = parseStatus(text);
    if (!result) throw new DeviceGoneError(`'${command}'`, text);
    return result;
  }

  /** A command whose output keeps coming (cat /proc/kmsg, logcat). */
  stream(command: string): Promise<Duplex> {
    return this.device.shell(command);
  }
}
