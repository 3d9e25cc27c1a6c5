import type { DeviceState } from '../domain/device-state';
import type { ScriptContext, ScriptInstance } from './context';

/**
 * The checker's context for a connected phone: the profile's context with
 * the device's instances and sections laid over it, so the dry run starts
 * from what the phone reports now. Instances the profile knows but the
 * phone does not report stay, as absent.
 */
export function withDeviceState(base: ScriptContext, state: DeviceState): ScriptContext {
  const byId = new Map<number, ScriptInstance>();
  for (const instance of base.instances) byId.set(instance.id, { ...instance, status: 'absent' });
  for (const instance of state.instances) byId.set(instance.id, { id: instance.id, name: instance.name, status: instance.status });
  return {
    ...base,
    instances: [...byId.values()].sort((a, b) => a.id - b.id),
    sections: state.sections.map((s) => ({ index: s.index, owner: s.owner, onlineIn: [...s.onlineIn] })),
  };
}
