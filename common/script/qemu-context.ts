import type { ScriptContext } from './context';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * The qemu target as the checker sees it: a plain Linux 6.1 x86-64 guest
 * started with `-machine pc -m 1G,slots=4,maxmem=4G`. Memory blocks are
 * 128 MiB (/sys/devices/system/memory/block_size_bytes); the boot memory is
 * blocks 0..7 (memory0..memory7), all online in the one kernel. Hot-added
 * DIMMs land from 4 GiB up (memory32 and above), outside `ramSize`, and
 * start offline (`memhp_default_state=offline`); maxmem leaves 3 GiB for
 * them. There are no carve-outs the checker knows of and no Fastswitch page.
 */
export function qemuContext(overrides: Partial<ScriptContext> = {}): ScriptContext {
  const sectionSize = 128 * MiB;
  const ramSize = 1 * GiB;
  return {
    memory: { ramBase: 0, ramSize, sectionSize, carveouts: [], bootloaderRanges: [], pinned: [] },
    // No Fastswitch control interface: the target refuses every Fastswitch operation before this matters.
    interface: 'fsw-2012',
    instances: [{ id: 1, name: 'linux', status: 'running' }],
    maxInstances: 3,
    sections: Array.from({ length: ramSize / sectionSize }, (_, index) => ({ index, owner: 1, onlineIn: [1] })),
    target: 'qemu',
    hotplug: { slots: 4, maxBytes: 3 * GiB, dimms: [] },
    ...overrides,
  };
}
