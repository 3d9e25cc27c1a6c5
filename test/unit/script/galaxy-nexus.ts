import type { ScriptContext } from '../../../common/script/context';
import { galaxyNexusContext as builtIn } from '../../../common/script/galaxy-nexus-context';

/**
 * The Galaxy Nexus numbers the script tests use, from fastswitch-real.md §2:
 * 1 GiB at 0x80000000 in 16 MiB sections, the device carve-outs from
 * 0xAC000000 up, the boot loader's four ranges, kernelcore=256M, FSW_BASE
 * 0xAC000000, ICS (1) running and JB (2) not booted.
 */
export function galaxyNexusContext(overrides: Partial<ScriptContext> = {}): ScriptContext {
  return builtIn(overrides);
}
