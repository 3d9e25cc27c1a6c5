import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfileOrThrow } from '../../../main/profiles/load-profile';
import { startSimServer, type SimServer } from '../../../main/simulator/sim-server';
import { SimulatedPhone } from '../../../main/simulator/simulated-phone';
import { adbAvailable, adbMissingReason, startPrivateAdbServer, type PrivateAdbServer } from '../../support/private-adb-server';

/**
 * The simulated Galaxy Nexus (the real model) reached as a phone is: Debian's
 * adb server connects to its adbd over TCP, and everything below is what a
 * developer types. The model runs in fast mode, so the test advances its
 * clock while the phone is away (a switch, a boot).
 */
describe.skipIf(!adbAvailable)(`the simulated phone through Debian's adb ${adbMissingReason}`, () => {
  let phone: SimulatedPhone;
  let sim: SimServer;
  let adb: PrivateAdbServer;
  let serial: string;
  const shell = async (command: string) => {
    const r = await adb.adb(['-s', serial, 'shell', command]);
    return r.stdout.replace(/\r\n/g, '\n');
  };
  /** Lets the phone run until it is back on adb, then dials it again as after a Wi-Fi drop. */
  const comeBack = async () => {
    expect(phone.runUntilSync(() => !phone.groundTruthStatus().pending && phone.adbReachable(), 300_000)).toBe(true);
    await adb.adb(['disconnect', serial]);
    const connected = await adb.adb(['connect', serial]);
    expect(connected.stdout).toContain('connected to');
  };

  beforeAll(async () => {
    phone = new SimulatedPhone({ profile: loadProfileOrThrow(), seed: 3, speed: 'fast' });
    sim = await startSimServer({ backend: phone, adbPort: 0, consolePort: 0, pacing: 'fast' });
    adb = await startPrivateAdbServer();
    serial = `127.0.0.1:${sim.adbPort}`;
    expect((await adb.adb(['connect', serial])).stdout).toContain('connected to');
  });
  afterAll(async () => {
    await sim?.close();
    await adb?.stop();
    phone?.close();
  });

  it('is listed as a Galaxy Nexus running Android 4.0.4', async () => {
    expect((await adb.adb(['devices', '-l'])).stdout).toMatch(new RegExp(`${serial.replace(/\./g, '\\.')}\\s+device .*model:Galaxy_Nexus device:maguro`));
    expect(await shell('getprop ro.build.version.release')).toBe('4.0.4\n');
    expect(await shell('cat /d/fsw/status')).toContain('Current instance: 1');
  });

  it('receives a 4 MiB push intact (checksum compared inside the model)', async () => {
    const data = randomBytes(4 * 1024 * 1024);
    const file = join(mkdtempSync(join(tmpdir(), 'fsw-push-')), 'blob.bin');
    writeFileSync(file, data);
    const pushed = await adb.adb(['-s', serial, 'push', file, '/sdcard/blob.bin'], 60_000);
    expect(pushed.code).toBe(0);
    const stored = phone.files.read('/sdcard/blob.bin');
    expect(stored.ok).toBe(true);
    const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
    expect(stored.ok && md5(stored.value)).toBe(md5(data));
  });

  it('boots jb through the real sequence, and switches to it: the device comes back as 4.1.1', async () => {
    for (let block = 144; block < 160; block++) await shell(`echo offline > /sys/devices/system/memory/memory${block}/state`);
    expect(await shell('cat /sys/devices/system/memory/memory150/state')).toBe('offline\n');
    await shell('cat /d/fsw/instance_atags > /sdcard/atags');
    await shell('echo "0x91808000 /data/media/fsw/jb/zImage kernel 2" > /d/fsw/load_file');
    await shell('echo "0x92800000 /data/media/fsw/jb/initrd.img other 2" > /d/fsw/load_file');
    await shell('echo "0x90000100 /sdcard/atags param 2" > /d/fsw/load_file');
    await shell('echo "1 2" > /d/fsw/switch');
    await comeBack();
    expect(await shell('getprop ro.build.version.release')).toBe('4.1.1\n');
    expect(await shell('cat /d/fsw/status')).toContain('Current instance: 2');

    // Back to ics, then the author's self-switch timing trick, then to jb again.
    await shell('echo "2 1" > /d/fsw/switch');
    await comeBack();
    expect(await shell('getprop ro.build.version.release')).toBe('4.0.4\n');
    await shell('echo "2 2" > /d/fsw/switch');
    await comeBack();
    expect(await shell('getprop ro.build.version.release')).toBe('4.1.1\n');
    expect(await shell('cat /d/fsw/status')).toContain('Current instance: 2');
  });

  it('answers bad control writes as the kernel does, and stays consistent', async () => {
    // A refused write prints nothing on Android 4.x (mksh's echo); the exit status says it.
    expect(await shell('echo "3 1" > /d/fsw/switch; echo $?')).toBe('1\n'); // RESUME is not a mode one may request
    expect(await shell('echo bogus > /sys/devices/system/memory/memory150/state; echo $?')).toBe('1\n');
    expect(await shell('cat /nonexistent')).toContain('No such file or directory');
    // A second BOOT of the running instance is taken, as on the phone: it suspends, cancels at the hand-over, and comes back unchanged.
    expect(await shell('echo "1 2" > /d/fsw/switch; echo $?')).toBe('0\n');
    await comeBack();
    expect(await shell('cat /d/fsw/status')).toContain('Current instance: 2');
    expect(await shell('getprop ro.build.version.release')).toBe('4.1.1\n');
    expect(phone.groundTruth().at(-1)?.anomalies.join(' ')).toMatch(/cancel/);
  });
});
