import { WorkbenchError } from '../../../common/api/errors';

/** True when an adb failure means the device is not there now (gone during a switch, not yet back). */
export function isDeviceGone(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException)?.code;
  return /device '.*' not found|device offline|device not found|no devices|closed|connection reset/i.test(text) || code === 'ECONNRESET' || code === 'EPIPE';
}

/** Turns what adb or adbkit said into an error a person can act on. */
export function adbError(error: unknown, where: string): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (/unauthorized/i.test(text)) {
    return new WorkbenchError('unauthorized', `The phone has not authorised this computer for USB debugging: unlock it, accept "Allow USB debugging?" (tick "Always allow from this computer"), then connect again.`, where);
  }
  if (/device offline/i.test(text)) {
    return new WorkbenchError('device', `The phone is offline to adb: replug the cable (or run adb reconnect); if it stays offline, revoke USB debugging authorisations on the phone and accept the prompt again.`, where);
  }
  if (/device '(.*)' not found/i.test(text)) {
    return new WorkbenchError('not-found', `${/device '(.*)' not found/i.exec(text)?.[1] ?? 'The device'} is not connected to the adb server now.`, where);
  }
  if (code === 'ECONNREFUSED' || (code === 'ENOENT' && /spawn/.test(text))) {
    return new WorkbenchError('not-connected', `The adb server at ${where} stopped answering: start it again (adb -P PORT start-server) and reconnect.`, where);
  }
  return new WorkbenchError('device', `adb: ${text}`, where);
}
