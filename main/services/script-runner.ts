import type { ScriptStatus } from '../../common/api/contract';
import type { DeviceState } from '../../common/domain/device-state';
import type { SwitchRecord } from '../../common/domain/switch-record';
import type { TargetConnection } from '../targets/target';

/** What a running script may use of the workbench: the target, and the switches the analyser measured. */
export interface RunContext {
  connection: TargetConnection;
  deviceState(): Promise<DeviceState>;
  /** Resolves with the first switch record whose id is above `afterId`, or rejects after `timeoutMs`. */
  waitForSwitch(afterId: number, timeoutMs: number, signal: AbortSignal): Promise<SwitchRecord>;
  lastSwitch(): SwitchRecord | undefined;
  status(status: ScriptStatus): void;
}

export interface ScriptRun {
  readonly runId: string;
  stop(): void;
  readonly done: Promise<ScriptStatus>;
}

/** Starts a script; throws a WorkbenchError of kind `bad-request` (with line:column) when the script does not check. */
export type StartScript = (text: string, context: RunContext) => ScriptRun;
