import { WorkbenchError } from '../../../common/api/errors';
import type { TargetClock } from '../target';

/** The slice of SimulatedPhone a clock needs. */
export interface VirtualTime {
  runUntil(predicate: () => boolean, limitMs: number): Promise<boolean>;
  now(): number;
}

/**
 * The simulator's clock for scripts: waits run on virtual time, so in fast
 * mode a 3 s `wait` or a 1.4 s switch costs only the events in between.
 */
export function simulatorClock(phone: VirtualTime): TargetClock {
  const race = async (run: Promise<boolean>, signal?: AbortSignal): Promise<boolean> => {
    // In fast mode a wait resolves at once; give the event loop a turn so disk writes and sockets keep up with virtual time.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!signal) return run;
    if (signal.aborted) throw new WorkbenchError('busy', 'Stopped');
    let onAbort: () => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(new WorkbenchError('busy', 'Stopped'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([run, stopped]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
  return {
    now: () => phone.now(),
    sleep: async (ms, signal) => {
      await race(phone.runUntil(() => signal?.aborted === true, ms), signal);
      if (signal?.aborted) throw new WorkbenchError('busy', 'Stopped');
    },
    waitFor: (predicate, timeoutMs, signal) => race(phone.runUntil(() => predicate() || signal?.aborted === true, timeoutMs), signal),
  };
}
