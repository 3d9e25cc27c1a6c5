import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../../main/simulator/sim-server';
import { FakeDeviceBackend } from '../../support/fake-device-backend';
import { adbAvailable, adbMissingReason, startPrivateAdbServer, type PrivateAdbServer } from '../../support/private-adb-server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Android 4.x adb shell runs on a pty: every line ends in \r\n. */
const lines = (text: string) => text.replace(/\r\n/g, '\n');

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!adbAvailable)(`simulated adbd with Debian's adb server ${adbMissingReason}`, () => {
  let adbServer: PrivateAdbServer;
  let backend: FakeDeviceBackend;
  let sim: SimServer;
  let serial: string;
  const problems: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'fsw-adbd-'));
  const shell = (command: string) => adbServer.adb(['-s', serial, 'shell', command]);

  beforeAll(async () => {
    adbServer = await startPrivateAdbServer();
    backend = new FakeDeviceBackend();
    sim = await startSimServer({ backend, adbPort: 0, consolePort: 0, pacing: 'fast', onProblem: (m) => problems.push(m) });
    serial = `127.0.0.1:${sim.adbPort}`;
    const connected = await adbServer.adb(['connect', serial]);
    expect(connected.stdout).toContain(`connected to ${serial}`);
  });

  afterAll(async () => {
    await adbServer?.stop();
    await sim?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('is listed as a Galaxy Nexus by adb devices -l', async () => {
    const listed = await eventually('the device to be online', async () => {
      const { stdout } = await adbServer.adb(['devices', '-l']);
      return stdout.split('\n').find((line) => line.startsWith(serial) && / device /.test(line));
    });
    expect(listed).toContain('product:yakju model:Galaxy_Nexus device:maguro');
  });

  it('answers getprop with the running instance release', async () => {
    const { stdout } = await shell('getprop ro.build.version.release');
    expect(stdout).toBe('4.0.4\r\n');
  });

  it('writes a switch request to debugfs through echo and a redirection', async () => {
    await shell('echo "2 2" > /d/fsw/switch');
    expect(backend.switchRequests).toContainEqual({ mode: 2, target: 2 });
  });

  it('gives back what the phone prints for refused writes and missing files', async () => {
    const { stdout } = await shell('echo "3 1" > /d/fsw/switch; echo $?; echo x > /nodir/f; cat /nope; frob');
    expect(lines(stdout)).toBe(['1', '/system/bin/sh: cannot create /nodir/f: No such file or directory', '/nope: No such file or directory', '/system/bin/sh: frob: not found', ''].join('\n'));
  });

  it('receives a 4 MiB push intact and gives it back on pull', async () => {
    const image = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < image.length; i += 4) image.writeUInt32LE((i * 2654435761) >>> 0, i);
    const local = join(work, 'zImage');
    writeFileSync(local, image);
    const pushed = await adbServer.adb(['-s', serial, 'push', local, '/data/local/tmp/zImage']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const received = backend.writes.filter((w) => w.path === '/data/local/tmp/zImage');
    expect(received).toHaveLength(1);
    expect(sha256(received[0]!.data)).toBe(sha256(image));

    const back = join(work, 'zImage.back');
    const pulled = await adbServer.adb(['-s', serial, 'pull', '/data/local/tmp/zImage', back]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(sha256(readFileSync(back))).toBe(sha256(image));
  });

  it('fails a pull of a missing file the way the phone does', async () => {
    const pulled = await adbServer.adb(['-s', serial, 'pull', '/data/nothing', join(work, 'x')]);
    expect(pulled.code).not.toBe(0);
    expect(pulled.stdout + pulled.stderr).toContain("remote object '/data/nothing' does not exist");
  });

  it('streams /proc/kmsg to adb shell as the kernel prints', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('/usr/bin/adb', ['-P', String(adbServer.port), '-s', serial, 'shell', 'cat /proc/kmsg'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await eventually('the kmsg reader', async () => (backend.kmsgReaders() > 0 ? true : undefined));
    backend.printk('PM: suspend entry 2012-08-20 10:12:13');
    await eventually('the kmsg line', async () => (out.includes('suspend entry') ? true : undefined));
    child.kill();
    expect(out).toContain('<6>[    0.000000] PM: suspend entry 2012-08-20 10:12:13\r\n');
  });

  it('drops the connection while the phone is unreachable and comes back as the other instance', async () => {
    const { spawn } = await import('node:child_process');
    const reader = spawn('/usr/bin/adb', ['-P', String(adbServer.port), '-s', serial, 'shell', 'cat /proc/kmsg'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = new Promise<void>((resolve) => reader.on('exit', () => resolve()));
    await eventually('the kmsg reader', async () => (backend.kmsgReaders() > 0 ? true : undefined));

    backend.setReachable(false);
    await ended;
    expect(backend.kmsgReaders()).toBe(0);
    const refused = await adbServer.adb(['connect', serial]);
    expect(refused.stdout + refused.stderr).toMatch(/failed to connect|Connection refused|unable to connect/i);

    backend.becomeInstance(2);
    backend.setReachable(true);
    const release = await eventually('the phone to come back as 4.1.1', async () => {
      await adbServer.adb(['connect', serial]);
      const { stdout } = await shell('getprop ro.build.version.release');
      return stdout.trim() === '4.1.1' ? stdout.trim() : undefined;
    });
    expect(release).toBe('4.1.1');
  });

  it('gives an interactive adb shell with the mksh prompt, echo and exit', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('/usr/bin/adb', ['-P', String(adbServer.port), '-s', serial, 'shell'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('latin1')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually('the prompt', async () => (out.includes('root@android:/ # ') ? true : undefined));
    child.stdin.write('cat /d/fsw/status\n');
    await eventually('the answer', async () => (out.includes('Current instance:') ? true : undefined));
    child.stdin.write('false\nexit\n');
    await exited;
    expect(lines(out)).toMatch(/^root@android:\/ # cat \/d\/fsw\/status\nCurrent instance: \d\nroot@android:\/ # false\n1\|root@android:\/ # exit\n$/);
  });

  it('says adbd already runs as root to adb root', async () => {
    const root = await adbServer.adb(['-s', serial, 'root']);
    expect(root.stdout).toContain('adbd is already running as root');
  });

  it('refuses an unknown service and keeps serving', async () => {
    const reboot = await adbServer.adb(['-s', serial, 'reboot']);
    expect(reboot.code).not.toBe(0);
    const { stdout } = await shell('cat /d/fsw/status');
    expect(lines(stdout)).toMatch(/^Current instance: \d\n$/);
  });
});
