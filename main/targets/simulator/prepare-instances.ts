import { compileScript } from '../../../common/script/compile';
import type { CompiledStep } from '../../../common/script/steps';
import type { PlatformProfile } from '../../../common/profile/platform-profile';
import { scriptContextFrom } from '../../../common/profile/script-context';
import type { SimulatedPhone } from '../../simulator/simulated-phone';

const BOOT_LIMIT_MS = 10 * 60_000;

/**
 * The script a developer runs to boot a child beside the master, with the
 * load addresses of the profile and the images the simulator keeps on its
 * /data partition (the author's sequence, fastswitch-real.md §1.6).
 */
export function childBootScript(profile: PlatformProfile, childId: number): string | null {
  const child = profile.instances.find((i) => i.id === childId);
  const load = child?.loadAddresses;
  if (!child || !load) return null;
  const hex = (n: number) => `0x${n.toString(16)}`;
  const sectionSize = profile.sectionSize;
  const firstSection = Math.floor(load.atags / sectionSize) * sectionSize;
  return [
    `reserve 16 sections at ${hex(firstSection)} for ${child.name}`,
    `load "device:/data/media/fsw/${child.name}/zImage" at ${hex(load.zImage)} as kernel for ${child.name}`,
    ...(load.initrd !== undefined ? [`load "device:/data/media/fsw/${child.name}/initrd.img" at ${hex(load.initrd)} for ${child.name}`] : []),
    `load atags at ${hex(load.atags)} as param for ${child.name}`,
    `boot ${child.name}`,
    '',
  ].join('\n');
}

/**
 * Boots every child of the profile and switches back to the master before
 * anyone watches (virtual time runs as fast as the events allow), so the
 * simulator opens with the master running and the children sleeping.
 */
export function bootChildInstances(phone: SimulatedPhone, profile: PlatformProfile): void {
  const androidUp = (id: number) => () => phone.state().runningInstance === id && phone.adbReachable();
  for (const child of profile.instances.filter((i) => i.id !== 1)) {
    const script = childBootScript(profile, child.id);
    if (!script) continue;
    const compiled = compileScript(script, scriptContextFrom(profile, phone.state(), 'sim'));
    if (!compiled.ok) throw new Error(`cannot boot ${child.name} in the simulator: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
    runQuietly(phone, compiled.steps);
    phone.queue.fastForward(androidUp(child.id), BOOT_LIMIT_MS);
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.queue.fastForward(androidUp(1), BOOT_LIMIT_MS);
  }
}

function runQuietly(phone: SimulatedPhone, steps: CompiledStep[]): void {
  for (const step of steps) {
    if (step.kind === 'write') {
      // Page migration can fail for a moment (EBUSY, EAGAIN): retry a few times, as a lab script does.
      let result = phone.writeControl(step.path, step.text);
      for (let attempt = 1; !result.ok && (result.errno === 'EBUSY' || result.errno === 'EAGAIN') && attempt < 10; attempt++) {
        phone.queue.fastForward(() => false, 200);
        result = phone.writeControl(step.path, step.text);
      }
      if (!result.ok) throw new Error(`simulator refused ${step.text} > ${step.path}: ${result.errno}`);
    } else if (step.kind === 'shell') {
      // `load atags`: copy the master's ATAGs where load_file can read them.
      const m = /^cat (\S+) > (\S+)$/.exec(step.command);
      if (!m) throw new Error(`unexpected preparation step: ${step.command}`);
      const data = phone.files.read(m[1]!);
      if (!data.ok) throw new Error(`simulator cannot read ${m[1]}: ${data.errno}`);
      phone.files.write(m[2]!, data.value);
    }
  }
}
