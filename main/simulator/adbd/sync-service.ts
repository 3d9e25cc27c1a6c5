import { posix } from 'node:path';
import type { SimDeviceBackend } from '../device-backend';
import { strerror } from '../shell/errno-text';
import type { AdbStream } from './stream';

/**
 * `sync:` as Android 4.0's file_sync_service: requests are a 4-byte id and a
 * little-endian length, then that many bytes; STAT, LIST, RECV, SEND (DATA
 * chunks of at most 64 KiB, then DONE carrying the mtime), QUIT. Replies
 * are OKAY or FAIL with the strerror text, as the phone gives them.
 */
export const SYNC_DATA_MAX = 64 * 1024;
/** Paths longer than this are refused, as adbd does (1024 in 4.0). */
const SYNC_PATH_MAX = 1024;

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

function id(text: string): number {
  return Buffer.from(text, 'latin1').readUInt32LE(0);
}

const ID = { STAT: id('STAT'), LIST: id('LIST'), RECV: id('RECV'), SEND: id('SEND'), QUIT: id('QUIT'), DATA: id('DATA'), DONE: id('DONE'), OKAY: id('OKAY'), FAIL: id('FAIL'), DENT: id('DENT') };

function header(name: keyof typeof ID, value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(ID[name], 0);
  out.writeUInt32LE(value >>> 0, 4);
  return out;
}

function fail(message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([header('FAIL', text.length), text]);
}

function modeBits(type: 'file' | 'dir' | 'link', mode: number): number {
  return (type === 'dir' ? S_IFDIR : type === 'link' ? S_IFLNK : S_IFREG) | (mode & 0o7777);
}

interface PendingSend {
  path: string;
  chunks: Buffer[];
  size: number;
}

export function startSyncService(stream: AdbStream, backend: SimDeviceBackend): void {
  let buffer: Buffer = Buffer.alloc(0);
  let send: PendingSend | undefined;

  const quit = (reply?: Buffer) => {
    if (reply) stream.write(reply);
    stream.end();
  };

  const handleRequest = (requestId: number, payload: Buffer): boolean => {
    if (send) return handleSendPiece(requestId, payload);
    const path = payload.toString('utf8');
    switch (requestId) {
      case ID.STAT: {
        const stat = backend.files.stat(path);
        const out = Buffer.alloc(16);
        out.writeUInt32LE(ID.STAT, 0);
        if (stat.ok) {
          out.writeUInt32LE(modeBits(stat.value.type, stat.value.mode), 4);
          out.writeUInt32LE(stat.value.size >>> 0, 8);
          out.writeUInt32LE(stat.value.mtimeS >>> 0, 12);
        }
        stream.write(out);
        return true;
      }
      case ID.LIST:
        stream.write(listReply(backend, path));
        return true;
      case ID.RECV: {
        const read = backend.files.read(path);
        if (!read.ok) {
          stream.write(fail(strerror(read.errno)));
          return true;
        }
        const data = Buffer.from(read.value);
        for (let offset = 0; offset < data.length; offset += SYNC_DATA_MAX) {
          const chunk = data.subarray(offset, offset + SYNC_DATA_MAX);
          stream.write(Buffer.concat([header('DATA', chunk.length), chunk]));
        }
        stream.write(header('DONE', 0));
        return true;
      }
      case ID.SEND: {
        const comma = path.lastIndexOf(',');
        send = { path: comma >= 0 ? path.slice(0, comma) : path, chunks: [], size: 0 };
        return true;
      }
      case ID.QUIT:
        quit();
        return false;
      default:
        quit(fail(`unknown sync request 0x${requestId.toString(16)}`));
        return false;
    }
  };

  const handleSendPiece = (requestId: number, payload: Buffer): boolean => {
    const pending = send!;
    if (requestId === ID.DATA) {
      pending.chunks.push(payload);
      pending.size += payload.length;
      return true;
    }
    if (requestId === ID.DONE) {
      send = undefined;
      // One write(2) of the whole file: the backend sees what was pushed at once.
      const result = backend.files.write(pending.path, Buffer.concat(pending.chunks, pending.size));
      stream.write(result.ok ? header('OKAY', 0) : fail(strerror(result.errno)));
      return true;
    }
    send = undefined;
    quit(fail('invalid data message'));
    return false;
  };

  stream.onData((chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (buffer.length >= 8 && !stream.closed) {
      const requestId = buffer.readUInt32LE(0);
      const length = buffer.readUInt32LE(4);
      // DONE carries the mtime in its length field, not a payload length.
      const payloadLength = send && requestId === ID.DONE ? 0 : length;
      const limit = send ? SYNC_DATA_MAX : SYNC_PATH_MAX;
      if (payloadLength > limit) {
        quit(fail(send ? 'data chunk too large' : 'path too long'));
        return;
      }
      if (buffer.length < 8 + payloadLength) return;
      const payload = Buffer.from(buffer.subarray(8, 8 + payloadLength));
      buffer = buffer.subarray(8 + payloadLength);
      if (!handleRequest(requestId, payload)) return;
    }
  });
}

function listReply(backend: SimDeviceBackend, dir: string): Buffer {
  const parts: Buffer[] = [];
  const names = backend.files.list(dir);
  if (names.ok) {
    for (const name of ['.', '..', ...names.value]) {
      const stat = name === '.' || name === '..' ? backend.files.stat(dir) : backend.files.stat(posix.join(dir, name));
      if (!stat.ok) continue;
      const nameBytes = Buffer.from(name, 'utf8');
      const dent = Buffer.alloc(20);
      dent.writeUInt32LE(ID.DENT, 0);
      dent.writeUInt32LE(modeBits(stat.value.type, stat.value.mode), 4);
      dent.writeUInt32LE(stat.value.size >>> 0, 8);
      dent.writeUInt32LE(stat.value.mtimeS >>> 0, 12);
      dent.writeUInt32LE(nameBytes.length, 16);
      parts.push(dent, nameBytes);
    }
  }
  const done = Buffer.alloc(20);
  done.writeUInt32LE(ID.DONE, 0);
  parts.push(done);
  return Buffer.concat(parts);
}
