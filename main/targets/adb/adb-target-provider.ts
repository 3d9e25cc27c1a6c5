import type { TargetInfo } from '../../../common/api/contract';
import { WorkbenchError } from '../../../common/api/errors';
import type { HostClock } from '../clock';
import type { TargetProvider, TargetSink } from '../target';
import { AdbConnection, type AdbConnectionOptions } from './adb-connection';
import { adbError } from './adb-errors';
import { openAdbServer, type AdbServer, type AdbServerSpec } from './adb-server';
import type { AdbDevice } from './adbkit';

export interface AdbTargetProviderOptions {
  server: AdbServerSpec;
  clock?: HostClock;
  /** Passed to every connection: instance names, timeouts, how the kernel log is read. */
  connection?: Omit<AdbConnectionOptions, 'server' | 'serial' | 'sink' | 'id' | 'clock'>;
}

const ID_PREFIX = 'adb:';

/** What a device's adb state means to a person, when it is not ready. */
function stateDetail(type: AdbDevice['type']): string | undefined {
  if (type === 'unauthorized') return 'unauthorized: unlock the phone and accept "Allow USB debugging?"';
  if (type === 'offline') return 'offline: replug the cable, or wait for the phone to finish booting';
  return undefined;
}

/**
 * The phones an adb server (this machine's or a lab host's) knows, kept
 * current by adb's device tracking, and opened as AdbConnections.
 */
export class AdbTargetProvider implements TargetProvider {
  private server: AdbServer | null = null;
  private readonly devices = new Map<string, AdbDevice['type']>();
  private tracker: { end(): unknown; removeAllListeners(): unknown } | null = null;
  private readonly listeners = new Set<(targets: TargetInfo[]) => void>();

  constructor(private readonly o: AdbTargetProviderOptions) {}

  /** The server, opened (and a local one started) on first use. */
  async adbServer(): Promise<AdbServer> {
    this.server ??= await openAdbServer(this.o.server);
    return this.server;
  }

  async list(): Promise<TargetInfo[]> {
    const server = await this.adbServer();
    if (!this.tracker) await this.track(server);
    return this.targets();
  }

  /** Called with the whole list whenever a device comes, goes or changes state. */
  onChange(listener: (targets: TargetInfo[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  open(id: string, sink: TargetSink): Promise<AdbConnection> | null {
    if (!id.startsWith(ID_PREFIX)) return null;
    const serial = id.slice(ID_PREFIX.length);
    return (async () => {
      const server = await this.adbServer();
      const type = this.devices.get(serial);
      if (type === 'unauthorized' || type === 'offline') throw adbError(new Error(`device ${type}`), serial);
      if (type === undefined && !/:\d+$/.test(serial)) throw new WorkbenchError('not-found', `No phone ${serial} on the ${server.label}: is the cable in and USB debugging on?`, serial);
      return AdbConnection.open({ ...this.o.connection, server, serial, sink, id, clock: this.o.clock });
    })();
  }

  /** Dials a TCP device (adb over Wi-Fi, the simulator) so it is listed; returns its target id. */
  async connectAddress(address: string): Promise<string> {
    const server = await this.adbServer();
    try {
      await server.client.connect(address);
    } catch (error) {
      throw new WorkbenchError('not-connected', `adb could not connect to ${address}: ${(error as Error).message}`, address);
    }
    return `${ID_PREFIX}${address}`;
  }

  async close(): Promise<void> {
    this.tracker?.removeAllListeners();
    this.tracker?.end();
    this.tracker = null;
    this.listeners.clear();
  }

  private targets(): TargetInfo[] {
    return [...this.devices].map(([serial, type]) => {
      const detail = stateDetail(type);
      return { id: `${ID_PREFIX}${serial}`, kind: 'adb' as const, label: serial, status: 'disconnected' as const, ...(detail ? { detail } : {}) };
    });
  }

  private changed(): void {
    const targets = this.targets();
    for (const listener of this.listeners) listener(targets);
  }

  private async track(server: AdbServer): Promise<void> {
    const tracker = await server.client.trackDevices();
    this.tracker = tracker;
    // trackDevices reports the devices already there before anyone can listen: seed from listDevices.
    for (const device of await server.client.listDevices()) this.devices.set(device.id, device.type);
    tracker.on('add', (device: AdbDevice) => {
      this.devices.set(device.id, device.type);
      this.changed();
    });
    tracker.on('change', (device: AdbDevice) => {
      this.devices.set(device.id, device.type);
      this.changed();
    });
    tracker.on('remove', (device: AdbDevice) => {
      this.devices.delete(device.id);
      this.changed();
    });
    tracker.on('error', () => undefined);
    tracker.on('end', () => {
      // The server went away: the next list() tracks again.
      if (this.tracker === tracker) this.tracker = null;
    });
  }
}
