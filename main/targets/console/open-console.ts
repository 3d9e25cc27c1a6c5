import { WorkbenchError } from '../../../common/api/errors';
import type { HostClock } from '../clock';
import type { ConsoleSource } from './console-source';
import { FileReplayConsole } from './file-replay-console';
import { SerialConsole } from './serial-console';
import { parseTcpAddress, TcpConsole } from './tcp-console';

/**
 * The console a person names on the command line or in the connection
 * area: `PATH[@BAUD]` (a serial port), `tcp://HOST:PORT`, `file:PATH`.
 */
export function openConsole(spec: string, clock?: HostClock): ConsoleSource {
  if (spec.startsWith('tcp://')) {
    const address = parseTcpAddress(spec);
    if (!address) throw new WorkbenchError('bad-request', `'${spec}' is not tcp://HOST:PORT`, 'console');
    return new TcpConsole({ ...address, clock });
  }
  if (spec.startsWith('file:')) return new FileReplayConsole({ path: spec.slice('file:'.length), clock });
  const m = /^(\/[^@]+)(?:@(\d+))?$/.exec(spec);
  if (!m) throw new WorkbenchError('bad-request', `'${spec}' is not a console: give /dev/ttyUSB0[@115200], tcp://HOST:PORT or file:PATH`, 'console');
  const baudRate = m[2] === undefined ? 115_200 : Number(m[2]);
  if (!Number.isInteger(baudRate) || baudRate < 50 || baudRate > 4_000_000) throw new WorkbenchError('bad-request', `baud rate ${m[2]} in '${spec}' is out of range`, 'console');
  return new SerialConsole({ path: m[1] ?? '', baudRate, clock });
}
