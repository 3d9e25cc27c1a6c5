import { createConnection, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkbenchError } from '../../../common/api/errors';

export interface GuestResult {
  output: string;
  code: number;
}

const END = ':fsw-end:';

/**
 * The workbench's own shell in the guest, on its second serial port
 * (ttyS1: raw, no echo, no prompt; see resources/qemu/init). Commands run
 * one at a time; each ends with a marker carrying its exit status and a
 * sequence number, so output is never attributed to the wrong command.
 */
export class GuestShell {
  private buffer = '';
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private waiter: { id: number; resolve: (r: GuestResult) => void; reject: (e: Error) => void } | null = null;
  private closedError: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.receive(text));
    socket.on('close', () => this.fail(new WorkbenchError('device', 'The guest shell closed (the machine has stopped)', 'qemu')));
    socket.on('error', (e) => this.fail(new WorkbenchError('device', `The guest shell's socket: ${e.message}`, 'qemu')));
  }

  /** Connects to QEMU's chardev socket for ttyS1 and waits until the guest's shell answers (the kernel is booted). */
  static async connect(path: string, timeoutMs: number, signal?: AbortSignal): Promise<GuestShell> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => resolve(s));
      s.once('error', (e) => reject(new WorkbenchError('device', `Cannot reach the guest's control serial port ${path}: ${e.message}`, 'qemu')));
    });
    const shell = new GuestShell(socket);
    try {
      await shell.awaitReady(timeoutMs, signal);
    } catch (error) {
      shell.close();
      throw error;
    }
    return shell;
  }

  /** Runs `command` with sh in the guest; resolves with what it printed (stdout and stderr) and its exit status. */
  run(command: string, timeoutMs = 30_000): Promise<GuestResult> {
    // The guest reads one line per command.
    if (/[\r\n]/.test(command)) return Promise.reject(new WorkbenchError('bad-request', `A guest command is one line: '${command.split(/[\r\n]/)[0]}…'`, 'qemu'));
    const next = this.queue.then(() => this.runNow(command, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.socket.destroy();
  }

  private async awaitReady(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Before init makes the line raw the tty echoes: the probe's answer (42) differs from its text.
    while (!this.buffer.includes(':fsw-ready:42')) {
      if (this.closedError) throw this.closedError;
      if (signal?.aborted) throw new WorkbenchError('busy', 'Stopped while the kernel was booting', 'qemu');
      if (Date.now() > deadline) throw new WorkbenchError('timeout', `The guest did not answer on its control port within ${timeoutMs / 1000} s (the kernel did not boot to its init; see the console log)`, 'qemu');
      this.socket.write('echo :fsw-ready:$((6*7))\n');
      await delay(1000);
    }
    // Probes sent meanwhile may still be answered: a first command takes everything up to its own marker.
    await this.runNow('true', 30_000);
  }

  private runNow(command: string, timeoutMs: number): Promise<GuestResult> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = ++this.seq;
    return new Promise<GuestResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new WorkbenchError('timeout', `The guest did not finish '${command}' within ${timeoutMs / 1000} s`, 'qemu'));
      }, timeoutMs);
      this.waiter = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      // Whatever came before this command is not its output.
      this.buffer = '';
      this.socket.write(`{ ${command.trim().replace(/;+$/, '')} ; } 2>&1 </dev/null; printf '\\n${END}%d:%d:\\n' $? ${id}\n`);
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    const waiter = this.waiter;
    if (!waiter) return;
    const marker = new RegExp(`\\n${END}(\\d+):${waiter.id}:\\n`).exec(this.buffer);
    if (!marker) return;
    // Output of an earlier command that timed out ends with its own marker: drop it.
    const before = this.buffer.slice(0, marker.index);
    const lastEnd = before.lastIndexOf(END);
    const output = lastEnd >= 0 ? before.slice(before.indexOf('\n', lastEnd) + 1) : before;
    this.buffer = this.buffer.slice(marker.index + marker[0].length);
    this.waiter = null;
    waiter.resolve({ output, code: Number(marker[1]) });
  }

  private fail(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    this.waiter?.reject(error);
    this.waiter = null;
  }
}
