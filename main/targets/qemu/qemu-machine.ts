import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkbenchError } from '../../../common/api/errors';
import type { BootImages } from './boot-images';
import { QmpClient } from './qmp-client';

export const QemuMachineType = ['pc', 'q35'] as const;
export type QemuMachineType = (typeof QemuMachineType)[number];

/** Memory as `-m BOOT,slots=N,maxmem=MAX`: the boot RAM, and room for hot-added DIMMs. */
export interface QemuMemory {
  bootMiB: number;
  slots: number;
  maxMiB: number;
}

export const DEFAULT_MEMORY: QemuMemory = { bootMiB: 1024, slots: 4, maxMiB: 4096 };

/**
 * What the kernel needs to print what the workbench measures: the console
 * on ttyS0 kept through suspend, every device callback and every level,
 * printk times, and hot-added memory left offline for the script to online.
 */
export const BASE_APPEND = 'console=ttyS0,115200 no_console_suspend initcall_debug ignore_loglevel printk.time=1 memhp_default_state=offline';

export interface QemuMachineOptions {
  machine: QemuMachineType;
  images: BootImages;
  /** More kernel arguments after BASE_APPEND (`--append`). */
  append?: string;
  memory?: QemuMemory;
  binary?: string;
}

/** The QEMU command line for a machine whose sockets live in `dir`. Exported so `--explain` and tests can show it. */
export function qemuArgs(o: QemuMachineOptions, dir: string): string[] {
  const m = o.memory ?? DEFAULT_MEMORY;
  // S3 is off by default in both chipsets' ACPI tables; these switches put it back.
  const s3 = o.machine === 'pc' ? 'PIIX4_PM.disable_s3=0' : 'ICH9-LPC.disable_s3=0';
  return [
    ...['-machine', o.machine, '-accel', 'tcg', '-smp', '1', '-no-reboot', '-S'],
    ...['-global', s3],
    ...['-m', `${m.bootMiB}M,slots=${m.slots},maxmem=${m.maxMiB}M`],
    ...['-display', 'none', '-monitor', 'none', '-nodefaults'],
    ...['-kernel', o.images.kernel, '-initrd', o.images.initrd, '-append', [BASE_APPEND, o.append].filter(Boolean).join(' ')],
    // ttyS0: the kernel console, a pseudo-terminal read like a phone's UART adapter.
    ...['-chardev', 'pty,id=console', '-serial', 'chardev:console'],
    // ttyS1: the workbench's own shell (resources/qemu/init).
    ...['-chardev', `socket,id=control,path=${join(dir, 'control.sock')},server=on,wait=off`, '-serial', 'chardev:control'],
    ...['-qmp', `unix:${join(dir, 'qmp.sock')},server=on,wait=off`],
  ];
}

/**
 * One QEMU process, started paused (`-S`) so the console can be opened
 * before the kernel prints its first line, then let run with QMP `cont`.
 */
export class QemuMachine {
  private exited = false;
  private readonly exitListeners = new Set<(why: string) => void>();

  private constructor(
    readonly options: QemuMachineOptions,
    readonly dir: string,
    private readonly child: ChildProcess,
    readonly consolePath: string,
    readonly qmp: QmpClient,
  ) {}

  static async start(options: QemuMachineOptions): Promise<QemuMachine> {
    const binary = options.binary ?? 'qemu-system-x86_64';
    const dir = await mkdtemp(join(tmpdir(), 'fsw-qemu-'));
    const child = spawn(binary, qemuArgs(options, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
    // QEMU does not end with its parent: a workbench that exits takes its machine with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    // What QEMU printed last (it names the console's pseudo-terminal there, and says why it stopped).
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-16_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const lastLines = (n: number) => output.trim().split('\n').slice(-n).join(' / ');
    let failure: string | null = null;
    child.on('error', (e) => (failure = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${binary} is not installed (apt-get install qemu-system-x86)` : e.message));
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      failure ??= `QEMU exited with ${code ?? signal}: ${lastLines(3)}`;
    });

    // Stops a QEMU that did not come up, then says why (read once it has gone, so all it printed is in).
    const abandon = async (why: () => string) => {
      const gone = failure === null ? once(child, 'exit') : null;
      child.kill('SIGKILL');
      await gone;
      await rm(dir, { recursive: true, force: true });
      return new WorkbenchError('device', `QEMU did not start: ${why()}`, 'qemu');
    };

    let consolePath: string | undefined;
    const deadline = Date.now() + 20_000;
    // QEMU names the pseudo-terminal and creates its sockets before it answers anything.
    while (!(consolePath = /char device redirected to (\/dev\/pts\/\d+) \(label console\)/.exec(output)?.[1]) || !existsSync(join(dir, 'qmp.sock'))) {
      if (failure !== null || Date.now() > deadline) {
        const why = failure ?? 'no console pseudo-terminal after 20 s';
        throw await abandon(() => why);
      }
      await delay(25);
    }
    let qmp: QmpClient;
    try {
      qmp = await QmpClient.connect(join(dir, 'qmp.sock'));
    } catch (error) {
      // QEMU stopped while we dialled its QMP socket (a kernel it cannot load, say): what it printed says why.
      throw await abandon(() => lastLines(3) || (error as Error).message);
    }
    const machine = new QemuMachine(options, dir, child, consolePath, qmp);
    child.once('exit', (code, signal) => {
      machine.exited = true;
      const why = `QEMU exited (${code ?? signal})${output.trim() ? `: ${lastLines(2)}` : ''}`;
      for (const l of machine.exitListeners) l(why);
    });
    return machine;
  }

  get controlSocket(): string {
    return join(this.dir, 'control.sock');
  }

  onExit(listener: (why: string) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Lets the paused CPU run (after the console is open). */
  async resumeCpu(): Promise<void> {
    await this.qmp.execute('cont');
  }

  /** Stops QEMU: `quit` over QMP, a kill if it does not go, and its socket folder removed. */
  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      await this.qmp.execute('quit').catch(() => undefined);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }
    this.qmp.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
