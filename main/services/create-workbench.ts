import { scriptContextFrom } from '../../common/profile/script-context';
import { createKernelLogPipeline } from '../kernel-log';
import { loadProfileOrThrow } from '../profiles/load-profile';
import type { Speed } from '../simulator/event-queue';
import { SimulatorTargetProvider } from '../targets/simulator/simulator-target';
import { createWorkbenchService, type Workbench } from './workbench';

export interface CreateWorkbenchOptions {
  transport: 'electron' | 'web';
  /** A profile file for the simulator and the checker (default: the built-in Galaxy Nexus). */
  profilePath?: string;
  simSpeed?: Speed;
  simSeed?: number;
}

/** The composition root: the real targets, analyser and runner behind the contract. */
export function createWorkbench(options: CreateWorkbenchOptions): Workbench {
  const profile = loadProfileOrThrow(options.profilePath);
  return createWorkbenchService({
    transport: options.transport,
    providers: [new SimulatorTargetProvider({ profile, speed: options.simSpeed ?? 'realtime', seed: options.simSeed ?? 1 })],
    createPipeline: (source, instanceNames, initialInstance, allocateSeq) => createKernelLogPipeline({ source, instanceNames, initialInstance, allocateSeq }),
    defaultScriptContext: () => scriptContextFrom(profile, null, 'sim'),
  });
}
