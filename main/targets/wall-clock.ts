import { WorkbenchError } from '../../common/api/errors';
import type { TargetClock } from './target';

function aborted(): WorkbenchError {
  return new WorkbenchError('busy', 'Stopped');
}

/** The clock of real hardware: wall time, with predicates re-checked on a short poll. */
export function wallClock(pollMs = 20): TargetClock {
  return {
    now: () => performance.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(aborted());
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(aborted());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    waitFor: (predicate, timeoutMs, signal) =>
      new Promise<boolean>((resolve, reject) => {
        if (signal?.aborted) return reject(aborted());
        if (predicate()) return resolve(true);
        const deadline = Date.now() + timeoutMs;
        const finish = (fn: () => void) => {
          clearInterval(poll);
          signal?.removeEventListener('abort', onAbort);
          fn();
        };
        const poll = setInterval(() => {
          if (predicate()) finish(() => resolve(true));
          else if (Date.now() >= deadline) finish(() => resolve(false));
        }, pollMs);
        const onAbort = () => finish(() => reject(aborted()));
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
