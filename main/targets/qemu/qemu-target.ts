import { z } from 'zod';
import type { TargetInfo } from '../../../common/api/contract';
import { WorkbenchError } from '../../../common/api/errors';
import type { DeviceState } from '../../../common/domain/device-state';
import { memoryStatePath } from '../../../common/script/compile';
import type { ScriptContext } from '../../../common/script/context';
import { gapRecord } from '../console/console-source';
import { SerialConsole } from '../console/serial-console';
import { holdUntilOpened, releaseAfterOpen } from '../held-sink';
import type { TargetClock, TargetConnection, TargetProvider, TargetSink } from '../target';
import { firstDelivery } from '../first-delivery';
import { wallClock } from '../wall-clock';
import { prepareBootImages, type BootImageOptions, type BootImages } from './boot-images';
import { GuestShell, type GuestResult } from './guest-shell';
import { dimmBlocks, LIST_MEMORY_COMMAND, parseMemoryListing, sectionsFromListing, type MemoryListing, type PluggedDimm } from './memory-blocks';
import { blockSizeOf, QEMU_INSTANCE, qemuScriptContext } from './qemu-script-context';
import { missingQemuTools } from './qemu-tools';
import { DEFAULT_MEMORY, QemuMachine, QemuMachineType, type QemuMemory } from './qemu-machine';


export interface QemuTargetOptions extends Omit<BootImageOptions, 'onProgress'> {
  /** More kernel arguments (`--append`). */
  append?: string;
  memory?: QemuMemory;
  /** How long the kernel may take to reach its init (default 5 minutes: emulation is slow on some machines). */
  bootTimeoutMs?: number;
  binary?: string;
}

/** What `suspend` did on the host side. */
export interface SuspendOutcome {
  /** QEMU said the machine slept (QMP SUSPEND for S3; the kernel's suspend-to-idle line for freeze). */
  slept: boolean;
  /** Host time from the write to the write's return. */
  hostMs: number;
}

const MemoryDevices = z.array(
  z.object({ type: z.string(), data: z.object({ id: z.string().optional(), addr: z.number(), size: z.number() }).passthrough() }),
);

const MACHINE_LABEL: Record<QemuMachineType, string> = { pc: 'pc (i440FX, PIIX4 ACPI)', q35: 'q35 (ICH9)' };

/**
 * A Linux kernel under QEMU as a target: the console is the machine's
 * first serial port, read through a pseudo-terminal as a phone's UART is;
 * commands go to a shell on its second serial port; the machine itself
 * (wake-up, DIMMs) is driven over QMP.
 */
export class QemuConnection implements TargetConnection {
  readonly clock: TargetClock = wallClock();
  private status: TargetInfo['status'] = 'connected';
  private detail: string | undefined;
  private sleeping = false;
  private lastState: DeviceState | null = null;
  private readonly refusals = new Map<number, string>();
  private readonly consoleWatchers = new Set<(text: string) => void>();
  private cycle = 0;
  private closed = false;

  private constructor(
    private readonly id: string,
    private readonly machine: QemuMachine,
    private readonly images: BootImages,
    private readonly console: SerialConsole,
    private readonly sink: TargetSink,
    private shellChannel: GuestShell | null,
  ) {}

  static async open(id: string, machineType: QemuMachineType, options: QemuTargetOptions, outerSink: TargetSink, progress: (message: string) => void = () => undefined): Promise<QemuConnection> {
    const held = holdUntilOpened(outerSink);
    // The first connect fetches a kernel and boots it: the connection area says which step it is on.
    const onProgress = (message: string) => {
      progress(message);
      outerSink.status({ id, kind: 'qemu', label: `QEMU ${MACHINE_LABEL[machineType]}`, status: 'connecting', detail: message });
    };
    const images = await prepareBootImages({ ...options, onProgress });
    onProgress(`starting QEMU ${machineType} with ${images.origin}`);
    const machine = await QemuMachine.start({ machine: machineType, images, ...(options.append ? { append: options.append } : {}), memory: options.memory ?? DEFAULT_MEMORY, ...(options.binary ? { binary: options.binary } : {}) });
    const console = new SerialConsole({ path: machine.consolePath, baudRate: 115_200 });
    const connection = new QemuConnection(id, machine, images, console, held.sink, null);
    try {
      await console.start({
        bytes: (bytes, t, wall) => connection.consoleBytes(bytes, t, wall),
        outage: (outage) => held.sink.record('uart', gapRecord(outage, `the console ${machine.consolePath}`)),
        state: () => undefined,
      });
      machine.onExit((why) => connection.lost(why));
      // The console is open before the CPU runs: the kernel's first line is in the log.
      await machine.resumeCpu();
      onProgress('booting the kernel');
      connection.shellChannel = await GuestShell.connect(machine.controlSocket, options.bootTimeoutMs ?? 300_000);
      await connection.deviceState();
    } catch (error) {
      await connection.close();
      throw error;
    }
    releaseAfterOpen(held.release);
    return connection;
  }

  info(): TargetInfo {
    const kernel = this.lastState?.instances[0]?.kernel ?? this.images.kernelRelease ?? 'Linux';
    return { id: this.id, kind: 'qemu', label: `QEMU ${MACHINE_LABEL[this.machine.options.machine]} · ${kernel}`, status: this.closed ? 'disconnected' : this.status, ...(this.detail ? { detail: this.detail } : {}) };
  }

  instanceNames(): Record<number, string> {
    return { [QEMU_INSTANCE.id]: QEMU_INSTANCE.name };
  }

  async deviceState(): Promise<DeviceState> {
    // While the machine sleeps its shell cannot answer: what was read last, with the kernel asleep.
    if (this.sleeping && this.lastState) return this.withStatus(this.lastState, 'sleeping');
    const listing = parseMemoryListing((await this.guest('listing the memory blocks', LIST_MEMORY_COMMAND)).output);
    const state = this.stateFrom(listing, await this.pluggedDimms());
    this.lastState = state;
    return state;
  }

  async writeControl(path: string, text: string): Promise<void> {
    const result = await this.guest(`writing ${text} to ${path}`, `echo ${shellWord(text)} > ${shellWord(path)}`);
    const block = /\/memory(\d+)\/state$/.exec(path);
    if (result.code !== 0) {
      const why = refusal(result);
      if (block) this.refusals.set(Number(block[1]), `${text}: ${why}`);
      await this.pushState();
      throw new WorkbenchError('device', `echo ${text} > ${path}: ${why}`, path);
    }
    if (block) this.refusals.delete(Number(block[1]));
    await this.pushState();
  }

  async readControl(path: string): Promise<string> {
    const result = await this.guest(`reading ${path}`, `cat ${shellWord(path)}`);
    if (result.code !== 0) throw new WorkbenchError('device', `cat ${path}: ${result.output.trim()}`, path);
    return result.output;
  }

  async shell(command: string): Promise<string> {
    return (await this.guest(`running '${command}'`, command)).output;
  }

  push(localPath: string): Promise<void> {
    return Promise.reject(new WorkbenchError('unsupported', `Cannot copy ${localPath}: the QEMU target has no file transfer (its initramfs holds busybox only)`, 'qemu'));
  }

  consoleInput(bytes: Uint8Array): void {
    void this.console.write(bytes).catch(() => undefined);
  }

  async scriptContext(): Promise<ScriptContext> {
    const state = await this.deviceState();
    return qemuScriptContext(state, this.machine.options.memory ?? DEFAULT_MEMORY, await this.pluggedDimms());
  }

  /**
   * One suspend of the whole machine: a marker in the kernel log, `STATE`
   * written to /sys/power/state, and a wake-up from the host once the
   * machine is asleep (QMP `system_wakeup` for S3, a key press for
   * suspend-to-idle). Resolves when the write returns, i.e. after resume.
   */
  async suspend(state: 'mem' | 'freeze', sleepMs: number, signal?: AbortSignal): Promise<SuspendOutcome> {
    const n = ++this.cycle;
    const started = performance.now();
    // Whichever comes first, the machine asleep or the write back, the other wait is dropped.
    const settled = new AbortController();
    const asleep =
      state === 'mem'
        ? this.machine.qmp.waitForEvent('SUSPEND', 120_000, undefined, settled.signal).then((e) => e !== null)
        : this.waitForConsole('PM: suspend-to-idle', 120_000, settled.signal);
    this.sleeping = true;
    this.detail = `suspending (${state === 'mem' ? 'suspend-to-RAM' : 'suspend-to-idle'}); the host wakes it ${sleepMs / 1000} s after it sleeps`;
    this.sink.status(this.info());
    const write = this.guest(`suspending (${state})`, `echo 'fsw: suspend ${state} #${n}' > /dev/kmsg; echo ${state} > /sys/power/state`, 180_000 + sleepMs);
    let slept = false;
    try {
      // The write returns on its own if the kernel refuses or aborts; otherwise the machine waits for us.
      const first = await Promise.race([asleep.then((ok) => (ok ? 'asleep' : 'no-sleep')), write.then(() => 'returned' as const, () => 'returned' as const)]);
      if (first === 'asleep') {
        slept = true;
        if (this.lastState) this.sink.state(this.withStatus(this.lastState, 'sleeping'));
        await this.clock.sleep(sleepMs, signal).catch(() => undefined);
        if (state === 'mem') await this.machine.qmp.execute('system_wakeup');
        else await this.machine.qmp.execute('send-key', { keys: [{ type: 'qcode', data: 'shift' }] });
      }
      const result = await write;
      if (result.code !== 0) throw new WorkbenchError('device', `echo ${state} > /sys/power/state: ${refusal(result)}`, '/sys/power/state');
      return { slept, hostMs: performance.now() - started };
    } finally {
      settled.abort();
      this.sleeping = false;
      if (this.status === 'connected') this.detail = undefined;
      this.sink.status(this.info());
      await this.pushState().catch(() => undefined);
    }
  }

  /** Plugs in a DIMM of `bytes` (QMP object-add + device_add) and waits until the guest lists its blocks. */
  async addDimm(name: string, bytes: number): Promise<void> {
    const { qmp } = this.machine;
    await qmp.execute('object-add', { 'qom-type': 'memory-backend-ram', id: `mem-${name}`, size: bytes });
    try {
      await qmp.execute('device_add', { driver: 'pc-dimm', id: name, memdev: `mem-${name}` });
    } catch (error) {
      await qmp.execute('object-del', { id: `mem-${name}` }).catch(() => undefined);
      throw error;
    }
    const dimm = (await this.pluggedDimms()).find((d) => d.name === name);
    if (!dimm) throw new WorkbenchError('device', `QEMU does not list DIMM ${name} after plugging it in`, 'qmp');
    const wanted = dimmBlocks(dimm, blockSizeOf(this.lastState));
    let listed = false;
    // ACPI tells the guest; it adds the blocks shortly after device_add returns.
    for (let i = 0; i < 100 && !listed; i++) {
      const state = await this.deviceState();
      listed = wanted.every((b) => state.sections.some((s) => s.index === b));
      if (!listed) await this.clock.sleep(100);
    }
    await this.pushState();
    if (!listed) throw new WorkbenchError('device', `The guest did not add the blocks of DIMM ${name} (memory${wanted[0]}…) within 10 s: is ACPI memory hotplug in its kernel?`, 'qemu');
  }

  /** Unplugs a DIMM (QMP device_del): the guest must release it (its blocks offline first); then its backend goes. */
  async removeDimm(name: string): Promise<void> {
    const { qmp } = this.machine;
    const deleted = qmp.waitForEvent('DEVICE_DELETED', 30_000, (e) => e.data.device === name);
    await qmp.execute('device_del', { id: name });
    if (!(await deleted)) {
      await this.pushState();
      throw new WorkbenchError('device', `The guest did not release DIMM ${name} within 30 s (a block still online in a zone it cannot leave refuses unplugging; offline it first)`, name);
    }
    await qmp.execute('object-del', { id: `mem-${name}` });
    await this.pushState();
  }

  /** Every block of a DIMM to `state`, one write each (the kernel answers per block). */
  async setDimmBlocks(name: string, state: 'online_movable' | 'offline'): Promise<void> {
    const dimm = (await this.pluggedDimms()).find((d) => d.name === name);
    if (!dimm) throw new WorkbenchError('not-found', `No DIMM called ${name} is plugged in`, name);
    for (const block of dimmBlocks(dimm, blockSizeOf(this.lastState))) await this.writeControl(memoryStatePath(block), state);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shellChannel?.close();
    await this.console.close().catch(() => undefined);
    await this.machine.stop();
  }

  // ---------------------------------------------------------------------------------

  private consoleBytes(bytes: Uint8Array, hostTimeMs: number, hostWallMs: number): void {
    this.sink.chunk('uart', bytes, hostTimeMs, hostWallMs);
    if (this.consoleWatchers.size) {
      const text = Buffer.from(bytes).toString('latin1');
      for (const w of [...this.consoleWatchers]) w(text);
    }
  }

  /** Resolves true when `needle` appears in what the console prints from now on, false after `timeoutMs` or once `signal` aborts. */
  private waitForConsole(needle: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    let tail = '';
    return firstDelivery<boolean>(
      (deliver) => {
        const watcher = (text: string) => {
          tail = (tail + text).slice(-needle.length - 4096);
          if (tail.includes(needle)) deliver(true);
        };
        this.consoleWatchers.add(watcher);
        return () => this.consoleWatchers.delete(watcher);
      },
      timeoutMs,
      false,
      signal,
    );
  }

  private guest(what: string, command: string, timeoutMs?: number) {
    if (!this.shellChannel) return Promise.reject(new WorkbenchError('device', `Cannot go on ${what}: the guest is not up`, 'qemu'));
    return this.shellChannel.run(command, timeoutMs);
  }

  private async pluggedDimms(): Promise<PluggedDimm[]> {
    const devices = MemoryDevices.parse(await this.machine.qmp.execute('query-memory-devices'));
    return devices.filter((d) => d.type === 'dimm' && d.data.id).map((d) => ({ name: d.data.id!, addr: d.data.addr, size: d.data.size }));
  }

  private stateFrom(listing: MemoryListing, dimms: PluggedDimm[]): DeviceState {
    return {
      model: `QEMU ${this.machine.options.machine}`,
      runningInstance: this.sleeping ? null : QEMU_INSTANCE.id,
      instances: [{ ...QEMU_INSTANCE, kernel: listing.kernelRelease, android: null, status: this.sleeping ? 'sleeping' : 'running' }],
      sections: sectionsFromListing(listing, dimms, this.refusals),
    };
  }

  private withStatus(state: DeviceState, status: 'running' | 'sleeping'): DeviceState {
    return { ...state, runningInstance: status === 'running' ? QEMU_INSTANCE.id : null, instances: state.instances.map((i) => ({ ...i, status })) };
  }

  private async pushState(): Promise<void> {
    if (this.closed) return;
    this.sink.state(await this.deviceState());
  }

  private lost(why: string): void {
    if (this.closed) return;
    this.status = 'lost';
    this.detail = why;
    this.sink.status(this.info());
  }
}

/** Why the guest refused a write: busybox sh says `sh: write error: Device or resource busy`, the kernel's errno in words. */
function refusal(result: GuestResult): string {
  return result.output.trim().replace(/^sh: (?:write error: )?/, '') || `exit status ${result.code}`;
}

/** A word for sh: bare when safe, single-quoted otherwise. */
function shellWord(text: string): string {
  return /^[\w./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The QEMU machines the connection area offers: `qemu:pc` and `qemu:q35`. */
export class QemuTargetProvider implements TargetProvider {
  constructor(
    private readonly options: QemuTargetOptions = {},
    private readonly onProgress?: (id: string, message: string) => void,
  ) {}

  async list(): Promise<TargetInfo[]> {
    const missing = missingQemuTools(this.options);
    const detail = missing.length
      ? `needs ${missing.join(', ')} (sudo apt-get install ${missing.join(' ')})`
      : 'boots a real Linux kernel under software emulation: suspend/resume, memory blocks, DIMM hotplug';
    return QemuMachineType.map((m) => ({ id: `qemu:${m}`, kind: 'qemu' as const, label: `QEMU ${MACHINE_LABEL[m]} · ${this.options.kernel ? this.options.kernel : "Debian's amd64 kernel"}`, status: 'disconnected' as const, detail }));
  }

  open(id: string, sink: TargetSink): Promise<TargetConnection> | null {
    const machine = parseQemuTarget(id);
    if (!machine) return null;
    return QemuConnection.open(id, machine, this.options, sink, (message) => this.onProgress?.(id, message));
  }
}

/** `qemu`, `qemu:pc` or `qemu:q35` → the machine type; anything else → null. */
export function parseQemuTarget(spec: string): QemuMachineType | null {
  if (spec === 'qemu') return 'pc';
  const m = /^qemu:(pc|q35)$/.exec(spec);
  return m ? (m[1] as QemuMachineType) : null;
}
