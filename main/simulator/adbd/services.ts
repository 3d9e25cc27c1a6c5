import type { SimDeviceBackend } from '../device-backend';
import type { ServiceRouter } from './connection';
import { startShellService, type ShellServiceOptions } from './shell-service';
import { startSyncService } from './sync-service';

/**
 * The services of Android 4.0's adbd that the simulator provides: `shell:`
 * (interactive or with a command), `sync:` and `root:`. Anything else (including
 * `exec:`, which came with Android 5.0) is refused as the phone refuses it.
 */
export function serviceRouter(backend: SimDeviceBackend, shellOptions: ShellServiceOptions = {}): ServiceRouter {
  return (name) => {
    if (name.startsWith('shell:')) {
      const command = name.slice('shell:'.length);
      return (stream) => startShellService(stream, backend, command, shellOptions);
    }
    if (name === 'sync:') return (stream) => startSyncService(stream, backend);
    // `adb root` on a phone whose adbd already runs as root (this rooted build).
    if (name === 'root:')
      return (stream) => {
        stream.write('adbd is already running as root\n');
        stream.end();
      };
    return undefined;
  };
}
