import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAdbd, type AdbdEndpoint } from '../../../main/simulator/adbd/adbd-server';
import { A_CLSE, A_CNXN, A_OKAY, A_OPEN, A_WRTE, encodeMessage } from '../../../main/simulator/adbd/message';
import { FakeDeviceBackend } from '../../support/fake-device-backend';
import { RawAdbClient } from '../../support/raw-adb-client';

describe('simulated adbd on the wire', () => {
  let backend: FakeDeviceBackend;
  let adbd: AdbdEndpoint;
  const problems: string[] = [];
  const clients: RawAdbClient[] = [];
  const open = async () => {
    const client = await RawAdbClient.open(adbd.port);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    backend = new FakeDeviceBackend();
    problems.length = 0;
    adbd = await startAdbd({ backend, port: 0, onProblem: (m) => problems.push(m) });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await adbd.close();
  });

  it('answers CNXN with version 0x01000000, MAX_PAYLOAD 4096 and the banner', async () => {
    const client = await open();
    const cnxn = await client.handshake();
    expect(cnxn.arg0).toBe(0x01000000);
    expect(cnxn.arg1).toBe(4096);
    expect(cnxn.data.toString()).toBe('device::ro.product.name=yakju;ro.product.model=Galaxy Nexus;ro.product.device=maguro;\0');
  });

  it('drops a connection that sends garbage, and keeps serving others', async () => {
    const bad = await open();
    bad.socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await bad.untilClosed()).toBe(true);
    expect(problems.join('\n')).toMatch(/magic/);

    const good = await open();
    expect((await good.handshake()).command).toBe(A_CNXN);
  });

  it('drops a connection whose header claims an absurd length, without waiting for the bytes', async () => {
    const client = await open();
    await client.handshake();
    const header = encodeMessage({ command: A_WRTE, arg0: 1, arg1: 1, data: Buffer.alloc(0) });
    header.writeUInt32LE(0x7fff0000, 12);
    client.socket.write(header);
    expect(await client.untilClosed()).toBe(true);
  });

  it('refuses an unknown service with a bare CLSE (local id 0)', async () => {
    const client = await open();
    await client.handshake();
    client.send(A_OPEN, 7, 0, 'exec:ls\0');
    const reply = await client.next(() => true);
    expect([reply.command, reply.arg0, reply.arg1]).toEqual([A_CLSE, 0, 7]);
  });

  it('runs shell:CMD: OKAY, its output with pty line endings, then CLSE', async () => {
    const client = await open();
    await client.handshake();
    client.send(A_OPEN, 5, 0, 'shell:cat /d/fsw/status\0');
    const okay = await client.next(() => true);
    expect([okay.command, okay.arg1]).toEqual([A_OKAY, 5]);
    const write = await client.next((m) => m.command === A_WRTE);
    expect(write.data.toString()).toBe('Current instance: 1\r\n');
    client.send(A_OKAY, 5, okay.arg0);
    const close = await client.next((m) => m.command === A_CLSE);
    expect([close.arg0, close.arg1]).toEqual([okay.arg0, 5]);
  });

  it('never writes more than the negotiated payload, nor before the host OKAYs the last WRTE', async () => {
    backend.addFile('/data/local/tmp/log', 'x'.repeat(10_000));
    const client = await open();
    await client.handshake();
    client.send(A_OPEN, 9, 0, 'shell:cat /data/local/tmp/log\0');
    const okay = await client.next((m) => m.command === A_OKAY);
    const first = await client.next((m) => m.command === A_WRTE);
    expect(first.data.length).toBe(4096);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received.filter((m) => m.command === A_WRTE)).toEqual([]);
    let total = first.data.length;
    for (;;) {
      client.send(A_OKAY, 9, okay.arg0);
      const next = await client.next((m) => m.command === A_WRTE || m.command === A_CLSE);
      if (next.command === A_CLSE) break;
      expect(next.data.length).toBeLessThanOrEqual(4096);
      total += next.data.length;
    }
    expect(total).toBe(10_000);
  });

  it('stops listening while the phone is unreachable and listens again on the same port after', async () => {
    const client = await open();
    await client.handshake();
    const port = adbd.port;
    backend.setReachable(false);
    expect(await client.untilClosed()).toBe(true);
    await expect(RawAdbClient.open(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    backend.becomeInstance(2);
    backend.setReachable(true);
    for (let i = 0; i < 50 && !adbd.listening; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(adbd.port).toBe(port);
    const again = await open();
    await again.handshake();
    again.send(A_OPEN, 3, 0, 'shell:getprop ro.build.version.release\0');
    const write = await again.next((m) => m.command === A_WRTE);
    expect(write.data.toString()).toBe('4.1.1\r\n');
  });

  it('ends a kmsg stream when the host closes it', async () => {
    const client = await open();
    await client.handshake();
    client.send(A_OPEN, 4, 0, 'shell:cat /proc/kmsg\0');
    const okay = await client.next((m) => m.command === A_OKAY);
    for (let i = 0; i < 50 && backend.kmsgReaders() === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(backend.kmsgReaders()).toBe(1);
    client.send(A_CLSE, 4, okay.arg0);
    for (let i = 0; i < 50 && backend.kmsgReaders() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(backend.kmsgReaders()).toBe(0);
  });
});
