import { profileDeviceFacts } from '../../common/profile/profile-facts';
import { scriptContextFrom } from '../../common/profile/script-context';
import { AdbTargetProvider } from '../targets/adb/adb-target-provider';
import { parseAdbServer } from '../targets/adb/adb-server';
import { createKernelLogPipeline } from '../kernel-log';
import { analyzeLogText } from '../kernel-log/analyze-text';
import { loadProfileOrThrow } from '../profiles/load-profile';
import { defaultSessionsDir } from '../sessions/default-dir';
import type { Speed } from '../simulator/event-queue';
import { QemuTargetProvider, type QemuTargetOptions } from '../targets/qemu/qemu-target';
import { SimulatorTargetProvider } from '../targets/simulator/simulator-target';
import { createWorkbenchService, type Workbench } from './workbench';

export interface CreateWorkbenchOptions {
  transport: 'electron' | 'web';
  /** A profile file for the simulator and the checker (default: the built-in Galaxy Nexus). */
  profilePath?: string;
  simSpeed?: Speed;
  simSeed?: number;
  /** Where sessions are recorded (default: `defaultSessionsDir()`, shared with `fsw sessions`). */
  sessionsDir?: string;
  /** Phones over adb: the local adb server (default), a lab host's `HOST:PORT`, or false for none (tests). */
  adb?: { host?: string } | false;
  /** Linux under QEMU (`qemu:pc`, `qemu:q35`): the kernel to boot, or false to leave the machines out. */
  qemu?: QemuTargetOptions | false;
}

/** The composition root: the real targets, analyser and runner behind the contract. */
export function createWorkbench(options: CreateWorkbenchOptions): Workbench {
  const profile = loadProfileOrThrow(options.profilePath);
  const seed = options.simSeed ?? 1;
  const instanceNames = Object.fromEntries(profile.instances.map((i) => [i.id, i.name]));
  return createWorkbenchService({
    transport: options.transport,
    providers: [
      new SimulatorTargetProvider({ profile, speed: options.simSpeed ?? 'realtime', seed }),
      ...(options.adb === false ? [] : [new AdbTargetProvider({ server: parseAdbServer(options.adb?.host), connection: { profile, instanceNames } })]),
      ...(options.qemu === false ? [] : [new QemuTargetProvider(options.qemu ?? {})]),
    ],
    createPipeline: (source, instanceNames, initialInstance, allocateSeq) => createKernelLogPipeline({ source, instanceNames, initialInstance, allocateSeq }),
    defaultScriptContext: () => scriptContextFrom(profile, null, 'sim'),
    sessions: {
      dir: options.sessionsDir ?? defaultSessionsDir(),
      // The same facts `fsw run --record` writes, so sessions from the app and the CLI compare alike.
      describe: () => ({
        profile: profile.id,
        device: profileDeviceFacts(profile),
        target: `sim:seed=${seed}`,
      }),
      analyze: (text) => analyzeLogText(text),
    },
  });
}
