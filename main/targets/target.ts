import type { TargetInfo } from '../../common/api/contract';
import type { DeviceState } from '../../common/domain/device-state';
import type { LogRecord, LogSource } from '../../common/domain/log-record';
import type { ScriptContext } from '../../common/script/context';

/** What a connected target hands the rest of the app: raw log bytes, framed records, state and status changes. */
export interface TargetSink {
  /** Raw bytes of one log channel as received; the workbench frames and analyses them (one analyser, DESIGN §3). */
  chunk(source: LogSource, bytes: Uint8Array | string, hostTimeMs: number, hostWallMs: number): void;
  /** Records the target made itself, e.g. a `gap` while the device was away. */
  record(source: LogSource, record: Omit<LogRecord, 'seq' | 'source'>): void;
  state(state: DeviceState): void;
  status(info: TargetInfo): void;
}

/** One connected target (simulator, adb device + console, QEMU): the operations the runner needs. */
export interface TargetConnection {
  info(): TargetInfo;
  deviceState(): Promise<DeviceState>;
  /** Writes a control file as `echo TEXT > PATH` would, as root; rejects with a WorkbenchError of kind `device` carrying the kernel's error text. */
  writeControl(path: string, text: string): Promise<void>;
  readControl(path: string): Promise<string>;
  /** Copies a host file to the device, checking it arrived intact; progress in bytes. */
  push(localPath: string, remotePath: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Runs a device shell command as root and resolves with what it printed. */
  shell(command: string): Promise<string>;
  /** Time as the target runs it: the simulator's virtual clock, the wall clock for a phone. */
  clock: TargetClock;
  /** Scenario controls only a simulator has (cable, wifi, audio, screen); absent on real hardware. */
  scenario?(device: string, action: string, durationMs?: number): Promise<void>;
  /** What the script checker needs: the profile's memory map and interface, and the device's state now. */
  scriptContext(): Promise<ScriptContext>;
  /** A suspend of the whole machine, woken by the host after `sleepMs` (QEMU only); resolves once the kernel has resumed. */
  suspend?(state: 'mem' | 'freeze', sleepMs: number, signal?: AbortSignal): Promise<unknown>;
  /** DIMM hotplug (QEMU only): plug in `bytes` of RAM under the script's name for it, or unplug it. */
  addDimm?(name: string, bytes: number): Promise<void>;
  removeDimm?(name: string): Promise<void>;
  /** Every memory block of a hot-added DIMM online (movable) or offline (QEMU only). */
  setDimmBlocks?(name: string, state: 'online_movable' | 'offline'): Promise<void>;
  /** Bytes typed to the device's console (the UART), when the target has one that accepts input. */
  consoleInput?(bytes: Uint8Array): void;
  /** Instance names of the device's profile, by number (for log attribution). */
  instanceNames(): Record<number, string>;
  close(): Promise<void>;
}

/** A kind of target the connection area lists (the simulator, adb devices, serial ports, …). */
export interface TargetProvider {
  list(): Promise<TargetInfo[]>;
  /** Opens a target this provider listed. */
  open(id: string, sink: TargetSink): Promise<TargetConnection> | null;
}

/** How a script waits on a target. In fast mode the simulator's clock runs as fast as its events allow. */
export interface TargetClock {
  /** Milliseconds on this clock (virtual for the simulator). */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Resolves true as soon as `predicate` holds (checked whenever the target delivers something, and at least every poll interval), false after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}
