import { galaxyNexusContext } from '../../common/script/galaxy-nexus-context';
import { createKernelLogPipeline } from '../kernel-log';
import { createWorkbenchService, type Workbench } from './workbench';

export interface CreateWorkbenchOptions {
  transport: 'electron' | 'web';
}

/** The composition root: the real targets, analyser and runner behind the contract. */
export function createWorkbench(options: CreateWorkbenchOptions): Workbench {
  return createWorkbenchService({
    transport: options.transport,
    providers: [],
    createPipeline: (source, instanceNames) => createKernelLogPipeline({ source, instanceNames }),
    defaultScriptContext: () => galaxyNexusContext(),
  });
}
