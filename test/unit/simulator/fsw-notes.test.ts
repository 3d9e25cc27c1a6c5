import { describe, expect, it } from 'vitest';
import { SimulatedPhone } from '../../../main/simulator/simulated-phone';
import { galaxyNexus, switchAndSettle } from './sim-support';

const notes = galaxyNexus((p) => ({ ...p, controlInterface: 'fsw-notes' }));
const state = (n: number) => `/sys/devices/system/memory/memory${n}/state`;

function notesPhone(seed = 5): SimulatedPhone {
  return new SimulatedPhone({ profile: notes, seed });
}

/** Offline jb's 22 blocks (retrying the odd EBUSY, as a script would) and boot it. */
function bootJbNotes(phone: SimulatedPhone): void {
  for (let i = 144; i < 166; i++) {
    if (i === 160) continue;
    for (let tries = 0; tries < 5 && phone.readControl(state(i)).ok && (phone.readControl(state(i)) as { value: string }).value === 'online\n'; tries++) phone.writeControl(state(i), 'offline');
  }
  phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/zImage kernel 2');
  switchAndSettle(phone, '1 2');
  phone.runUntilSync(() => phone.adbReachable(), 60_000);
}

const owner = (phone: SimulatedPhone, index: number) => phone.state().sections.find((s) => s.index === index)!.owner;

describe('fsw-notes: ownership table', () => {
  it('prints the table with the claim header', () => {
    const phone = notesPhone();
    const cst = phone.readControl('/d/fsw/cst');
    expect(cst.ok && cst.value.split('\n').slice(0, 4)).toEqual(['claim_instance: 0', 'claim_count: 0', 'claim_start: 0x00000000', 'section start      owner flags']);
    expect(cst.ok && cst.value).toMatch(/^144 {5}0x90000000 1 {5}AVAILABLE$/m);
    expect(cst.ok && cst.value).toMatch(/^131 {5}0x83000000 1 {5}-$/m);
  });

  it('lets the child take only the sections left for it, and keeps the master\'s out of its reach', () => {
    const phone = notesPhone();
    bootJbNotes(phone);
    expect(owner(phone, 150)).toBe(2);
    expect(owner(phone, 170)).toBe(1);
    // jb maps 170 too, offline: it belongs to ics ("REQUEST (NO)")
    expect(phone.readControl(state(170))).toEqual({ ok: true, value: 'offline\n' });
    expect(phone.writeControl(state(170), 'online')).toEqual({ ok: false, errno: 'EPERM' });
  });

  it('refuses to online another instance\'s section (EPERM), unlike fsw-2012', () => {
    const phone = notesPhone();
    bootJbNotes(phone);
    switchAndSettle(phone, '2 1');
    expect(phone.writeControl(state(150), 'online')).toEqual({ ok: false, errno: 'EPERM' });
    const plain = new SimulatedPhone({ profile: galaxyNexus(), seed: 5 });
    plain.writeControl(state(150), 'offline');
    expect(plain.writeControl(state(150), 'online').ok).toBe(true);
  });

  it('refuses a switch to an instance that is not there, and a second boot', () => {
    const phone = notesPhone();
    expect(phone.writeControl('/d/fsw/switch', '2 3')).toEqual({ ok: false, errno: 'EINVAL' });
    bootJbNotes(phone);
    expect(phone.writeControl('/d/fsw/switch', '1 2')).toEqual({ ok: false, errno: 'EBUSY' });
    expect(phone.state().screen).toBe('on');
  });
});

describe('fsw-notes: memory requests', () => {
  it('takes free sections at once, without a switch', () => {
    const phone = notesPhone();
    phone.writeControl(state(170), 'offline');
    phone.writeControl(state(171), 'offline');
    expect(owner(phone, 170)).toBeNull();
    expect(phone.writeControl('/d/fsw/mem_request', '2').ok).toBe(true);
    expect(owner(phone, 170)).toBe(1);
    expect(owner(phone, 171)).toBe(1);
    expect(phone.groundTruth()).toHaveLength(0);
  });

  it('asks the sleeping instance, which releases sections; the requester resumes last and claims them', () => {
    const phone = notesPhone();
    bootJbNotes(phone);
    const before = phone.groundTruth().length;
    expect(phone.writeControl('/d/fsw/mem_request', '3 0xa6000000').ok).toBe(true);
    phone.runUntilSync(() => phone.model.truth.size >= before + 2 && phone.model.truth.peek(before + 1)!.outcome !== 'pending' && phone.model.phase === 'awake', 60_000);
    const hops = phone.groundTruth().slice(before);
    expect(hops.map((r) => [r.kind, r.fromName, r.toName, r.outcome])).toEqual([
      ['section-transfer', 'jb', 'ics', 'ok'],
      ['section-transfer', 'ics', 'jb', 'ok'],
    ]);
    expect(phone.state().runningInstance).toBe(2);
    expect([166, 167, 168].map((i) => owner(phone, i))).toEqual([2, 2, 2]);
    expect(phone.state().sections.find((s) => s.index === 167)!.onlineIn).toEqual([2]);
    expect(phone.dmesg()).toContain('Fastswitch: [claim] claimed 3 sections, 0 missing');
  });

  it('answers ENOMEM when sections are missing and nobody sleeps to ask', () => {
    const phone = notesPhone();
    expect(phone.writeControl('/d/fsw/mem_request', '2')).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(phone.writeControl('/d/fsw/mem_request', 'two')).toEqual({ ok: false, errno: 'EINVAL' });
  });
});

describe('fsw-notes: free_boot and TERMINATE', () => {
  it('frees a boot range in one write, or rolls it back', () => {
    const phone = notesPhone();
    const r = phone.writeControl('/d/fsw/free_boot', '0x90000000 16M 0x3000000 0x90001000');
    expect(r).toEqual({ ok: true, value: undefined });
    expect([144, 145, 146].map((i) => owner(phone, i))).toEqual([null, null, null]);
    // held for the child: the master cannot take them back
    expect(phone.writeControl(state(144), 'online')).toEqual({ ok: false, errno: 'EPERM' });
    // kernelcore never migrates: the write fails and what it had freed comes back
    expect(phone.writeControl('/d/fsw/free_boot', '0x8f000000 16M 0x2000000 0x8f001000')).toEqual({ ok: false, errno: 'EBUSY' });
    expect(owner(phone, 143)).toBe(1);
    // the shared ram-console section is left alone
    expect(phone.writeControl('/d/fsw/free_boot', '0xa0000000 16M 0x2000000 0xa0001000')).toEqual({ ok: true, value: undefined });
    expect([owner(phone, 160), owner(phone, 161)]).toEqual(['shared', null]);
    expect(phone.writeControl('/d/fsw/free_boot', '0x90000000 128M 0x1000000 0x1')).toEqual({ ok: false, errno: 'EINVAL' });
    expect(owner(phone, 143)).toBe(1);
  });

  it('ends the child with TERMINATE (4): wakelocks skipped, the master takes its memory back', () => {
    const phone = notesPhone();
    bootJbNotes(phone);
    phone.setScenario({ audio: true });
    expect(phone.writeControl('/d/fsw/switch', '4 2')).toEqual({ ok: false, errno: 'EINVAL' });
    expect(switchAndSettle(phone, '4 1', 30_000)).toBe(true);
    const r = phone.groundTruth().at(-1)!;
    expect(r.mode).toBe('terminate');
    expect(r.forced).toBe(true);
    expect(phone.state().instances.map((i) => i.status)).toEqual(['running', 'absent']);
    expect(owner(phone, 150)).toBe(1);
    expect(phone.state().sections.find((s) => s.index === 150)!.onlineIn).toEqual([1]);
    expect(phone.writeControl('/d/fsw/switch', '2 2')).toEqual({ ok: false, errno: 'EINVAL' });
  });
});
