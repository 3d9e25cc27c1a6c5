import type { LogRecord, LogSource } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import { createKernelLogPipeline, type DetectedFormat } from './pipeline';

export interface AnalyzeTextOptions {
  source?: LogSource;
  instanceNames?: Record<number, string>;
  /** The instance printing when the log begins, when known (a file rarely says). */
  initialInstance?: number | null;
  /** Keep every LogRecord in the result (default true); off when only switches matter. */
  keepRecords?: boolean;
}

/**
 * A whole log at once (a dmesg or UART capture a user drops in). Files carry
 * no host receive clock, so spans across two kernels come out null.
 */
export function analyzeLogText(text: string, options: AnalyzeTextOptions = {}): { records: LogRecord[]; switches: SwitchRecord[]; format: DetectedFormat } {
  const pipeline = createKernelLogPipeline({
    source: options.source ?? 'file',
    ...(options.instanceNames ? { instanceNames: options.instanceNames } : {}),
    hostClock: false,
    initialInstance: options.initialInstance ?? null,
    keepRecords: options.keepRecords ?? true,
  });
  const a = pipeline.push(text, 0);
  const b = pipeline.end(0);
  return { records: a.records.concat(b.records), switches: a.switches.concat(b.switches), format: pipeline.format() };
}
