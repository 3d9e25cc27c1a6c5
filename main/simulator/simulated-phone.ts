import type { DeviceState } from '../../common/domain/device-state';
import type { PlatformProfile } from '../../common/profile/platform-profile';
import type { DeviceFiles, FileResult, SimDeviceBackend, ToolResult } from './device-backend';
import { ControlFiles } from './control-files';
import { DeviceStorage, fakeZImage } from './device-storage';
import { runDeviceTool } from './device-tools';
import { EventQueue, type Speed } from './event-queue';
import type { GroundTruthRecord } from './ground-truth';
import { PhoneModel } from './phone-model';
import type { Scenario } from './scenario';

export interface SimulatorOptions {
  profile: PlatformProfile;
  seed?: number;
  speed?: Speed;
  scenario?: Partial<Scenario>;
  /** Supply your own clock and event queue (tests, or several models on one clock). */
  queue?: EventQueue;
  /** Start powered on with the master booted (default), or powered off. */
  start?: 'booted' | 'off';
}

const encoder = new TextEncoder();

/**
 * The simulated Galaxy Nexus (or any profiled board), in process. It is what
 * the adbd and UART endpoints serve and what the SimulatorTarget drives.
 */
export class SimulatedPhone implements SimDeviceBackend {
  readonly model: PhoneModel;
  readonly files: ControlFiles;
  readonly queue: EventQueue;
  private consoleInputListeners = new Set<(bytes: Uint8Array) => void>();
  private closed = false;

  constructor(options: SimulatorOptions) {
    this.queue = options.queue ?? new EventQueue(options.speed ?? 'fast');
    this.model = new PhoneModel({ profile: options.profile, seed: options.seed ?? 1, queue: this.queue, scenario: options.scenario });
    const storage = new DeviceStorage(() => Math.floor(this.model.wallMs() / 1000));
    this.files = new ControlFiles(this.model, storage);
    seedStorage(storage, options.profile);
    if ((options.start ?? 'booted') === 'booted') {
      this.model.powerOn();
      // the boot happened before anyone looked: run it at full speed in either mode
      this.queue.fastForward(() => this.model.adbReachable() && this.model.current?.androidUp === true, 10 * 60_000);
    }
  }

  // ---- SimDeviceBackend --------------------------------------------------------

  properties(): Record<string, string> {
    return this.model.properties();
  }

  runTool(name: string, args: string[]): ToolResult | undefined {
    return runDeviceTool(this.model, name, args);
  }

  dmesg(): string {
    return this.model.current?.log.dmesg() ?? '';
  }

  subscribeKmsg(listener: (text: string) => void): () => void {
    // /proc/kmsg belongs to whichever kernel runs: follow the switches
    const unsubs = [...this.model.instances.values()].map((inst) =>
      inst.log.subscribeKmsg((text) => {
        if (inst === this.model.current) listener(text);
      }),
    );
    return () => unsubs.forEach((u) => u());
  }

  adbReachable(): boolean {
    return this.model.adbReachable();
  }

  onAdbReachability(listener: (reachable: boolean) => void): () => void {
    return this.model.onAdb(listener);
  }

  readonly console = {
    onBytes: (listener: (bytes: Uint8Array) => void): (() => void) => this.model.onUart(listener),
    input: (bytes: Uint8Array): void => {
      for (const l of this.consoleInputListeners) l(bytes);
    },
    /** Optional extension: observe what is typed on the UART (a console shell reads it). */
    onInput: (listener: (bytes: Uint8Array) => void): (() => void) => {
      this.consoleInputListeners.add(listener);
      return () => this.consoleInputListeners.delete(listener);
    },
    /** Optional extension: put non-kernel bytes (a console shell's echo and output) on the UART. */
    write: (bytes: Uint8Array): void => this.model.writeUart(bytes),
  };

  now(): number {
    return this.model.now();
  }

  // ---- in-process conveniences ---------------------------------------------------

  state(): DeviceState {
    return this.model.state();
  }

  onState(listener: (s: DeviceState) => void): () => void {
    return this.model.onChange(() => listener(this.model.state()));
  }

  /** `echo TEXT > PATH` as root: resolves once the write is accepted (not once a switch happens). */
  writeControl(path: string, text: string): FileResult<void> {
    return this.files.write(path, encoder.encode(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** `cat PATH` as root. */
  readControl(path: string): FileResult<string> {
    const r = this.files.read(path);
    return r.ok ? { ok: true, value: new TextDecoder().decode(r.value) } : r;
  }

  runUntil(predicate: () => boolean, limitMs: number): Promise<boolean> {
    return this.queue.runUntil(predicate, limitMs);
  }

  /** fast mode only: the same, without a promise (benchmarks, tight test loops). */
  runUntilSync(predicate: () => boolean, limitMs: number): boolean {
    return this.queue.runUntilSync(predicate, limitMs);
  }

  groundTruth(): GroundTruthRecord[] {
    return this.model.truth.all();
  }

  /** Number of ground-truth records and whether the last is still open (no copies: for predicates). */
  groundTruthStatus(): { count: number; pending: boolean } {
    return this.model.truth.status();
  }

  groundTruthJson(): string {
    return this.model.truth.toJson();
  }

  setScenario(change: Partial<Scenario>): void {
    if (change.usbCable !== undefined) this.model.setUsbCable(change.usbCable);
    const { usbCable: _cable, ...activity } = change;
    const inst = this.model.current;
    if (inst && Object.keys(activity).length > 0) this.model.activity.setActivity(inst, activity);
  }

  scenario(): Scenario {
    const inst = this.model.current ?? this.model.instance(1)!;
    return { ...inst.activity, usbCable: this.model.usbCable };
  }

  pressPower(): void {
    this.model.pressPower();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.close();
  }
}

/** Images a developer would have pushed already, so a boot works without a push. */
function seedStorage(storage: DeviceStorage, profile: PlatformProfile): void {
  storage.mkdir('/data/media/fsw');
  for (const inst of profile.instances) {
    if (inst.id === 1) continue;
    storage.mkdir(`/data/media/fsw/${inst.name}`);
    storage.write(`/data/media/fsw/${inst.name}/zImage`, fakeZImage(0x3bf000 / 16, inst.id * 7919));
    storage.write(`/data/media/fsw/${inst.name}/initrd.img`, fakeZImage(0x4f800 / 8, inst.id * 104729).map((b, i) => (i < 0x30 ? 0 : b)));
  }
}

export type { DeviceFiles };
