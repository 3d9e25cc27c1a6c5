import { scriptContextFrom } from '../../common/profile/script-context';
import { createKernelLogPipeline } from '../kernel-log';
import { analyzeLogText } from '../kernel-log/analyze-text';
import { loadProfileOrThrow } from '../profiles/load-profile';
import { defaultSessionsDir } from '../sessions/default-dir';
import type { Speed } from '../simulator/event-queue';
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
}

/** The composition root: the real targets, analyser and runner behind the contract. */
export function createWorkbench(options: CreateWorkbenchOptions): Workbench {
  const profile = loadProfileOrThrow(options.profilePath);
  const seed = options.simSeed ?? 1;
  return createWorkbenchService({
    transport: options.transport,
    providers: [new SimulatorTargetProvider({ profile, speed: options.simSpeed ?? 'realtime', seed })],
    createPipeline: (source, instanceNames, initialInstance) => createKernelLogPipeline({ source, instanceNames, initialInstance }),
    defaultScriptContext: () => scriptContextFrom(profile, null, 'sim'),
    sessions: {
      dir: options.sessionsDir ?? defaultSessionsDir(),
      // The same facts `fsw run --record` writes, so sessions from the app and the CLI compare alike.
      describe: () => ({
        profile: profile.id,
        device: {
          model: profile.model,
          serial: null,
          fingerprints: profile.instances.flatMap((i) => (i.buildFingerprint ? [`${i.name}: ${i.buildFingerprint}`] : [])),
          kernels: profile.instances.map((i) => `${i.name}: ${i.kernelRelease}`),
        },
        target: `sim:seed=${seed}`,
      }),
      analyze: (text) => analyzeLogText(text),
    },
  });
}
