/**
 * One adb stream as a service sees it: bytes in (the host's WRTEs), bytes
 * out (split into WRTEs no larger than the negotiated payload, each waiting
 * for the host's OKAY before the next: adb's only flow control), and close.
 */
export interface AdbStream {
  /** Queue bytes for the host. */
  write(data: Uint8Array | string): void;
  /** Close after everything queued has been delivered (adbd sends CLSE). */
  end(): void;
  readonly closed: boolean;
  /** Called with each WRTE payload from the host, in order. */
  onData(listener: (data: Buffer) => void): void;
  /** Called once when the stream closes, for whatever reason. */
  onClose(listener: () => void): void;
}

export interface StreamTransport {
  sendWrite(localId: number, remoteId: number, data: Buffer): void;
  sendClose(localId: number, remoteId: number): void;
  sendOkay(localId: number, remoteId: number): void;
  maxPayload(): number;
}

/** The device side of a stream, driven by the connection that owns it. */
export class DeviceStream implements AdbStream {
  private readonly pending: Buffer[] = [];
  private awaitingOkay = false;
  private ending = false;
  private isClosed = false;
  private readonly dataListeners: Array<(data: Buffer) => void> = [];
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    readonly localId: number,
    readonly remoteId: number,
    private readonly transport: StreamTransport,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  write(data: Uint8Array | string): void {
    if (this.isClosed || this.ending) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pump();
  }

  end(): void {
    if (this.isClosed || this.ending) return;
    this.ending = true;
    this.pump();
  }

  onData(listener: (data: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: () => void): void {
    if (this.isClosed) listener();
    else this.closeListeners.push(listener);
  }

  /** The host acknowledged our last WRTE. */
  handleOkay(): void {
    this.awaitingOkay = false;
    this.pump();
  }

  /** A WRTE from the host: hand it to the service, then acknowledge it. */
  handleWrite(data: Buffer): void {
    if (this.isClosed) return;
    this.transport.sendOkay(this.localId, this.remoteId);
    for (const listener of this.dataListeners) listener(data);
  }

  /** The host closed the stream, or the connection went away: no CLSE is sent back (as adbd). */
  handleRemoteClose(): void {
    this.finish();
  }

  private pump(): void {
    if (this.isClosed || this.awaitingOkay) return;
    const chunk = this.takeChunk(this.transport.maxPayload());
    if (chunk) {
      this.awaitingOkay = true;
      this.transport.sendWrite(this.localId, this.remoteId, chunk);
      return;
    }
    if (this.ending) {
      this.transport.sendClose(this.localId, this.remoteId);
      this.finish();
    }
  }

  /** Up to `max` bytes from the head of the queue, coalescing small writes. */
  private takeChunk(max: number): Buffer | undefined {
    if (this.pending.length === 0) return undefined;
    const parts: Buffer[] = [];
    let size = 0;
    while (this.pending.length > 0 && size < max) {
      const head = this.pending[0]!;
      const room = max - size;
      if (head.length <= room) {
        parts.push(head);
        size += head.length;
        this.pending.shift();
      } else {
        parts.push(head.subarray(0, room));
        this.pending[0] = head.subarray(room);
        size += room;
      }
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
  }

  private finish(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.pending.length = 0;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
