import type { DeviceState } from '../../../common/domain/device-state';
import type { ScriptContext } from '../../../common/script/context';
import type { PluggedDimm } from './memory-blocks';
import { DEFAULT_MEMORY, type QemuMemory } from './qemu-machine';

const MiB = 1 << 20;
/** x86-64's memory block (`block_size_bytes`) on a machine this small. */
export const QEMU_BLOCK_SIZE = 128 * MiB;
/** The one kernel of a QEMU machine, as an instance (the script language and the UI think in instances). */
export const QEMU_INSTANCE = { id: 1, name: 'linux' } as const;

/** What the checker knows of a QEMU machine: its real blocks, the one kernel, and what hotplug still allows. */
export function qemuScriptContext(state: DeviceState, memory: QemuMemory, dimms: PluggedDimm[]): ScriptContext {
  const blockSize = state.sections[0]?.size ?? QEMU_BLOCK_SIZE;
  // Hot-added memory sits from 4 GiB up; the map ends where the last DIMM could.
  const ramSize = Math.max(...state.sections.map((s) => s.start + s.size), 0x1_0000_0000 + (memory.maxMiB - memory.bootMiB) * MiB);
  return {
    memory: { ramBase: 0, ramSize, sectionSize: blockSize, carveouts: [], bootloaderRanges: [], pinned: [] },
    interface: 'fsw-2012',
    instances: [{ ...QEMU_INSTANCE, status: 'running' }],
    maxInstances: 1,
    sections: state.sections.map((s) => ({ index: s.index, owner: s.owner, onlineIn: s.onlineIn })),
    target: 'qemu',
    hotplug: { slots: memory.slots, maxBytes: (memory.maxMiB - memory.bootMiB) * MiB, dimms: dimms.map((d) => ({ name: d.name, bytes: d.size })) },
  };
}

/** A machine as it boots with `memory`: every boot block online, no DIMM (for `fsw run --explain`, which boots nothing). */
export function freshQemuScriptContext(memory: QemuMemory = DEFAULT_MEMORY): ScriptContext {
  const blocks = Math.ceil((memory.bootMiB * MiB) / QEMU_BLOCK_SIZE);
  const sections = Array.from({ length: blocks }, (_, index) => ({ index, start: index * QEMU_BLOCK_SIZE, size: QEMU_BLOCK_SIZE, owner: 1 as const, onlineIn: [1], zone: 'normal' as const }));
  const state: DeviceState = { model: 'QEMU', runningInstance: 1, instances: [{ ...QEMU_INSTANCE, kernel: '', android: null, status: 'running' }], sections };
  return qemuScriptContext(state, memory, []);
}
