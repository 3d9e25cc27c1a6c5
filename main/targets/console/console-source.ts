import type { LogRecord } from '../../../common/domain/log-record';

/**
 * A kernel console the workbench reads (and types to): a serial port, a
 * raw TCP console (ser2net, the simulator's UART), or a file replayed.
 * Bytes are delivered as received; line framing is the analyser's.
 */
export interface ConsoleSource {
  readonly id: string;
  readonly label: string;
  /** Opens the console; rejects with an actionable WorkbenchError when the first open fails. */
  start(sink: ConsoleSink): Promise<void>;
  /** Types to the kernel's console. */
  write(bytes: Uint8Array | string): Promise<void>;
  close(): Promise<void>;
}

export type ConsoleState = 'open' | 'reopening' | 'closed';

/** A stretch the console could not see (adapter unplugged, socat restarted, TCP peer gone). */
export interface ConsoleOutage {
  startMs: number;
  endMs: number;
  startWallMs: number;
  endWallMs: number;
  reason: string;
}

export interface ConsoleSink {
  bytes(bytes: Uint8Array, hostTimeMs: number, hostWallMs: number): void;
  /** Reported once the console is back, so the log marks the hole. */
  outage(outage: ConsoleOutage): void;
  state(state: ConsoleState, detail?: string): void;
}

/** The `gap` record that marks an outage in the log. */
export function gapRecord(outage: ConsoleOutage, what: string): Omit<LogRecord, 'seq' | 'source'> {
  const seconds = ((outage.endMs - outage.startMs) / 1000).toFixed(1);
  return {
    hostTimeMs: outage.endMs,
    hostWallMs: outage.endWallMs,
    kernelTime: null,
    level: null,
    instance: null,
    text: `[gap] ${what} was away for ${seconds} s (${outage.reason}): lines printed meanwhile were not seen`,
    kind: 'gap',
  };
}
