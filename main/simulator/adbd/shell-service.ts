import type { SimDeviceBackend } from '../device-backend';
import { bytesToText, textToBytes } from '../shell/byte-string';
import { InteractiveSession } from '../shell/interactive-session';
import { PhoneShell, type PhoneShellOptions } from '../shell/phone-shell';
import type { AdbStream } from './stream';

/**
 * `shell:` and `shell:CMD` of Android 4.0's adbd: `/system/bin/sh` (-c CMD)
 * on a pseudo-terminal. The pty turns every "\n" into "\r\n" (ONLCR), also
 * for `shell:CMD`, and no exit status travels back: the stream just closes.
 */
export interface ShellServiceOptions {
  sleep?: PhoneShellOptions['sleep'];
  lifetime?: AbortSignal;
}

export function startShellService(stream: AdbStream, backend: SimDeviceBackend, command: string, options: ShellServiceOptions = {}): void {
  const hangup = new AbortController();
  stream.onClose(() => hangup.abort());
  const terminal = (text: string) => {
    if (!stream.closed) stream.write(textToBytes(text.replace(/\n/g, '\r\n')));
  };
  const shell = new PhoneShell({ backend, sleep: options.sleep, lifetime: options.lifetime });

  if (command.length > 0) {
    void shell.run(command, terminal, hangup.signal).then(() => stream.end());
    return;
  }
  const session = new InteractiveSession(shell, terminal, hangup.signal, () => stream.end());
  stream.onData((data) => session.input(bytesToText(data)));
  session.start();
}
