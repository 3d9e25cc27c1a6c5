import { describe, expect, it } from 'vitest';
import { deviceBanner } from '../../../../main/simulator/adbd/banner';
import { A_CNXN, A_OKAY, A_WRTE, byteSum, encodeMessage, HEADER_SIZE, MessageDecoder } from '../../../../main/simulator/adbd/message';

const decoder = (maxPayload = 4096, checkChecksum = true) => new MessageDecoder({ maxPayload: () => maxPayload, checkChecksum: () => checkChecksum });

describe('adb message header', () => {
  it('encodes command, args, length, byte-sum checksum and magic little-endian', () => {
    const bytes = encodeMessage({ command: A_WRTE, arg0: 7, arg1: 9, data: Buffer.from([1, 2, 250]) });
    expect(bytes.length).toBe(HEADER_SIZE + 3);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('WRTE');
    expect(bytes.readUInt32LE(4)).toBe(7);
    expect(bytes.readUInt32LE(8)).toBe(9);
    expect(bytes.readUInt32LE(12)).toBe(3);
    expect(bytes.readUInt32LE(16)).toBe(253);
    expect(bytes.readUInt32LE(20)).toBe((A_WRTE ^ 0xffffffff) >>> 0);
  });

  it('decodes messages split at any byte boundary', () => {
    const stream = Buffer.concat([
      encodeMessage({ command: A_OKAY, arg0: 1, arg1: 2, data: Buffer.alloc(0) }),
      encodeMessage({ command: A_WRTE, arg0: 3, arg1: 4, data: Buffer.from('hello') }),
    ]);
    for (let split = 0; split <= stream.length; split += 1) {
      const d = decoder();
      const first = d.push(stream.subarray(0, split));
      const second = d.push(stream.subarray(split));
      const messages = [...first.messages, ...second.messages];
      expect(messages.map((m) => [m.command, m.arg0, m.arg1, m.data.toString()])).toEqual([
        [A_OKAY, 1, 2, ''],
        [A_WRTE, 3, 4, 'hello'],
      ]);
    }
  });

  it('refuses a header whose magic is not the command inverted', () => {
    const bytes = encodeMessage({ command: A_OKAY, arg0: 1, arg1: 2, data: Buffer.alloc(0) });
    bytes.writeUInt32LE(0, 20);
    expect(decoder().push(bytes).error?.kind).toBe('bad-magic');
  });

  it('refuses a payload longer than the negotiated maximum before reading it', () => {
    const header = encodeMessage({ command: A_WRTE, arg0: 1, arg1: 2, data: Buffer.alloc(0) });
    header.writeUInt32LE(0x7fffffff, 12);
    expect(decoder().push(header).error?.kind).toBe('too-long');
  });

  it('lets the host CNXN carry more than the device maximum (its banner comes before negotiation)', () => {
    const bytes = encodeMessage({ command: A_CNXN, arg0: 0x01000001, arg1: 1 << 20, data: Buffer.alloc(5000, 0x41) });
    expect(decoder(4096).push(bytes).messages).toHaveLength(1);
  });

  it('checks the checksum only when the protocol version still has one', () => {
    const bytes = encodeMessage({ command: A_WRTE, arg0: 1, arg1: 2, data: Buffer.from('abc') });
    bytes.writeUInt32LE(1, 16);
    expect(decoder(4096, true).push(bytes).error?.kind).toBe('bad-checksum');
    expect(decoder(4096, false).push(bytes).messages).toHaveLength(1);
  });

  it('sums bytes as unsigned 32-bit', () => {
    expect(byteSum(Buffer.alloc(1000, 0xff))).toBe(255000);
  });
});

describe('device banner', () => {
  it('carries the three connect properties of Android 4.0, NUL-terminated', () => {
    const banner = deviceBanner({ 'ro.product.name': 'yakju', 'ro.product.model': 'Galaxy Nexus', 'ro.product.device': 'maguro', 'ro.build.version.release': '4.0.4' });
    expect(banner.toString('utf8')).toBe('device::ro.product.name=yakju;ro.product.model=Galaxy Nexus;ro.product.device=maguro;\0');
  });
});
