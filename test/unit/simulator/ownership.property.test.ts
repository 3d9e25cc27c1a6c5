import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceState } from '../../../common/domain/device-state';
import type { Errno } from '../../../main/simulator/device-backend';
import { CMM, type MemoryBlocks } from '../../../main/simulator/memory-blocks';
import { SimulatedPhone } from '../../../main/simulator/simulated-phone';
import { galaxyNexus } from './sim-support';

const notesProfile = galaxyNexus((p) => ({ ...p, controlInterface: 'fsw-notes' }));
const profile2012 = galaxyNexus();

type Op =
  | { kind: 'offline' | 'online'; index: number }
  | { kind: 'memRequest'; count: number; start: number }
  | { kind: 'switch'; text: string }
  | { kind: 'loadJb' }
  | { kind: 'freeBoot'; start: number; total: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'power' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('offline' as const, 'online' as const), index: fc.integer({ min: 126, max: 175 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('memRequest' as const), count: fc.integer({ min: 0, max: 8 }), start: fc.constantFrom(0, 0x90000000, 0xa1000000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('switch' as const), text: fc.oneof(fc.constantFrom('1 2', '2 1', '2 2', '2 3', '4 1', '1 3', '3 1'), fc.string({ maxLength: 6 })) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'loadJb' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('freeBoot' as const), start: fc.constantFrom(0x90000000, 0x96000000, 0xa6000000), total: fc.constantFrom(0x1000000, 0x3000000, 0x16000000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 45_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'power' as const }) },
);

/** Throws with a readable message; plain checks because this runs after every operation of every sequence. */
function must(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/** The notes' invariants of the ownership table (paper §3, N:sep L137-165, L543-564). */
function checkOwnership(phone: SimulatedPhone): void {
  const model = phone.model;
  const present = new Set([...model.instances.values()].filter((i) => i.status !== 'absent').map((i) => i.id));
  for (const b of model.memory.blocks.values()) {
    const where = `section ${b.info.index}`;
    if (b.info.fixedOwner === 'reserved') {
      must(b.onlineIn.size === 0, `${where}: a carve-out is online`);
      continue;
    }
    if (b.info.fixedOwner === 'shared') {
      must(b.owner === CMM.SHARED, `${where}: shared section lost its 0xFF owner`);
      continue;
    }
    // at most online for one instance, and only for its owner
    must(b.onlineIn.size <= 1, `${where}: online in ${[...b.onlineIn].join(' and ')}`);
    for (const id of b.onlineIn) must(b.owner === id, `${where}: online in ${id} but owned by ${b.owner}`);
    must(b.owner === 0 || present.has(b.owner), `${where}: owned by absent instance ${b.owner}`);
    for (const id of b.onlineIn) must(present.has(id), `${where}: online in absent instance ${id}`);
  }
  if (present.has(1)) {
    for (let i = 128; i < 144; i++) {
      const b = model.memory.get(i)!;
      must(b.owner === 1 && b.onlineIn.has(1), `kernelcore section ${i} left the master`);
    }
  }
  must(DeviceState.safeParse(phone.state()).success, 'state() does not fit the DeviceState schema');
  must([...model.instances.values()].filter((i) => i.status === 'running' || i.status === 'booting').length <= 1, 'two instances run at once');
}

/** What store_mem_state plus the notes' matrix answers, from the state before the write. */
function expectedStateErrno(memory: MemoryBlocks, kind: 'fsw-notes' | 'fsw-2012', id: number, index: number, want: 'online' | 'offline'): Errno[] {
  if (!memory.knows(id, index)) return ['ENOENT'];
  const b = memory.get(index)!;
  if (want === 'offline') {
    if (!b.onlineIn.has(id)) return ['EINVAL'];
    if (kind === 'fsw-notes' && b.owner !== id) return ['EPERM'];
    if (b.info.fixedOwner !== null || memory.isCore(id, index)) return ['EBUSY'];
    return ['OK' as Errno, 'EBUSY', 'EAGAIN'];
  }
  if (b.onlineIn.has(id)) return ['EINVAL'];
  if (kind === 'fsw-notes') {
    if (b.owner === CMM.SHARED) return ['EPERM'];
    if (b.owner !== id && !(b.owner === 0 && b.flags & CMM.AVAILABLE)) return ['EPERM'];
  }
  return ['OK' as Errno];
}

function expectedSwitchErrno(text: string, kind: 'fsw-notes' | 'fsw-2012', phone: SimulatedPhone): Errno[] {
  const m = /^\s*([+-]?\d+)\s+([+-]?\d+)/.exec(`${text}\n`);
  if (!m) return ['EINVAL'];
  const mode = parseInt(m[1]!, 10);
  const target = parseInt(m[2]!, 10);
  if (mode < 1 || mode > (kind === 'fsw-notes' ? 4 : 3) || target < 1 || target > 3) return ['EINVAL'];
  if (kind === 'fsw-2012') return mode === 3 ? ['EINVAL'] : ['OK' as Errno];
  // notes: the savage-switch checks, then RESUME still refused
  const inst = phone.model.current!;
  const t = phone.model.instance(target);
  const claim = phone.files.notes?.claim;
  if (claim) return ['EBUSY'];
  if (mode === 1 && target === 1) return ['EINVAL'];
  if (mode === 1 && t && t.status !== 'absent') return ['EBUSY'];
  if (mode === 2 && (!t || t.status === 'absent')) return ['EINVAL'];
  if (mode === 4 && (inst.isMaster || target !== 1)) return ['EINVAL'];
  if (mode === 3) return ['EINVAL'];
  return ['OK' as Errno];
}

function apply(phone: SimulatedPhone, op: Op, kind: 'fsw-notes' | 'fsw-2012'): void {
  const model = phone.model;
  const awake = model.phase === 'awake' && model.current !== null;
  const result = (r: { ok: boolean; errno?: Errno }) => (r.ok ? ('OK' as Errno) : r.errno!);
  switch (op.kind) {
    case 'offline':
    case 'online': {
      if (!awake) return;
      const want = expectedStateErrno(model.memory, kind, model.current!.id, op.index, op.kind);
      const r = phone.writeControl(`/sys/devices/system/memory/memory${op.index}/state`, op.kind);
      expect(want, `${op.kind} memory${op.index} in ${model.current!.name}`).toContain(result(r));
      return;
    }
    case 'switch': {
      if (!awake) return;
      const want = expectedSwitchErrno(op.text, kind, phone);
      const r = phone.writeControl('/d/fsw/switch', op.text);
      expect(want, `switch ${JSON.stringify(op.text)}`).toContain(result(r));
      return;
    }
    case 'memRequest': {
      if (!awake || kind !== 'fsw-notes') return;
      const r = phone.writeControl('/d/fsw/mem_request', op.start ? `${op.count} 0x${op.start.toString(16)}` : `${op.count}`);
      if (op.count === 0) expect(result(r)).toBe('EINVAL');
      else expect(['OK', 'EBUSY', 'ENOMEM']).toContain(result(r));
      return;
    }
    case 'freeBoot': {
      if (!awake || kind !== 'fsw-notes') return;
      const r = phone.writeControl('/d/fsw/free_boot', `0x${op.start.toString(16)} 128M 0x${op.total.toString(16)} 0x${(op.start + 0x1000).toString(16)}`);
      expect(['OK', 'EBUSY', 'EAGAIN', 'EPERM', 'EINVAL']).toContain(result(r));
      return;
    }
    case 'loadJb':
      if (!awake) return;
      phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/zImage kernel 2');
      return;
    case 'wait':
      phone.runUntilSync(() => false, op.ms);
      return;
    case 'power':
      phone.pressPower();
      return;
  }
}

describe('ownership table (fsw-notes), over random operation sequences', () => {
  it('never breaks the notes\' rules, and every refusal carries the kernel\'s errno', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(opArb, { minLength: 1, maxLength: 24 }), (seed, ops) => {
        const phone = new SimulatedPhone({ profile: notesProfile, seed });
        try {
          for (const op of ops) {
            apply(phone, op, 'fsw-notes');
            checkOwnership(phone);
          }
          phone.runUntilSync(() => false, 60_000);
          checkOwnership(phone);
        } finally {
          phone.close();
        }
      }),
      { numRuns: Number(process.env.FSW_PROPERTY_RUNS ?? 1000), seed: 20121012 },
    );
  });
});

describe('fsw-2012 control writes, over random operation sequences', () => {
  it('answers every write with the errno of the public kernel and keeps a valid state', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(opArb, { minLength: 1, maxLength: 24 }), (seed, ops) => {
        const phone = new SimulatedPhone({ profile: profile2012, seed });
        try {
          for (const op of ops) {
            apply(phone, op, 'fsw-2012');
            expect(DeviceState.safeParse(phone.state()).success).toBe(true);
          }
          phone.runUntilSync(() => false, 60_000);
        } finally {
          phone.close();
        }
      }),
      { numRuns: Number(process.env.FSW_PROPERTY_RUNS ?? 1000), seed: 20120820 },
    );
  });
});

describe('load_file and knob writes, over random text', () => {
  const phone = new SimulatedPhone({ profile: profile2012, seed: 77 });
  const fieldArb = fc.oneof(
    fc.constantFrom('0x91808000', '91808000', '0x81000000', '0xdeadbeef', 'zz', '0x', '-1', '0x95000000'),
    fc.constantFrom('/sdcard/fsw/jb/zImage', '/sdcard/fsw/jb', '/sdcard/none', 'kernel', 'param', 'initrd', '2', '0', '9', '-3'),
    fc.string({ maxLength: 5 }),
  );

  it('answers load_file as fsw_write_load_file would', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(fieldArb, { maxLength: 5 }), (fields) => {
        const text = fields.join(' ');
        const f = text.trim().split(/\s+/).filter(Boolean);
        const m = f[0] === undefined ? null : /^(?:0[xX])?([0-9a-fA-F]+)/.exec(f[0]);
        let want: string;
        if (f.length < 2 || !m) want = 'EINVAL';
        else {
          const st = phone.files.stat(f[1]!);
          const addr = parseInt(m[1]!.slice(-8), 16) >>> 0;
          const section = Math.floor(addr / 0x1000000);
          if (!st.ok || st.value.type !== 'file') want = 'EINVAL';
          else if (section >= 128 && section < 144) want = 'EINVAL'; // ioremap refuses the master's lowmem
          else want = 'OK';
        }
        const r = phone.writeControl('/d/fsw/load_file', text);
        expect(r.ok ? 'OK' : r.errno, JSON.stringify(text)).toBe(want);
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('answers module parameter writes as kstrtol/param_set_bool would', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('0', '3', '0x1f', '017', '31', 'Y', 'n', '08', '1x'), fc.string({ maxLength: 4 })), (text) => {
        const t = text.replace(/\n$/, '').trim();
        const intOk = /^(0x[0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(t);
        const r = phone.writeControl('/sys/module/wakelock/parameters/debug_mask', text);
        expect(r.ok, JSON.stringify(text)).toBe(intOk);
        const b = phone.writeControl('/sys/module/kernel/parameters/initcall_debug', text);
        expect(b.ok, JSON.stringify(text)).toBe(['1', '0', 'Y', 'N', 'y', 'n'].includes(t[0] ?? ''));
        phone.writeControl('/sys/module/kernel/parameters/initcall_debug', 'N');
        phone.writeControl('/sys/module/wakelock/parameters/debug_mask', '3');
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});
