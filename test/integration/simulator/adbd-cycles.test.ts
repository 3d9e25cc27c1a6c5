import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startAdbd } from '../../../main/simulator/adbd/adbd-server';
import { A_OKAY, A_OPEN, A_WRTE } from '../../../main/simulator/adbd/message';
import { FakeDeviceBackend } from '../../support/fake-device-backend';
import { RawAdbClient } from '../../support/raw-adb-client';

const openFds = () => readdirSync('/proc/self/fd').length;

describe('simulated adbd across many drops', () => {
  it('leaves no connection, kmsg reader or file descriptor behind after 100 unreachable/reachable cycles', async () => {
    const backend = new FakeDeviceBackend();
    const adbd = await startAdbd({ backend, port: 0 });
    const before = openFds();
    for (let cycle = 0; cycle < 100; cycle += 1) {
      for (let i = 0; i < 50 && !adbd.listening; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const client = await RawAdbClient.open(adbd.port);
      await client.handshake();
      client.send(A_OPEN, 1, 0, 'shell:cat /proc/kmsg\0');
      const okay = await client.next((m) => m.command === A_OKAY);
      for (let i = 0; i < 50 && backend.kmsgReaders() === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
      backend.printk(`cycle ${cycle}`);
      const line = await client.next((m) => m.command === A_WRTE);
      expect(line.data.toString()).toContain(`cycle ${cycle}`);
      client.send(A_OKAY, 1, okay.arg0);

      backend.setReachable(false);
      expect(await client.untilClosed()).toBe(true);
      expect(backend.kmsgReaders()).toBe(0);
      backend.setReachable(true);
    }
    expect(adbd.connectionCount()).toBe(0);
    // Sockets close asynchronously; give them a moment, then compare.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openFds() - before).toBeLessThanOrEqual(2);
    await adbd.close();
  });
});
