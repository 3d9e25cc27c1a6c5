import type { DeviceState } from '../../common/domain/device-state';
import type { Instance } from './instance';
import type { PhoneModel } from './phone-model';

/** What the phone tells about itself: getprop, the boot loader's ATAGs, the memory an instance sees, DeviceState. */

/** getprop of the running instance. */
export function phoneProperties(model: PhoneModel): Record<string, string> {
  const inst = model.current ?? model.instances.get(1)!;
  const p = model.profile;
  const sdk = inst.profile.android?.startsWith('4.1') ? '16' : inst.profile.android?.startsWith('4.0') ? '15' : '';
  return {
    'ro.product.model': p.model,
    'ro.product.device': p.device,
    'ro.product.name': p.product,
    'ro.product.board': p.board,
    'ro.product.brand': 'google',
    'ro.product.manufacturer': 'samsung',
    'ro.hardware': p.board,
    'ro.build.product': p.device,
    'ro.build.version.release': inst.profile.android ?? '',
    'ro.build.version.sdk': sdk,
    'ro.build.id': inst.profile.buildId ?? '',
    'ro.build.fingerprint': inst.profile.buildFingerprint ?? '',
    'ro.build.type': 'userdebug',
    'ro.serialno': '0149C7D80F01A00A',
    'ro.secure': '0',
    'ro.debuggable': '1',
    'ro.kernel.release': inst.profile.kernelRelease,
    'sys.boot_completed': inst.androidUp ? '1' : '',
    'fsw.instance': String(inst.id),
    'fsw.instance.name': inst.name,
  };
}

/** The ATAG list the boot loader hands the master (ATAG_CORE, ATAG_MEM, ATAG_CMDLINE, ATAG_NONE). */
export function masterAtags(model: PhoneModel): Uint8Array {
  const words: number[] = [];
  words.push(5, 0x54410001, 1, 4096, 0);
  words.push(4, 0x54410002, model.profile.ram.size >>> 0, model.profile.ram.base >>> 0);
  const cmd = new TextEncoder().encode(`${model.instances.get(1)!.profile.cmdline} androidboot.serialno=0149C7D80F01A00A androidboot.bootloader=PRIMELA03\0`);
  const padded = new Uint8Array(Math.ceil(cmd.length / 4) * 4);
  padded.set(cmd);
  words.push(2 + padded.length / 4, 0x54410009);
  const view = new DataView(padded.buffer);
  for (let i = 0; i < padded.length; i += 4) words.push(view.getUint32(i, true));
  words.push(0, 0);
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return out;
}

/** Bytes of System RAM an instance has online (removed carve-outs taken out). */
export function systemRamBytes(model: PhoneModel, inst: Instance): number {
  let bytes = 0;
  for (const info of model.memory.sections) {
    if (!model.memory.isOnline(inst.id, info.index)) continue;
    bytes += info.size;
    for (const c of model.profile.carveOuts) {
      if (c.how !== 'removed') continue;
      const lo = Math.max(info.start, c.start);
      const hi = Math.min(info.start + info.size, c.start + c.size);
      if (hi > lo) bytes -= hi - lo;
    }
  }
  return bytes;
}

export function deviceState(model: PhoneModel): DeviceState {
  const at = model.now();
  const inst = model.current;
  const sections = model.memory.sections.map((info) => {
    const b = model.memory.get(info.index)!;
    const onlineIn = [...b.onlineIn].sort((x, y) => x - y);
    let owner: DeviceState['sections'][number]['owner'] = null;
    if (info.fixedOwner === 'reserved') owner = 'reserved';
    else if (info.fixedOwner === 'shared') owner = 'shared';
    else if (b.owner >= 1 && b.owner <= 3) owner = b.owner;
    return { index: info.index, start: info.start, size: info.size, owner, onlineIn, zone: info.zone, ...(info.note ? { note: info.note } : {}) };
  });
  return {
    model: model.profile.model,
    runningInstance: inst && model.phase !== 'off' ? inst.id : null,
    instances: [...model.instances.values()].map((i) => ({ id: i.id, name: i.name, kernel: i.profile.kernelRelease, android: i.profile.android, status: i.status })),
    sections,
    screen: inst && inst.requestedState === 0 && model.phase === 'awake' ? 'on' : 'off',
    wakelocks: inst ? inst.wakelocks.active(model.kernelMs(inst, at)).map((e) => e.name) : [],
  };
}
