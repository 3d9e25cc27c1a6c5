import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startUartEndpoint, type UartEndpoint } from '../../../main/simulator/uart/uart-endpoint';
import { FakeDeviceBackend } from '../../support/fake-device-backend';

function client(port: number): Promise<{ socket: Socket; received: () => Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, received: () => Buffer.concat(chunks) }));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
  });
}

const until = async (what: string, check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('UART endpoint', () => {
  let uart: UartEndpoint | undefined;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await uart?.close();
    uart = undefined;
  });

  it('sends console bytes to every connected client, unchanged', async () => {
    const backend = new FakeDeviceBackend();
    uart = await startUartEndpoint({ backend, port: 0, pacing: 'fast' });
    const a = await client(uart.port);
    const b = await client(uart.port);
    sockets.push(a.socket, b.socket);
    await until('both clients', () => uart!.clientCount() === 2);
    const bytes = Buffer.from([0x1b, 0x5b, 0x30, 0x6d, 0x0d, 0x0a, 0xff, 0x00]);
    backend.printConsole(bytes);
    await until('the bytes', () => a.received().length === bytes.length && b.received().length === bytes.length);
    expect(a.received()).toEqual(bytes);
    expect(b.received()).toEqual(bytes);
  });

  it('paces output at the line rate: a burst arrives in pieces over time', async () => {
    const backend = new FakeDeviceBackend();
    uart = await startUartEndpoint({ backend, port: 0, pacing: { bytesPerSecond: 4000 } });
    const pieces: number[] = [];
    const c = await client(uart.port);
    c.socket.on('data', (chunk: Buffer) => pieces.push(chunk.length));
    sockets.push(c.socket);
    await until('the client', () => uart!.clientCount() === 1);
    backend.printConsole(Buffer.alloc(4000, 0x41));
    await until('all bytes', () => c.received().length === 4000);
    // Only a stall of the whole second the line needs could deliver it in one piece.
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces[0]).toBeLessThan(4000);
  });

  it('types what a client sends at the console', async () => {
    const backend = new FakeDeviceBackend();
    uart = await startUartEndpoint({ backend, port: 0, pacing: 'fast' });
    const c = await client(uart.port);
    sockets.push(c.socket);
    c.socket.write('cat /d/fsw/status\r');
    await until('the input', () => Buffer.concat(backend.consoleInput).toString() === 'cat /d/fsw/status\r');
  });
});
