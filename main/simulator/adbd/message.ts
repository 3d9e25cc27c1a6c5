/**
 * The adb transport message: a 24-byte little-endian header (command, arg0,
 * arg1, data length, data checksum, magic = command ^ 0xffffffff) followed by
 * the payload. Android 4.0's adbd speaks version 0x01000000, where the
 * checksum (a plain byte sum) is still checked.
 */

export const A_SYNC = 0x434e5953;
export const A_CNXN = 0x4e584e43;
export const A_OPEN = 0x4e45504f;
export const A_OKAY = 0x59414b4f;
export const A_CLSE = 0x45534c43;
export const A_WRTE = 0x45545257;
export const A_AUTH = 0x48545541;

/** The protocol version of Android 4.0/4.1's adbd. */
export const ADB_VERSION_ICS = 0x01000000;
/** Versions from this one on skip the checksum. */
export const ADB_VERSION_SKIP_CHECKSUM = 0x01000001;
/** MAX_PAYLOAD of Android 4.0/4.1's adbd. */
export const ADB_MAX_PAYLOAD_ICS = 4096;
/** Nothing on the wire may claim more than this (adb's largest MAX_PAYLOAD is 1 MiB). */
export const ADB_PAYLOAD_LIMIT = 1024 * 1024;

export const HEADER_SIZE = 24;

const names: Record<number, string> = {
  [A_SYNC]: 'SYNC',
  [A_CNXN]: 'CNXN',
  [A_OPEN]: 'OPEN',
  [A_OKAY]: 'OKAY',
  [A_CLSE]: 'CLSE',
  [A_WRTE]: 'WRTE',
  [A_AUTH]: 'AUTH',
};

export interface AdbMessage {
  command: number;
  arg0: number;
  arg1: number;
  data: Buffer;
}

export function commandName(command: number): string {
  return names[command] ?? `0x${command.toString(16).padStart(8, '0')}`;
}

export function byteSum(data: Uint8Array): number {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) >>> 0;
  return sum;
}

export function encodeMessage(message: AdbMessage): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt32LE(message.command >>> 0, 0);
  header.writeUInt32LE(message.arg0 >>> 0, 4);
  header.writeUInt32LE(message.arg1 >>> 0, 8);
  header.writeUInt32LE(message.data.length, 12);
  header.writeUInt32LE(byteSum(message.data), 16);
  header.writeUInt32LE((message.command ^ 0xffffffff) >>> 0, 20);
  return message.data.length === 0 ? header : Buffer.concat([header, message.data]);
}

export type DecodeError = { kind: 'bad-magic' | 'bad-command' | 'too-long' | 'bad-checksum'; message: string };

/**
 * Splits a byte stream into messages. Bytes arrive in arbitrary pieces;
 * `push` returns every message completed so far, or the first framing
 * error, after which the decoder is spent (the connection must close).
 */
export class MessageDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly options: { maxPayload: () => number; checkChecksum: () => boolean }) {}

  push(chunk: Buffer): { messages: AdbMessage[]; error?: DecodeError } {
    const messages: AdbMessage[] = [];
    if (this.failed) return { messages, error: { kind: 'bad-magic', message: 'decoder already failed' } };
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= HEADER_SIZE) {
      const command = this.buffer.readUInt32LE(0);
      const length = this.buffer.readUInt32LE(12);
      const checksum = this.buffer.readUInt32LE(16);
      const magic = this.buffer.readUInt32LE(20);
      const error = this.checkHeader(command, length, magic);
      if (error) return this.fail(messages, error);
      if (this.buffer.length < HEADER_SIZE + length) break;
      const data = Buffer.from(this.buffer.subarray(HEADER_SIZE, HEADER_SIZE + length));
      if (this.options.checkChecksum() && byteSum(data) !== checksum) {
        return this.fail(messages, { kind: 'bad-checksum', message: `${commandName(command)} payload checksum ${byteSum(data)} != header ${checksum}` });
      }
      messages.push({ command, arg0: this.buffer.readUInt32LE(4), arg1: this.buffer.readUInt32LE(8), data });
      this.buffer = this.buffer.subarray(HEADER_SIZE + length);
    }
    return { messages };
  }

  private checkHeader(command: number, length: number, magic: number): DecodeError | undefined {
    if (magic !== (command ^ 0xffffffff) >>> 0) return { kind: 'bad-magic', message: `magic 0x${magic.toString(16)} does not match command 0x${command.toString(16)}` };
    if (names[command] === undefined) return { kind: 'bad-command', message: `unknown command ${commandName(command)}` };
    // CNXN may carry up to the host's own maximum before one is negotiated.
    const limit = command === A_CNXN ? ADB_PAYLOAD_LIMIT : Math.max(this.options.maxPayload(), 0);
    if (length > limit) return { kind: 'too-long', message: `${commandName(command)} claims ${length} bytes, more than ${limit}` };
    return undefined;
  }

  private fail(messages: AdbMessage[], error: DecodeError) {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    return { messages, error };
  }
}
