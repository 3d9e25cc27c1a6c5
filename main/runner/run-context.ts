import type { ScriptStatus } from '../../common/api/contract';
import type { DeviceState } from '../../common/domain/device-state';
import type { SwitchRecord } from '../../common/domain/switch-record';
import type { TargetConnection } from '../targets/target';

/** What a running script may use of the workbench: the target, and the switches the analyser measured. */
export interface RunContext {
  connection: TargetConnection;
  deviceState(): Promise<DeviceState>;
  /** Resolves with the first switch record whose id is above `afterId`; rejects with a `timeout` error on the target's clock. */
  waitForSwitch(afterId: number, timeoutMs: number, signal: AbortSignal): Promise<SwitchRecord>;
  lastSwitch(): SwitchRecord | undefined;
  /** Switch records after `afterId` that were not aborted attempts. */
  countSwitches(afterId: number): number;
  status(status: ScriptStatus): void;
  /** A line of the runner's own in the log (`mark`, expectation results). */
  note(text: string, kind: 'mark' | 'line'): void;
  /** Local files a script `load`s are resolved against this folder (the script's own). */
  baseDir?: string;
}
