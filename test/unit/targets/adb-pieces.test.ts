import { describe, expect, it } from 'vitest';
import { adbError, isDeviceGone } from '../../../main/targets/adb/adb-errors';
import { findProgram, parseAdbServer, versionMismatch } from '../../../main/targets/adb/adb-server';
import { factsCommand, isRootId, parseFactsOutput, recognisePhone } from '../../../main/targets/adb/device-facts';

describe('parseAdbServer', () => {
  it("uses this machine's server on 5037 unless an address is given", () => {
    expect(parseAdbServer()).toEqual({ host: '127.0.0.1', port: 5037, remote: false, bin: 'adb' });
    expect(parseAdbServer('lab-host:5038')).toEqual({ host: 'lab-host', port: 5038, remote: true, bin: 'adb' });
  });
  it('refuses an address without a port', () => {
    expect(() => parseAdbServer('lab-host')).toThrow(/HOST:PORT/);
  });
});

describe('versionMismatch', () => {
  const local = parseAdbServer();
  it('says two adb versions on one machine kill each other and what to do', () => {
    const error = versionMismatch(39, 41, local);
    expect(error?.kind).toBe('unsupported');
    expect(error?.message).toMatch(/version 39 but adb is version 41/);
    expect(error?.message).toMatch(/Stop the other adb/);
  });
  it('is silent for the same version and for a remote server', () => {
    expect(versionMismatch(41, 41, local)).toBeNull();
    expect(versionMismatch(39, 41, parseAdbServer('lab:5037'))).toBeNull();
  });
});

describe('findProgram', () => {
  it('looks along PATH', () => {
    expect(findProgram('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(findProgram('no-such-program-here', '/bin')).toBeNull();
  });
});

describe('adb errors a person can act on', () => {
  it('an unauthorized phone: accept the prompt', () => {
    const error = adbError(new Error("Failure: 'device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set'"), 'serial');
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/Allow USB debugging/);
  });
  it('an offline phone: replug', () => {
    expect(adbError(new Error("Failure: 'device offline'"), 'serial').message).toMatch(/replug the cable/);
  });
  it('tells a vanished device from other failures', () => {
    expect(isDeviceGone(new Error("Failure: 'device '127.0.0.1:4000' not found'"))).toBe(true);
    expect(isDeviceGone(new Error("Failure: 'device offline'"))).toBe(true);
    expect(isDeviceGone(new Error('Permission denied'))).toBe(false);
  });
});

describe('device facts', () => {
  it('reads every fact from one round trip', () => {
    expect(factsCommand()).toMatch(/^echo @@model; getprop ro.product.model; echo @@device; /);
    const facts = parseFactsOutput('@@model\r\nGalaxy Nexus\r\n@@device\r\nmaguro\r\n@@androidRelease\r\n4.0.4\r\n@@fingerprint\r\ngoogle/yakju/maguro:4.0.4/IMM76I/330937:user/release-keys\r\n@@serial\r\n\r\n@@kernelRelease\r\n3.0.8-g5639c04\r\n@@kernelVersion\r\nLinux version 3.0.8\r\n@@id\r\nuid=0(root) gid=0(root)\r\n');
    expect(facts).toMatchObject({ model: 'Galaxy Nexus', device: 'maguro', serial: '', kernelRelease: '3.0.8-g5639c04' });
    expect(isRootId(facts.id)).toBe(true);
    expect(isRootId('uid=2000(shell) gid=2000(shell)')).toBe(false);
  });
  it('recognises a Galaxy Nexus and says when a phone is something else', () => {
    expect(recognisePhone({ model: 'Galaxy Nexus', device: 'maguro' }).known).toBe(true);
    const other = recognisePhone({ model: 'Nexus 7', device: 'grouper' });
    expect(other.known).toBe(false);
    expect(other.message).toMatch(/Nexus 7 \(grouper\), not a Galaxy Nexus/);
  });
});
