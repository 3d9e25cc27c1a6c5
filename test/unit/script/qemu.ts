import type { ScriptContext } from '../../../common/script/context';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * A qemu guest as the script tests see it, written out by hand: plain Linux
 * with 128 MiB memory blocks, blocks 0..7 online in the one kernel
 * ('linux', instance 1), 4 DIMM slots and 3 GiB left for them by maxmem,
 * no DIMM plugged in yet.
 */
export function qemuTestContext(overrides: Partial<ScriptContext> = {}): ScriptContext {
  return {
    memory: { ramBase: 0, ramSize: 4 * GiB, sectionSize: 128 * MiB, carveouts: [], bootloaderRanges: [], pinned: [] },
    interface: 'fsw-2012',
    instances: [{ id: 1, name: 'linux', status: 'running' }],
    maxInstances: 3,
    sections: Array.from({ length: 8 }, (_, index) => ({ index, owner: 1, onlineIn: [1] })),
    hotplug: { slots: 4, maxBytes: 3 * GiB, dimms: [] },
    target: 'qemu',
    ...overrides,
  };
}
