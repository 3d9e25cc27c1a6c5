import type { ScriptContext } from './context';

const MiB = 1024 * 1024;

/**
 * The Galaxy Nexus (OMAP4460, 1 GiB) as the checker sees it, from
 * fixtures/fastswitch-real.md §2 (the public kernel at 5639c045 and the
 * author's notes). ICS is the master and runs; JB is known but not booted.
 * The lead will later derive this from resources/profiles/galaxy-nexus.json.
 */
export function galaxyNexusContext(overrides: Partial<ScriptContext> = {}): ScriptContext {
  return {
    memory: {
      ramBase: 0x80000000,
      ramSize: 1024 * MiB,
      sectionSize: 16 * MiB,
      carveouts: [
        // The fsw page is shared by every instance (memblock_removed by each kernel).
        { name: 'fsw page', start: 0xac000000, size: 0x1000 },
        // VRAM is memblock_alloc'd at the top of System RAM, which therefore ends at 0xACA00000.
        { name: 'vram (framebuffer)', start: 0xaca00000, size: 16 * MiB },
        { name: 'ion nonsecure_tiler', start: 0xada00000, size: 15 * MiB },
        { name: 'ion tiler', start: 0xae900000, size: 81 * MiB },
        { name: 'ducati (ipu)', start: 0xb3a00000, size: 105 * MiB },
        { name: 'ion secure_input', start: 0xba300000, size: 90 * MiB },
        { name: 'smc', start: 0xbfd00000, size: 3 * MiB },
      ],
      bootloaderRanges: [
        { name: 'atags', start: 0x80000000, size: 0x1000 },
        { name: 'zimage', start: 0x81808000, size: 0x3bf000 },
        { name: 'misc1', start: 0x81bc7000, size: 0x443000 },
        { name: 'misc2', start: 0x88008000, size: 0x480000 },
      ],
      // kernelcore=256M: "0x8000X to 0x9000X is not movable and exclusive to the first kernel".
      kernelcore: { start: 0x80000000, size: 256 * MiB },
      pinned: [{ name: 'ramconsole', start: 0xa0200000, size: 2 * MiB }],
      fswBase: 0xac000000,
    },
    interface: 'fsw-2012',
    instances: [
      { id: 1, name: 'ics', status: 'running' },
      { id: 2, name: 'jb', status: 'absent' },
    ],
    maxInstances: 3,
    target: 'sim',
    ...overrides,
  };
}
