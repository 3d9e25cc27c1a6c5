import type { DeviceState } from '../domain/device-state';
import type { ScriptContext, ScriptTarget } from '../script/context';
import { withDeviceState } from '../script/device-context';
import type { PlatformProfile } from './platform-profile';

/**
 * The checker's view of a phone (common/script/context.ts), derived from its
 * profile and, when connected, the device's state now: one source of truth
 * for the memory map, whether the script is checked in the editor, by
 * `fsw check` or before a run.
 */
export function scriptContextFrom(profile: PlatformProfile, state: DeviceState | null, target: ScriptTarget): ScriptContext {
  const sectionSize = profile.sectionSize;
  const base: ScriptContext = {
    memory: {
      ramBase: profile.ram.base,
      ramSize: profile.ram.size,
      sectionSize,
      carveouts: profile.carveOuts.map(({ name, start, size }) => ({ name, start, size })),
      bootloaderRanges: profile.bootloaderRanges.map(({ name, start, size }) => ({ name, start, size })),
      kernelcore: { start: profile.kernelcore.start, size: profile.kernelcore.end - profile.kernelcore.start },
      pinned: profile.pinnedSections.map((p) => ({ name: p.reason, start: p.index * sectionSize, size: sectionSize })),
      fswBase: profile.fswBase,
    },
    interface: profile.controlInterface,
    instances: profile.instances.map((instance) => ({ id: instance.id, name: instance.name, status: instance.id === 1 ? 'running' : 'absent' })),
    maxInstances: 3,
    target,
  };
  return state ? withDeviceState(base, state) : base;
}
