import type { DeviceFacts } from '../sessions/session-meta';
import type { PlatformProfile } from './platform-profile';

/** What a session records about a simulated phone: the facts its profile gives (a real phone's are read over adb). */
export function profileDeviceFacts(profile: PlatformProfile): DeviceFacts {
  return {
    model: profile.model,
    serial: null,
    fingerprints: profile.instances.flatMap((i) => (i.buildFingerprint ? [`${i.name}: ${i.buildFingerprint}`] : [])),
    kernels: profile.instances.map((i) => `${i.name}: ${i.kernelRelease}`),
  };
}
