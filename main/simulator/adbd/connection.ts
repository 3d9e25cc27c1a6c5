import type { Socket } from 'node:net';
import { deviceBanner } from './banner';
import { A_AUTH, A_CLSE, A_CNXN, A_OKAY, A_OPEN, A_SYNC, A_WRTE, ADB_VERSION_ICS, ADB_VERSION_SKIP_CHECKSUM, encodeMessage, MessageDecoder, type AdbMessage } from './message';
import { DeviceStream, type AdbStream } from './stream';

/** The service named in an OPEN, ready to start on its stream; undefined when the device has no such service. */
export type ServiceRouter = (name: string) => ((stream: AdbStream) => void) | undefined;

export interface ConnectionOptions {
  /** The device's MAX_PAYLOAD (4096 on Android 4.0/4.1). */
  maxPayload: number;
  /** The running instance's properties, read at each CNXN for the banner. */
  properties: () => Record<string, string>;
  openService: ServiceRouter;
  /** Why the connection was dropped, for the simulator's log. */
  onProblem?: (message: string) => void;
}

/**
 * One host connected to the simulated adbd over TCP: the CNXN handshake
 * (no AUTH: Android 4.0 had none), then streams multiplexed by local and
 * remote id. Anything that breaks the framing drops this connection only.
 */
export class AdbConnection {
  private readonly streams = new Map<number, DeviceStream>();
  private nextLocalId = 1;
  private online = false;
  private version = ADB_VERSION_ICS;
  private negotiatedPayload: number;
  private readonly decoder: MessageDecoder;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.negotiatedPayload = options.maxPayload;
    this.decoder = new MessageDecoder({
      maxPayload: () => options.maxPayload,
      checkChecksum: () => this.version < ADB_VERSION_SKIP_CHECKSUM,
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.teardown());
    socket.on('error', () => this.teardown());
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** Drops the connection at once, as a USB unplug or a suspended phone does. */
  drop(): void {
    this.socket.destroy();
    this.teardown();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    const { messages, error } = this.decoder.push(chunk);
    for (const message of messages) this.handle(message);
    if (error) {
      this.options.onProblem?.(`adbd: dropping connection from ${this.socket.remoteAddress}:${this.socket.remotePort}: ${error.message}`);
      this.drop();
    }
  }

  private send(command: number, arg0: number, arg1: number, data: Buffer = Buffer.alloc(0)): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(encodeMessage({ command, arg0, arg1, data }));
  }

  private handle(message: AdbMessage): void {
    if (this.closed) return;
    switch (message.command) {
      case A_CNXN:
        return this.handleConnect(message);
      case A_OPEN:
        return this.handleOpen(message);
      case A_OKAY:
        this.streams.get(message.arg1)?.handleOkay();
        return;
      case A_WRTE:
        this.streams.get(message.arg1)?.handleWrite(message.data);
        return;
      case A_CLSE: {
        const stream = this.streams.get(message.arg1);
        if (stream && (message.arg0 === 0 || message.arg0 === stream.remoteId)) stream.handleRemoteClose();
        return;
      }
      case A_SYNC:
      case A_AUTH:
        // The host never sends these to an Android 4.0 device; adbd ignored them.
        return;
    }
  }

  private handleConnect(message: AdbMessage): void {
    // A second CNXN restarts the transport: every open stream goes away.
    for (const stream of [...this.streams.values()]) stream.handleRemoteClose();
    this.version = Math.min(message.arg0, ADB_VERSION_ICS);
    const hostPayload = message.arg1 > 0 ? message.arg1 : this.options.maxPayload;
    this.negotiatedPayload = Math.min(hostPayload, this.options.maxPayload);
    this.online = true;
    this.send(A_CNXN, ADB_VERSION_ICS, this.options.maxPayload, deviceBanner(this.options.properties()));
  }

  private handleOpen(message: AdbMessage): void {
    const remoteId = message.arg0;
    if (!this.online || remoteId === 0) return;
    const name = message.data.toString('utf8').replace(/\0+$/, '');
    const service = this.options.openService(name);
    if (!service) {
      // adbd refuses an unknown service with a bare CLSE (local id 0).
      this.send(A_CLSE, 0, remoteId);
      return;
    }
    const localId = this.nextLocalId++;
    const stream = new DeviceStream(localId, remoteId, {
      sendWrite: (local, remote, data) => this.send(A_WRTE, local, remote, data),
      sendClose: (local, remote) => this.send(A_CLSE, local, remote),
      sendOkay: (local, remote) => this.send(A_OKAY, local, remote),
      maxPayload: () => this.negotiatedPayload,
    });
    this.streams.set(localId, stream);
    stream.onClose(() => this.streams.delete(localId));
    // adbd answers OKAY as soon as the service exists, before it writes anything.
    this.send(A_OKAY, localId, remoteId);
    try {
      service(stream);
    } catch (error) {
      this.options.onProblem?.(`adbd: service '${name}' failed: ${(error as Error).message}`);
      stream.end();
    }
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.online = false;
    for (const stream of [...this.streams.values()]) stream.handleRemoteClose();
    this.streams.clear();
  }
}
