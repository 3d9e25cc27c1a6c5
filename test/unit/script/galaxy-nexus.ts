import type { ScriptContext } from '../../../common/script/context';

const MiB = 1024 * 1024;

/**
 * The Galaxy Nexus as the script tests see it, written out by hand from
 * fixtures/fastswitch-real.md §2 (each value with the words the table gives
 * it, so a test can find them there): 1 GiB at 0x80000000 in 16 MiB
 * sections; the carve-outs from 0xAC000000 up; the boot loader's four
 * ranges; kernelcore=256M; the ram console; FSW_BASE 0xAC000000; ICS (1)
 * running, JB (2) not booted.
 */
export const GALAXY_NEXUS_FROM_NOTES = {
  ram: { base: 0x80000000, size: 1024 * MiB, doc: '1 GiB at 0x80000000' },
  sectionSize: { value: 16 * MiB, doc: 'SECTION_SIZE_BITS 24' },
  carveouts: [
    { name: 'fsw page', start: 0xac000000, size: 0x1000, doc: '0xAC000000' },
    { name: 'vram (framebuffer)', start: 0xaca00000, size: 16 * MiB, doc: '0xACA00000' },
    { name: 'ion nonsecure_tiler', start: 0xada00000, size: 15 * MiB, doc: '0xADA00000 (15 MiB)' },
    { name: 'ion tiler', start: 0xae900000, size: 81 * MiB, doc: '0xAE900000 (81 MiB)' },
    { name: 'ducati (ipu)', start: 0xb3a00000, size: 105 * MiB, doc: '0xB3A00000–0xBA2FFFFF, 105 MiB' },
    { name: 'ion secure_input', start: 0xba300000, size: 90 * MiB, doc: '0xBA300000, 90 MiB' },
    { name: 'smc', start: 0xbfd00000, size: 3 * MiB, doc: '0xBFD00000, 3 MiB' },
  ],
  bootloaderRanges: [
    { name: 'atags', start: 0x80000000, size: 0x1000, doc: 'ATAGs 0x80000000+0x1000' },
    { name: 'zimage', start: 0x81808000, size: 0x3bf000, doc: 'zImage 0x81808000+0x3BF000' },
    { name: 'misc1', start: 0x81bc7000, size: 0x443000, doc: 'MISC1 0x81BC7000+0x443000' },
    { name: 'misc2', start: 0x88008000, size: 0x480000, doc: 'MISC2 0x88008000+0x480000' },
  ],
  kernelcore: { start: 0x80000000, size: 256 * MiB, doc: 'kernelcore=256M' },
  pinned: [{ name: 'ramconsole', start: 0xa0200000, size: 2 * MiB, doc: '0xA0200000, 2 MiB' }],
  fswBase: { value: 0xac000000, doc: 'FSW_BASE = 0xAC000000' },
} as const;

const strip = <T extends { doc: string }>({ doc: _doc, ...rest }: T) => rest;

export function galaxyNexusContext(overrides: Partial<ScriptContext> = {}): ScriptContext {
  const n = GALAXY_NEXUS_FROM_NOTES;
  return {
    memory: {
      ramBase: n.ram.base,
      ramSize: n.ram.size,
      sectionSize: n.sectionSize.value,
      carveouts: n.carveouts.map(strip),
      bootloaderRanges: n.bootloaderRanges.map(strip),
      kernelcore: strip(n.kernelcore),
      pinned: n.pinned.map(strip),
      fswBase: n.fswBase.value,
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
