import type { TargetInfo } from '../../common/api/contract';
import type { DeviceState } from '../../common/domain/device-state';
import type { LogRecord, LogSource } from '../../common/domain/log-record';

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
