/**
 * How fast the simulator's wires are through the real adb server: push
 * throughput at the phone's MAX_PAYLOAD (4096) and at 256 KiB, shell round
 * trips through adbkit, how long the phone takes to be usable again after
 * it was unreachable (what every switch costs a workbench), and the UART in
 * fast mode. Uses the wires' test backend until the phone model is merged.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimServer } from '../main/simulator/sim-server';
import { FakeDeviceBackend } from '../test/support/fake-device-backend';
import { adbAvailable, startPrivateAdbServer } from '../test/support/private-adb-server';
import { figures } from './support/figures';

const run = promisify(execFile);
// adbkit is CommonJS whose named exports plain Node ESM cannot see.
const { Adb } = createRequire(import.meta.url)('@devicefarmer/adbkit') as typeof import('@devicefarmer/adbkit');

async function main() {
  if (!adbAvailable) {
    console.log('adb not installed: nothing to measure');
    return;
  }
  const adbServer = await startPrivateAdbServer();
  const work = mkdtempSync(join(tmpdir(), 'fsw-bench-'));
  try {
    const image = Buffer.alloc(16 * 1024 * 1024, 0x5a);
    const local = join(work, 'image');
    writeFileSync(local, image);

    for (const maxPayload of [4096, 256 * 1024]) {
      const backend = new FakeDeviceBackend();
      const sim = await startSimServer({ backend, adbPort: 0, consolePort: 0, pacing: 'fast', adbMaxPayload: maxPayload });
      const serial = `127.0.0.1:${sim.adbPort}`;
      await adbServer.adb(['connect', serial]);
      const started = performance.now();
      const pushed = await adbServer.adb(['-s', serial, 'push', local, '/data/local/tmp/image'], 120_000);
      const seconds = (performance.now() - started) / 1000;
      if (pushed.code !== 0) throw new Error(pushed.stderr);
      console.log(`adb push 16 MiB, device MAX_PAYLOAD ${maxPayload}: ${(16 / seconds).toFixed(1)} MiB/s (${seconds.toFixed(2)} s, adb client start included)`);
      await adbServer.adb(['disconnect', serial]);
      await sim.close();
    }

    const backend = new FakeDeviceBackend();
    const sim = await startSimServer({ backend, adbPort: 0, consolePort: 0, pacing: 'fast' });
    const serial = `127.0.0.1:${sim.adbPort}`;
    const client = Adb.createClient({ port: adbServer.port });
    await client.connect('127.0.0.1', sim.adbPort);
    const device = client.getDevice(serial);
    const roundTrips: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const t = performance.now();
      await Adb.util.readAll(await device.shell('cat /d/fsw/status'));
      roundTrips.push(performance.now() - t);
    }
    console.log(`adbkit shell round trip (cat /d/fsw/status): ${figures(roundTrips, 'ms')}`);

    // Kernel log through adb shell cat /proc/kmsg while the model prints as fast as it can.
    {
      const kmsg = await device.shell('cat /proc/kmsg');
      while (backend.kmsgReaders() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const count = 100_000;
      let received = 0;
      let lineCount = 0;
      const done = new Promise<void>((resolve) =>
        kmsg.on('data', (chunk: Buffer) => {
          received += chunk.length;
          for (const byte of chunk) if (byte === 0x0a) lineCount += 1;
          if (lineCount >= count) resolve();
        }),
      );
      const t = performance.now();
      for (let i = 0; i < count; i += 1) backend.printk(`PM: suspend of devices complete after ${i % 100}.123 msecs`);
      await done;
      const seconds = (performance.now() - t) / 1000;
      console.log(`kmsg through adbkit shell: ${Math.round(count / seconds)} lines/s, ${(received / 1024 / 1024 / seconds).toFixed(1)} MiB/s (${count} lines)`);
      kmsg.end();
    }

    // After the drop the adb server keeps the transport 'offline' and redials on its own;
    // `adb disconnect` first makes `adb connect` dial at once.
    for (const disconnectFirst of [false, true]) {
      const comebacks: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        backend.setReachable(false);
        backend.setReachable(true);
        const t = performance.now();
        if (disconnectFirst) await run('/usr/bin/adb', ['-P', String(adbServer.port), 'disconnect', serial]).catch(() => undefined);
        for (;;) {
          await run('/usr/bin/adb', ['-P', String(adbServer.port), 'connect', serial]).catch(() => undefined);
          const out = await run('/usr/bin/adb', ['-P', String(adbServer.port), '-s', serial, 'shell', 'cat /d/fsw/status']).catch(() => ({ stdout: '' }));
          if (out.stdout.includes('Current instance')) break;
        }
        comebacks.push(performance.now() - t);
      }
      console.log(`back in reach to first shell answer, ${disconnectFirst ? 'adb disconnect, connect' : 'adb connect (server redials)'} + adb shell: ${figures(comebacks, 'ms')}`);
    }
    await sim.close();

    const uartBackend = new FakeDeviceBackend();
    const uartSim = await startSimServer({ backend: uartBackend, adbPort: 0, consolePort: 0, pacing: 'fast' });
    const total = 64 * 1024 * 1024;
    const socket = connect(uartSim.consolePort, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    let received = 0;
    const done = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= total) resolve();
      }),
    );
    const line = Buffer.from('[  123.456789] PM: suspend of devices complete after 66.123 msecs\r\n'.repeat(1024));
    const t = performance.now();
    for (let sent = 0; sent < total; sent += line.length) uartBackend.printConsole(line.subarray(0, Math.min(line.length, total - sent)));
    await done;
    console.log(`UART endpoint, fast mode: ${(total / 1024 / 1024 / ((performance.now() - t) / 1000)).toFixed(0)} MiB/s to one client`);
    socket.destroy();
    await uartSim.close();
  } finally {
    await adbServer.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
