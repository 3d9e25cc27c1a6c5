import { createServer, type Socket } from 'node:net';
import type { SimDeviceBackend } from '../device-backend';
import { UartPacer, type PacerClock, type UartPacing } from './uart-pacer';

export interface UartEndpointOptions {
  backend: SimDeviceBackend;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  pacing: UartPacing;
  clock?: PacerClock;
}

export interface UartEndpoint {
  readonly port: number;
  readonly host: string;
  clientCount(): number;
  close(): Promise<void>;
}

/**
 * The phone's UART on loopback TCP, as ser2net serves a serial port: every
 * connected client reads the console bytes of whichever kernel runs (one
 * wire, so a client sees what is sent while it is connected), and whatever a
 * client sends is typed at the console.
 */
export async function startUartEndpoint(options: UartEndpointOptions): Promise<UartEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<Socket>();
  const pacer = new UartPacer(
    options.pacing,
    (bytes) => {
      for (const client of clients) if (!client.destroyed) client.write(bytes);
    },
    options.clock,
  );
  const unsubscribe = options.backend.console.onBytes((bytes) => pacer.push(bytes));

  const server = createServer((socket) => {
    socket.setNoDelay(true);
    clients.add(socket);
    socket.on('data', (chunk: Buffer) => options.backend.console.input(new Uint8Array(chunk)));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => clients.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;

  return {
    port,
    host,
    clientCount: () => clients.size,
    close: async () => {
      unsubscribe();
      pacer.stop();
      for (const client of clients) client.destroy();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
