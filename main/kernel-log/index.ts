// The kernel-log analyser (issue 4): one analyser for live streams, recorded sessions and files.
export { createKernelLogPipeline, GALAXY_NEXUS_INSTANCES } from './pipeline';
export type { DetectedFormat, KernelLogPipeline, PipelineOptions, PipelineOutput } from './pipeline';
export { analyzeLogText } from './analyze-text';
export type { AnalyzeTextOptions } from './analyze-text';
export { summarizeSwitches } from './summary';
export type { PhaseStats } from './summary';
