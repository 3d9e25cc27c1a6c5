import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlatformProfile } from '../../../common/profile/platform-profile';
import { deriveSections } from '../../../common/profile/section-map';
import { loadProfile, profilesDir } from '../../../main/profiles/load-profile';

const path = join(profilesDir(), 'galaxy-nexus.json');
const raw = () => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { devices: Record<string, unknown>[]; instances: Record<string, unknown>[] };

describe('PlatformProfile', () => {
  it('accepts the Galaxy Nexus profile with its facts', () => {
    const r = loadProfile(path);
    if (!r.ok) throw new Error(r.error.message);
    const p = r.profile;
    expect(p.ram).toEqual({ base: 0x80000000, size: 0x40000000 });
    expect(p.sectionSize).toBe(16 * 1024 * 1024);
    expect(p.kernelcore).toEqual({ start: 0x80000000, end: 0x90000000 });
    expect(p.controlInterface).toBe('fsw-2012');
    expect(p.instances.map((i) => [i.id, i.name, i.android])).toEqual([[1, 'ics', '4.0.4'], [2, 'jb', '4.1.1']]);
    expect(p.instances[1]!.kernelRelease.startsWith('3.0.31')).toBe(true);
    const dss = p.devices.find((d) => d.name === 'omapdss')!;
    expect(dss.suspendMs[1]).toBeCloseTo(38.2, 1);
    expect(p.devices.find((d) => d.name === 'pvrsrvkm')!.suspendMs[1]).toBeCloseTo(48.8, 1);
    expect(p.bootloaderRanges.map((r) => r.name)).toEqual(['ATAGs', 'zImage', 'MISC1', 'MISC2']);
  });

  it('names the bad field of a device that has no suspend time', () => {
    const json = raw();
    delete json.devices[2]!.suspendMs;
    const r = parsePlatformProfile(json, 'test.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.path).toBe('devices.2.suspendMs');
      expect(r.error.message).toContain('test.json');
    }
  });

  it('names the bad field of an address that is not hex', () => {
    const json = raw();
    (json.ram as Record<string, unknown>).base = '0xZZ';
    const r = parsePlatformProfile(json, 'x');
    expect(!r.ok && r.error.path).toBe('ram.base');
  });

  it('refuses a second instance 2 with the path of the duplicate', () => {
    const json = raw();
    json.instances.push({ ...json.instances[1]! });
    const r = parsePlatformProfile(json, 'x');
    expect(!r.ok && r.error.path).toBe('instances.2.id');
  });

  it('refuses text that is not JSON, saying where it came from', () => {
    const r = parsePlatformProfile('{ nope', '/tmp/p.json');
    expect(!r.ok && r.error.message).toMatch(/^\/tmp\/p\.json: not JSON/);
  });

  it('reports a missing file as a value', () => {
    const r = loadProfile('/nonexistent/profile.json');
    expect(!r.ok && r.error.message).toContain('cannot read profile');
  });
});

describe('deriveSections', () => {
  const r = loadProfile(path);
  if (!r.ok) throw new Error(r.error.message);
  const sections = deriveSections(r.profile);
  const at = (i: number) => sections.find((s) => s.index === i)!;

  it('cuts 1 GiB into 64 sections numbered by address >> 24', () => {
    expect(sections).toHaveLength(64);
    expect(sections[0]!.index).toBe(128);
    expect(at(144).start).toBe(0x90000000);
  });

  it('marks the master kernelcore, the boot-loader ranges, the movable zone and the carve-outs', () => {
    expect(at(128).fixedOwner).toBe('bootloader');
    expect(at(131).fixedOwner).toBe('kernelcore');
    expect(at(136).note).toContain('MISC2');
    expect(at(144)).toMatchObject({ fixedOwner: null, zone: 'movable', offlineable: true });
    expect(at(180).fixedOwner).toBe('reserved');
    expect(at(180).inSysfs).toBe(false);
  });

  it('pins the ramconsole section (not in sysfs) and the partial section 172', () => {
    expect(at(160)).toMatchObject({ fixedOwner: 'shared', offlineable: false, inSysfs: false });
    expect(at(172)).toMatchObject({ fixedOwner: 'shared', offlineable: false, inSysfs: true });
  });
});

describe('galaxy-nexus-notes.json', () => {
  it('extends galaxy-nexus.json with the fsw-notes interface, and nothing else changed', () => {
    const base = loadProfile(join(profilesDir(), 'galaxy-nexus.json'));
    const notes = loadProfile(join(profilesDir(), 'galaxy-nexus-notes.json'));
    if (!base.ok || !notes.ok) throw new Error('profiles must load');
    expect(notes.profile.controlInterface).toBe('fsw-notes');
    expect(notes.profile.notes.join(' ')).toContain('RECONSTRUCTION');
    const strip = (p: typeof base.profile) => ({ ...p, id: '', controlInterface: '', notes: [] });
    expect(strip(notes.profile)).toEqual(strip(base.profile));
  });
});
