import { startAdbd } from './adbd/adbd-server';
import type { SimDeviceBackend } from './device-backend';
import { startUartEndpoint, type UartEndpoint } from './uart/uart-endpoint';
import type { UartPacing } from './uart/uart-pacer';

export interface SimServerOptions {
  backend: SimDeviceBackend;
  /** 0 picks a free port. The adb server scans 5555–5585 for emulators: tests stay outside. */
  adbPort: number;
  consolePort: number;
  host?: string;
  /** UART speed: 'realtime' paces at 115200 8N1, 'fast' sends at once. */
  pacing: UartPacing;
  /** The device's adb MAX_PAYLOAD (4096, as Android 4.0/4.1). */
  adbMaxPayload?: number;
  /** How the phone's `sleep` waits (the model's clock in fast mode). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onProblem?: (message: string) => void;
}

export interface SimServer {
  readonly host: string;
  readonly adbPort: number;
  readonly consolePort: number;
  close(): Promise<void>;
}

/** The simulated phone's wires on loopback: its adbd and its UART. */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const host = options.host ?? '127.0.0.1';
  // Commands started with nohup outlive their adb session, not the simulator.
  const lifetime = new AbortController();
  const adbd = await startAdbd({
    backend: options.backend,
    port: options.adbPort,
    host,
    maxPayload: options.adbMaxPayload,
    shell: { sleep: options.sleep, lifetime: lifetime.signal },
    onProblem: options.onProblem,
  });
  let uart: UartEndpoint;
  try {
    uart = await startUartEndpoint({ backend: options.backend, port: options.consolePort, host, pacing: options.pacing });
  } catch (error) {
    await adbd.close();
    throw error;
  }
  return {
    host,
    adbPort: adbd.port,
    consolePort: uart.port,
    close: async () => {
      lifetime.abort();
      await Promise.all([adbd.close(), uart.close()]);
    },
  };
}
