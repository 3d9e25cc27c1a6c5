import type { ScriptStatus } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import type { DeviceState } from '../../common/domain/device-state';
import type { LogRecord } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import { createKernelLogPipeline } from '../kernel-log';
import type { PlatformProfile } from '../../common/profile/platform-profile';
import { scriptContextFrom } from '../../common/profile/script-context';
import type { SessionRecorder } from '../sessions/session-recorder';
import { createWorkbenchService } from '../services/workbench';
import type { TargetProvider } from '../targets/target';

export interface HeadlessRunOptions {
  text: string;
  baseDir: string;
  profile: PlatformProfile;
  provider: TargetProvider;
  targetId: string;
  onSwitch?: (record: SwitchRecord) => void;
  onLog?: (records: LogRecord[]) => void;
  onStatus?: (status: ScriptStatus) => void;
  recorder?: SessionRecorder;
}

export interface HeadlessRunResult {
  status: ScriptStatus;
  switches: SwitchRecord[];
  /** The device's state as read once the script ended (null when it could not be read). */
  device: DeviceState | null;
}

/**
 * Runs one script on one target without a UI, through the same service the
 * app uses (one analyser, one runner), for `fsw run` and lab scripts.
 */
export async function runHeadless(options: HeadlessRunOptions): Promise<HeadlessRunResult> {
  const service = createWorkbenchService({
    transport: 'web',
    providers: [options.provider],
    createPipeline: (source, instanceNames, initialInstance, allocateSeq) => createKernelLogPipeline({ source, instanceNames, initialInstance, allocateSeq }),
    defaultScriptContext: () => scriptContextFrom(options.profile, null, 'sim'),
    batchMs: 200,
  });
  const switches: SwitchRecord[] = [];
  // A script with nothing to wait for can end before script.run has even answered: keep every run's last word.
  const ended = new Map<string, ScriptStatus>();
  const endWaiters = new Map<string, (status: ScriptStatus) => void>();
  let runId: string | null = null;
  const pendingWrites: Promise<void>[] = [];
  service.hub.subscribe((name, payload) => {
    if (name === 'switch.record') {
      const record = payload as SwitchRecord;
      switches.push(record);
      if (options.recorder) pendingWrites.push(options.recorder.appendSwitch(record));
      options.onSwitch?.(record);
    } else if (name === 'log.records') {
      const records = payload as LogRecord[];
      options.recorder?.appendLogs(records);
      options.onLog?.(records);
    } else if (name === 'script.status') {
      const status = payload as ScriptStatus;
      options.onStatus?.(status);
      if (['finished', 'failed', 'stopped'].includes(status.state)) {
        ended.set(status.runId, status);
        endWaiters.get(status.runId)?.(status);
      }
    }
  });
  const stopOnSignal = () => {
    if (runId) void service.dispatch('script.stop', { runId });
    else {
      // Still connecting (a QEMU kernel booting, a phone coming back): nothing to stop cleanly, so leave now (targets end with the process).
      process.stderr.write('Interrupted while connecting to the target.\n');
      process.exit(130);
    }
  };
  process.once('SIGINT', stopOnSignal);
  try {
    const connected = await service.dispatch('targets.connect', { id: options.targetId });
    if (!connected.ok) throw WorkbenchError.fromData(connected.error);
    const started = await service.dispatch('script.run', { text: options.text, baseDir: options.baseDir });
    if (!started.ok) throw WorkbenchError.fromData(started.error);
    const id = (runId = (started.result as { runId: string }).runId);
    const status = ended.get(id) ?? (await new Promise<ScriptStatus>((resolve) => endWaiters.set(id, resolve)));
    await Promise.all(pendingWrites);
    const state = await service.dispatch('device.state', {});
    return { status, switches, device: state.ok ? (state.result as DeviceState | null) : null };
  } finally {
    process.off('SIGINT', stopOnSignal);
    await service.close();
  }
}
