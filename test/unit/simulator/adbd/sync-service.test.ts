import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYNC_DATA_MAX, startSyncService } from '../../../../main/simulator/adbd/sync-service';
import type { AdbStream } from '../../../../main/simulator/adbd/stream';
import { FakeDeviceBackend } from '../../../support/fake-device-backend';

/** A stream the test feeds by hand, collecting what the service answers. */
function testStream() {
  const listeners: Array<(data: Buffer) => void> = [];
  const out: Buffer[] = [];
  let ended = false;
  const stream: AdbStream = {
    write: (data) => void out.push(Buffer.from(data)),
    end: () => void (ended = true),
    get closed() {
      return ended;
    },
    onData: (listener) => void listeners.push(listener),
    onClose: () => undefined,
  };
  return { stream, feed: (data: Buffer) => listeners.forEach((l) => l(data)), reply: () => Buffer.concat(out), ended: () => ended };
}

function request(id: string, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function sendRequests(path: string, data: Buffer, mtime: number): Buffer {
  const parts = [request('SEND', `${path},33188`)];
  for (let offset = 0; offset < data.length; offset += SYNC_DATA_MAX) parts.push(request('DATA', data.subarray(offset, offset + SYNC_DATA_MAX)));
  const done = Buffer.alloc(8);
  done.write('DONE', 0, 'latin1');
  done.writeUInt32LE(mtime, 4);
  parts.push(done);
  return Buffer.concat(parts);
}

describe('sync: service', () => {
  it('stores a SEND however the host splits it across WRTEs, and answers OKAY', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 3 * SYNC_DATA_MAX }), fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 20 }), (content, cuts) => {
        const backend = new FakeDeviceBackend();
        const t = testStream();
        startSyncService(t.stream, backend);
        const wire = Buffer.concat([sendRequests('/data/local/tmp/f', Buffer.from(content), 1345457533), request('QUIT', '')]);
        let offset = 0;
        for (let i = 0; offset < wire.length; i += 1) {
          const size = cuts[i % cuts.length]!;
          t.feed(wire.subarray(offset, offset + size));
          offset += size;
        }
        expect(Buffer.from(backend.fileContent('/data/local/tmp/f') ?? [])).toEqual(Buffer.from(content));
        expect(t.reply().subarray(0, 8)).toEqual(Buffer.from('OKAY\0\0\0\0', 'latin1'));
        expect(t.ended()).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('answers STAT with mode, size and mtime, and all zeros for a missing path', () => {
    const backend = new FakeDeviceBackend();
    backend.addFile('/sdcard/atags', Buffer.alloc(300), 0o644);
    const t = testStream();
    startSyncService(t.stream, backend);
    t.feed(Buffer.concat([request('STAT', '/sdcard/atags'), request('STAT', '/nothing')]));
    const reply = t.reply();
    expect(reply.subarray(0, 4).toString()).toBe('STAT');
    expect(reply.readUInt32LE(4)).toBe(0o100644);
    expect(reply.readUInt32LE(8)).toBe(300);
    expect(reply.readUInt32LE(12)).toBe(1345457533);
    expect(reply.subarray(16, 32)).toEqual(Buffer.concat([Buffer.from('STAT'), Buffer.alloc(12)]));
  });

  it('sends RECV data in chunks of at most 64 KiB, then DONE', () => {
    const backend = new FakeDeviceBackend();
    backend.addFile('/data/local/tmp/big', Buffer.alloc(SYNC_DATA_MAX * 2 + 10, 7));
    const t = testStream();
    startSyncService(t.stream, backend);
    t.feed(request('RECV', '/data/local/tmp/big'));
    const reply = t.reply();
    const sizes: number[] = [];
    let offset = 0;
    while (reply.subarray(offset, offset + 4).toString() === 'DATA') {
      const size = reply.readUInt32LE(offset + 4);
      sizes.push(size);
      offset += 8 + size;
    }
    expect(sizes).toEqual([SYNC_DATA_MAX, SYNC_DATA_MAX, 10]);
    expect(reply.subarray(offset, offset + 4).toString()).toBe('DONE');
  });

  it('fails a RECV of a missing file with the strerror text', () => {
    const t = testStream();
    startSyncService(t.stream, new FakeDeviceBackend());
    t.feed(request('RECV', '/nothing'));
    const reply = t.reply();
    expect(reply.subarray(0, 4).toString()).toBe('FAIL');
    expect(reply.subarray(8).toString()).toBe('No such file or directory');
  });

  it('lists a directory as DENT entries ending with DONE', () => {
    const t = testStream();
    startSyncService(t.stream, new FakeDeviceBackend());
    t.feed(request('LIST', '/d/fsw'));
    const reply = t.reply();
    const names: string[] = [];
    let offset = 0;
    while (reply.subarray(offset, offset + 4).toString() === 'DENT') {
      const length = reply.readUInt32LE(offset + 16);
      names.push(reply.subarray(offset + 20, offset + 20 + length).toString());
      offset += 20 + length;
    }
    expect(names).toEqual(['.', '..', 'status', 'switch']);
    expect(reply.subarray(offset, offset + 4).toString()).toBe('DONE');
  });

  it('refuses an oversized DATA chunk and ends the session', () => {
    const t = testStream();
    startSyncService(t.stream, new FakeDeviceBackend());
    const head = Buffer.alloc(8);
    head.write('DATA', 0, 'latin1');
    head.writeUInt32LE(SYNC_DATA_MAX + 1, 4);
    t.feed(Buffer.concat([request('SEND', '/data/local/tmp/x,33188'), head]));
    expect(t.reply().subarray(0, 4).toString()).toBe('FAIL');
    expect(t.ended()).toBe(true);
  });
});
