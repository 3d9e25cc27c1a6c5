import type { DeviceState } from '../../../common/domain/device-state';
import type { ScriptContext } from '../../../common/script/context';
import { qemuContext } from '../../../common/script/qemu-context';
import type { PluggedDimm } from './memory-blocks';
import type { QemuMemory } from './qemu-machine';

const MiB = 1 << 20;
/** x86-64's memory block (`block_size_bytes`) on a machine this small. */
export const QEMU_BLOCK_SIZE = 128 * MiB;
/** The one kernel of a QEMU machine, as an instance (the script language and the UI think in instances). */
export const QEMU_INSTANCE = { id: 1, name: 'linux' } as const;

/** The machine's memory block size, as its sections say (`block_size_bytes`); x86-64's default before the first read. */
export function blockSizeOf(state: DeviceState | null): number {
  return state?.sections[0]?.size ?? QEMU_BLOCK_SIZE;
}

/** What the checker knows of a QEMU machine: its real blocks, the one kernel, and what hotplug still allows. */
export function qemuScriptContext(state: DeviceState, memory: QemuMemory, dimms: PluggedDimm[]): ScriptContext {
  const blockSize = blockSizeOf(state);
  // RAM is what the machine booted with; DIMM blocks are reached by the DIMM's name (as in the built-in context).
  const ramSize = Math.max(blockSize, ...state.sections.filter((s) => !s.dimm).map((s) => s.start + s.size));
  return qemuContext({
    memory: { ramBase: 0, ramSize, sectionSize: blockSize, carveouts: [], bootloaderRanges: [], pinned: [] },
    instances: [{ ...QEMU_INSTANCE, status: state.instances[0]?.status === 'sleeping' ? 'sleeping' : 'running' }],
    sections: state.sections.map((s) => ({ index: s.index, owner: s.owner, onlineIn: s.onlineIn })),
    hotplug: { slots: memory.slots, maxBytes: (memory.maxMiB - memory.bootMiB) * MiB, dimms: dimms.map((d) => ({ name: d.name, bytes: d.size })) },
  });
}
