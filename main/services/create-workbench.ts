import { createWorkbenchService, type Workbench } from './workbench';

export interface CreateWorkbenchOptions {
  transport: 'electron' | 'web';
}

/** The composition root: the real targets, analyser and runner behind the contract. */
export function createWorkbench(options: CreateWorkbenchOptions): Workbench {
  return createWorkbenchService({
    transport: options.transport,
    providers: [],
    createPipeline: () => ({ push: () => ({ records: [], switches: [] }), pushRecord: () => [], end: () => ({ records: [], switches: [] }) }),
    startScript: () => {
      throw new Error('scripts arrive with the script runner');
    },
  });
}
