import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Adb } from '@devicefarmer/adbkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../../main/simulator/sim-server';
import { FakeDeviceBackend } from '../../support/fake-device-backend';
import { adbAvailable, adbMissingReason, startPrivateAdbServer, type PrivateAdbServer } from '../../support/private-adb-server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.skipIf(!adbAvailable)(`simulated adbd through adbkit and the adb server ${adbMissingReason}`, () => {
  let adbServer: PrivateAdbServer;
  let backend: FakeDeviceBackend;
  let sim: SimServer;
  let serial: string;

  beforeAll(async () => {
    adbServer = await startPrivateAdbServer();
    backend = new FakeDeviceBackend();
    sim = await startSimServer({ backend, adbPort: 0, consolePort: 0, pacing: 'fast' });
    serial = `127.0.0.1:${sim.adbPort}`;
  });

  afterAll(async () => {
    await adbServer?.stop();
    await sim?.close();
  });

  it('connects, runs shell commands and pushes a kernel image', async () => {
    const client = Adb.createClient({ port: adbServer.port });
    await client.connect('127.0.0.1', sim.adbPort);
    const device = client.getDevice(serial);

    const model = await Adb.util.readAll(await device.shell('getprop ro.product.model'));
    expect(model.toString()).toBe('Galaxy Nexus\r\n');

    await Adb.util.readAll(await device.shell('echo "1 2" > /d/fsw/switch'));
    expect(backend.switchRequests).toContainEqual({ mode: 1, target: 2 });

    const image = Buffer.alloc(3 * 1024 * 1024 + 123, 0);
    for (let i = 0; i < image.length; i += 1) image[i] = (i * 31 + (i >> 8)) & 0xff;
    const transfer = await device.push(Readable.from([image], { objectMode: false }), '/data/local/tmp/zImage-jb');
    await new Promise<void>((resolve, reject) => {
      transfer.on('end', () => resolve());
      transfer.on('error', reject);
    });
    const received = backend.writes.filter((w) => w.path === '/data/local/tmp/zImage-jb');
    expect(received.map((w) => sha256(w.data))).toEqual([sha256(image)]);

    const stat = await device.stat('/data/local/tmp/zImage-jb');
    expect(stat.size).toBe(image.length);
  });
});
