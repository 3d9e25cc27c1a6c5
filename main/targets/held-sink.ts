import type { TargetSink } from './target';

/**
 * A sink that keeps what a target reports while it is being opened and
 * hands it on once released. The app learns of the connection only when
 * open() resolves; the history read during the open (the kernel's ring,
 * the first console bytes) must not be dropped before that.
 */
export function holdUntilOpened(sink: TargetSink): { sink: TargetSink; release(): void } {
  let queue: Array<() => void> | null = [];
  const later =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (queue) queue.push(() => fn(...args));
      else fn(...args);
    };
  return {
    sink: { chunk: later(sink.chunk), record: later(sink.record), state: later(sink.state), status: later(sink.status) },
    release: () => {
      const held = queue ?? [];
      queue = null;
      for (const call of held) call();
    },
  };
}

/** Releases after the caller's awaiting code has run (it runs in microtasks; this waits for the next macrotask). */
export function releaseAfterOpen(release: () => void): void {
  setImmediate(release);
}
