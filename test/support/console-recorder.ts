import type { ConsoleOutage, ConsoleSink, ConsoleState } from '../../main/targets/console/console-source';

/** A ConsoleSink that keeps everything it is told, for assertions. */
export function consoleRecorder() {
  const chunks: Buffer[] = [];
  const outages: ConsoleOutage[] = [];
  const states: Array<{ state: ConsoleState; detail?: string }> = [];
  const sink: ConsoleSink = {
    bytes: (bytes) => chunks.push(Buffer.from(bytes)),
    outage: (outage) => outages.push(outage),
    state: (state, detail) => states.push(detail === undefined ? { state } : { state, detail }),
  };
  return { sink, outages, states, text: () => Buffer.concat(chunks).toString('latin1') };
}

/** Polls until `check` holds, or fails naming what was awaited. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
