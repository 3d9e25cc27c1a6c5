/**
 * Resolves with the first value `subscribe` delivers, or with `fallback`
 * after `timeoutMs` or once `signal` aborts; the subscription and the timer
 * are dropped whichever comes first. `subscribe` returns its unsubscribe.
 */
export function firstDelivery<T>(subscribe: (deliver: (value: T) => void) => () => void, timeoutMs: number, fallback: T, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve) => {
    let settled = false;
    let unsubscribe: (() => void) | null = null;
    const finish = (value: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => finish(fallback);
    const timer = setTimeout(onAbort, timeoutMs);
    unsubscribe = subscribe(finish);
    if (settled) unsubscribe();
    else if (signal?.aborted) finish(fallback);
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
