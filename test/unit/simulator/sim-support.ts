import type { PlatformProfile } from '../../../common/profile/platform-profile';
import { loadBuiltinProfile } from '../../../main/profiles/load-profile';
import { SimulatedPhone, type SimulatorOptions } from '../../../main/simulator/simulated-phone';

export function galaxyNexus(change?: (p: PlatformProfile) => PlatformProfile): PlatformProfile {
  const r = loadBuiltinProfile('galaxy-nexus');
  if (!r.ok) throw new Error(r.error.message);
  return change ? change(structuredClone(r.profile)) : r.profile;
}

/** A booted phone in fast mode, with its UART captured. */
export function bootedPhone(options: Partial<SimulatorOptions> = {}): { phone: SimulatedPhone; uart: () => string; clearUart: () => void } {
  const phone = new SimulatedPhone({ profile: galaxyNexus(), seed: 7, ...options });
  let text = '';
  const decoder = new TextDecoder();
  phone.console.onBytes((b) => (text += decoder.decode(b)));
  return { phone, uart: () => text, clearUart: () => (text = '') };
}

/** Write, then run until the request's record (and any that followed it) closes. */
export function switchAndSettle(phone: SimulatedPhone, text: string, limitMs = 120_000): boolean {
  const truth = phone.model.truth;
  const before = truth.size;
  const w = phone.writeControl('/d/fsw/switch', text);
  if (!w.ok) throw new Error(`switch write failed: ${w.errno}`);
  return phone.runUntilSync(() => {
    if (truth.size <= before) return false;
    for (let i = before; i < truth.size; i++) if (truth.peek(i)!.outcome === 'pending') return false;
    return phone.model.phase === 'awake';
  }, limitMs);
}

/** Offline the blocks, load jb's images, boot it, and wait until it runs. */
export function bootJb(phone: SimulatedPhone): void {
  for (let i = 144; i < 166; i++) phone.writeControl(`/sys/devices/system/memory/memory${i}/state`, 'offline');
  const atags = phone.files.read('/d/fsw/instance_atags');
  if (!atags.ok) throw new Error('no atags');
  phone.files.write('/sdcard/atags', atags.value);
  phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/zImage kernel 2');
  phone.writeControl('/d/fsw/load_file', '0x92800000 /sdcard/fsw/jb/initrd.img initrd 2');
  phone.writeControl('/d/fsw/load_file', '0x90000100 /sdcard/atags param 2');
  if (!switchAndSettle(phone, '1 2')) throw new Error('boot did not finish');
  phone.runUntilSync(() => phone.adbReachable(), 60_000);
}
