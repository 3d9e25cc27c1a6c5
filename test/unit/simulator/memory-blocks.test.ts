import { describe, expect, it } from 'vitest';
import { bootedPhone } from './sim-support';

const state = (n: number) => `/sys/devices/system/memory/memory${n}/state`;

describe('memory blocks through sysfs (fsw-2012)', () => {
  it('reads 16 MiB blocks as the 3.0 kernel prints them', () => {
    const { phone } = bootedPhone();
    expect(phone.readControl('/sys/devices/system/memory/block_size_bytes')).toEqual({ ok: true, value: '1000000\n' });
    expect(phone.readControl(state(144))).toEqual({ ok: true, value: 'online\n' });
    expect(phone.readControl('/sys/devices/system/memory/memory144/phys_index')).toEqual({ ok: true, value: '00000090\n' });
    expect(phone.readControl('/sys/devices/system/memory/memory144/removable')).toEqual({ ok: true, value: '1\n' });
    expect(phone.readControl('/sys/devices/system/memory/memory131/removable')).toEqual({ ok: true, value: '0\n' });
  });

  it('offlines a movable block, refuses to offline it twice, and takes it back online', () => {
    const { phone } = bootedPhone();
    expect(phone.writeControl(state(150), 'offline')).toEqual({ ok: true, value: undefined });
    expect(phone.readControl(state(150))).toEqual({ ok: true, value: 'offline\n' });
    expect(phone.writeControl(state(150), 'offline')).toEqual({ ok: false, errno: 'EINVAL' });
    expect(phone.writeControl(state(150), 'online')).toEqual({ ok: true, value: undefined });
    expect(phone.state().sections.find((s) => s.index === 150)!.onlineIn).toEqual([1]);
  });

  it('compares the keyword by prefix over the bytes written, newline included, as store_mem_state does', () => {
    const { phone } = bootedPhone();
    const raw = (text: string) => phone.files.write(state(151), new TextEncoder().encode(text));
    expect(raw('off')).toEqual({ ok: true, value: undefined });
    expect(raw('on')).toEqual({ ok: true, value: undefined });
    // `echo off` sends "off\n": four bytes that match neither keyword
    expect(phone.writeControl(state(151), 'off')).toEqual({ ok: false, errno: 'EINVAL' });
    expect(phone.writeControl(state(151), 'sideways')).toEqual({ ok: false, errno: 'EINVAL' });
  });

  it('never offlines kernelcore or the partial section 172 (EBUSY, logged), and has no memory160', () => {
    const { phone } = bootedPhone();
    expect(phone.writeControl(state(131), 'offline')).toEqual({ ok: false, errno: 'EBUSY' });
    expect(phone.writeControl(state(172), 'offline')).toEqual({ ok: false, errno: 'EBUSY' });
    expect(phone.dmesg()).toContain('memory offlining ac000 to ad000 failed');
    expect(phone.writeControl(state(160), 'offline')).toEqual({ ok: false, errno: 'ENOENT' });
    expect(phone.writeControl(state(180), 'offline')).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('fails some offlines of movable blocks with EBUSY or EAGAIN, more when memory runs short', () => {
    const errnos = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const { phone } = bootedPhone({ seed });
      for (let i = 144; i <= 171; i++) {
        const r = phone.writeControl(state(i), 'offline');
        if (!r.ok) errnos.add(r.errno);
      }
      phone.close();
    }
    expect([...errnos].sort()).toEqual(['EAGAIN', 'EBUSY', 'ENOENT']);
  });

  it('lists the System RAM the running kernel has in /proc/iomem', () => {
    const { phone } = bootedPhone();
    phone.writeControl(state(150), 'offline');
    const iomem = phone.readControl('/proc/iomem');
    expect(iomem.ok && iomem.value).toContain('80000000-95ffffff : System RAM');
    expect(iomem.ok && iomem.value).toContain('97000000-a01fffff : System RAM');
    expect(iomem.ok && iomem.value).toContain('a0200000-a03fffff : ram_console');
  });
});
