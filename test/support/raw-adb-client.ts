import { connect, type Socket } from 'node:net';
import { A_CNXN, encodeMessage, MessageDecoder, type AdbMessage } from '../../main/simulator/adbd/message';

/**
 * A bare adb host for tests that need to see the wire itself: sends
 * messages, collects what the device sends, and notices when it hangs up.
 */
export class RawAdbClient {
  readonly received: AdbMessage[] = [];
  closed = false;
  private readonly decoder = new MessageDecoder({ maxPayload: () => 1 << 20, checkChecksum: () => true });
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...this.decoder.push(chunk).messages);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawAdbClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawAdbClient(socket)));
      socket.once('error', reject);
    });
  }

  send(command: number, arg0: number, arg1: number, data: Buffer | string = Buffer.alloc(0)): void {
    this.socket.write(encodeMessage({ command, arg0, arg1, data: typeof data === 'string' ? Buffer.from(data) : data }));
  }

  /** CNXN as adb 29 sends it; resolves to the device's CNXN. */
  async handshake(): Promise<AdbMessage> {
    this.send(A_CNXN, 0x01000001, 1 << 20, 'host::features=shell_v2,cmd\0');
    return this.next((m) => m.command === A_CNXN);
  }

  /** Waits for a message matching `match` that arrives after the ones already consumed. */
  async next(match: (message: AdbMessage) => boolean, timeoutMs = 5000): Promise<AdbMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(match);
      if (index >= 0) return this.received.splice(0, index + 1)[index]!;
      if (this.closed) throw new Error('device closed the connection');
      if (Date.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  untilClosed(timeoutMs = 5000): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(true);
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
