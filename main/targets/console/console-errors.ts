import { WorkbenchError } from '../../../common/api/errors';

/** Turns a serial port's open failure into words a person can act on. */
export function serialOpenError(path: string, error: unknown): WorkbenchError {
  const text = error instanceof Error ? error.message : String(error);
  if (/Permission denied|EACCES/i.test(text)) {
    return new WorkbenchError(
      'unauthorized',
      `Permission denied opening ${path}: add your user to the dialout group (sudo usermod -aG dialout $USER, then log out and in) or install a udev rule for the adapter (e.g. SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", MODE="0660", GROUP="dialout").`,
      path,
    );
  }
  if (/Cannot lock port|Resource temporarily unavailable|EBUSY|Device or resource busy/i.test(text)) {
    return new WorkbenchError('busy', `${path} is already open in another program (screen, minicom, picocom, another workbench): close it there first.`, path);
  }
  if (/No such file or directory|ENOENT/i.test(text)) {
    return new WorkbenchError('not-found', `${path} does not exist: is the USB-serial adapter plugged in? (ls /dev/ttyUSB* /dev/ttyACM*)`, path);
  }
  return new WorkbenchError('device', `Opening ${path} failed: ${text}`, path);
}

/** Turns a TCP console's connect failure into words a person can act on. */
export function tcpConnectError(address: string, error: unknown): WorkbenchError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return new WorkbenchError('not-connected', `Nothing listens at ${address}: start ser2net (or the simulator) there, or check the port.`, address);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new WorkbenchError('not-found', `Host of ${address} is unknown: check the name.`, address);
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new WorkbenchError('timeout', `${address} does not answer (${code}): check the network and the firewall.`, address);
  return new WorkbenchError('device', `Connecting to ${address} failed: ${text}`, address);
}
