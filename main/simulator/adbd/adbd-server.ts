import { createServer, type Server, type Socket } from 'node:net';
import type { SimDeviceBackend } from '../device-backend';
import { AdbConnection } from './connection';
import { ADB_MAX_PAYLOAD_ICS } from './message';
import { serviceRouter } from './services';
import type { ShellServiceOptions } from './shell-service';

export interface AdbdOptions {
  backend: SimDeviceBackend;
  /** 0 picks a free port. Keep tests outside 5555–5585: the adb server scans those for emulators. */
  port: number;
  host?: string;
  /** The device's MAX_PAYLOAD; Android 4.0/4.1's adbd has 4096. */
  maxPayload?: number;
  shell?: ShellServiceOptions;
  /** Connections dropped for bad framing, services that failed. */
  onProblem?: (message: string) => void;
}

export interface AdbdEndpoint {
  readonly port: number;
  readonly host: string;
  /** Whether it accepts connections now (false while the phone is unreachable). */
  readonly listening: boolean;
  connectionCount(): number;
  close(): Promise<void>;
}

const RELISTEN_RETRY_MS = 100;

/**
 * The simulated phone's adbd on loopback TCP, as adbd listens after
 * `adb tcpip`. While the backend says the phone is unreachable (suspended,
 * switching) every connection is dropped and the port refuses new ones; it
 * listens again on the same port when the phone is back, possibly as the
 * other instance (the banner is rebuilt at each CNXN).
 */
export async function startAdbd(options: AdbdOptions): Promise<AdbdEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const connections = new Set<AdbConnection>();
  const router = serviceRouter(options.backend, options.shell);
  let server: Server | undefined;
  let port = options.port;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const accept = (socket: Socket) => {
    if (!options.backend.adbReachable()) {
      socket.destroy();
      return;
    }
    const connection = new AdbConnection(socket, {
      maxPayload: options.maxPayload ?? ADB_MAX_PAYLOAD_ICS,
      properties: () => options.backend.properties(),
      openService: router,
      onProblem: options.onProblem,
    });
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const candidate = createServer(accept);
      candidate.once('error', (error) => {
        candidate.close();
        reject(error);
      });
      candidate.listen(port, host, () => {
        candidate.removeAllListeners('error');
        candidate.on('error', (error) => options.onProblem?.(`adbd: ${error.message}`));
        server = candidate;
        const address = candidate.address();
        if (address && typeof address === 'object') port = address.port;
        resolve();
      });
    });

  const stopListening = () => {
    server?.close();
    server = undefined;
    for (const connection of [...connections]) connection.drop();
    connections.clear();
  };

  let binding = false;
  const resume = () => {
    if (closed || server || retry || binding) return;
    binding = true;
    listen()
      .then(() => {
        binding = false;
        // The phone may have gone away again while the port was being bound.
        if (closed || !options.backend.adbReachable()) stopListening();
      })
      .catch((error: Error) => {
        binding = false;
        // The port may be briefly held by another process: try again.
        options.onProblem?.(`adbd: cannot listen again on ${host}:${port}: ${error.message}`);
        retry = setTimeout(() => {
          retry = undefined;
          if (options.backend.adbReachable()) resume();
        }, RELISTEN_RETRY_MS);
      });
  };

  // Bind once even when the phone starts unreachable, so the port is known.
  await listen();
  if (!options.backend.adbReachable()) stopListening();

  const unsubscribe = options.backend.onAdbReachability((reachable) => {
    if (closed) return;
    if (reachable) resume();
    else stopListening();
  });

  return {
    get port() {
      return port;
    },
    host,
    get listening() {
      return server !== undefined;
    },
    connectionCount: () => connections.size,
    close: async () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      const current = server;
      stopListening();
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}
