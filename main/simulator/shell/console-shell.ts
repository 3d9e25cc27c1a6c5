import { bytesToText, textToBytes } from './byte-string';
import { InteractiveSession } from './interactive-session';
import type { PhoneShell } from './phone-shell';

/** The parts of the simulated phone's UART a console shell needs. */
export interface ConsolePort {
  onInput(listener: (bytes: Uint8Array) => void): () => void;
  write(bytes: Uint8Array): void;
}

/**
 * A root shell on the UART console, as a debug kernel with `console=ttyO2`
 * and a getty gives one: silent until someone types, then it echoes, runs
 * each line and prints its prompt. After `exit` the next keystroke starts a
 * fresh session (init respawns the console shell).
 */
export function attachConsoleShell(port: ConsolePort, newShell: () => PhoneShell, lifetime: AbortSignal): () => void {
  let session: InteractiveSession | null = null;
  // A serial line: the tty turns "\n" into "\r\n" (ONLCR).
  const terminal = (text: string) => {
    if (!lifetime.aborted) port.write(new Uint8Array(textToBytes(text.replace(/\r?\n/g, '\r\n'))));
  };
  return port.onInput((bytes) => {
    if (lifetime.aborted) return;
    if (!session) {
      const started = new InteractiveSession(newShell(), terminal, lifetime, () => {
        if (session === started) session = null;
      });
      session = started;
      // The prompt a console shows before anything is typed.
      started.start();
    }
    session.input(bytesToText(bytes));
  });
}
