import { describe, expect, it } from 'vitest';
import { DeviceStream, type StreamTransport } from '../../../../main/simulator/adbd/stream';

function transport(maxPayload: number) {
  const sent: Array<{ kind: 'WRTE' | 'CLSE' | 'OKAY'; data?: Buffer }> = [];
  const t: StreamTransport = {
    sendWrite: (_l, _r, data) => sent.push({ kind: 'WRTE', data }),
    sendClose: () => sent.push({ kind: 'CLSE' }),
    sendOkay: () => sent.push({ kind: 'OKAY' }),
    maxPayload: () => maxPayload,
  };
  return { t, sent };
}

describe('device stream flow control', () => {
  it('sends one WRTE at a time and the next only after the host OKAYs', () => {
    const { t, sent } = transport(4);
    const stream = new DeviceStream(1, 2, t);
    stream.write('abcdefghij');
    expect(sent.map((m) => m.data?.toString())).toEqual(['abcd']);
    stream.handleOkay();
    stream.handleOkay();
    expect(sent.map((m) => m.data?.toString())).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('never puts more than the negotiated payload in one WRTE, coalescing small writes', () => {
    const { t, sent } = transport(4096);
    const stream = new DeviceStream(1, 2, t);
    for (let i = 0; i < 100; i += 1) stream.write(Buffer.alloc(100, i));
    while (sent.filter((m) => m.kind === 'WRTE').length < 3) stream.handleOkay();
    const sizes = sent.filter((m) => m.kind === 'WRTE').map((m) => m.data!.length);
    expect(sizes).toEqual([100, 4096, 4096]);
  });

  it('closes with CLSE only once everything queued was delivered', () => {
    const { t, sent } = transport(4);
    const stream = new DeviceStream(1, 2, t);
    stream.write('abcdef');
    stream.end();
    expect(sent.map((m) => m.kind)).toEqual(['WRTE']);
    stream.handleOkay();
    expect(sent.map((m) => m.kind)).toEqual(['WRTE', 'WRTE']);
    stream.handleOkay();
    expect(sent.map((m) => m.kind)).toEqual(['WRTE', 'WRTE', 'CLSE']);
    expect(stream.closed).toBe(true);
  });

  it('acknowledges each host WRTE and hands its bytes to the service', () => {
    const { t, sent } = transport(4);
    const stream = new DeviceStream(1, 2, t);
    const got: string[] = [];
    stream.onData((data) => got.push(data.toString()));
    stream.handleWrite(Buffer.from('ls\n'));
    expect(got).toEqual(['ls\n']);
    expect(sent.map((m) => m.kind)).toEqual(['OKAY']);
  });

  it('tells the service once when the host closes it, and sends nothing after', () => {
    const { t, sent } = transport(4);
    const stream = new DeviceStream(1, 2, t);
    let closes = 0;
    stream.onClose(() => (closes += 1));
    stream.handleRemoteClose();
    stream.handleRemoteClose();
    stream.write('late');
    expect(closes).toBe(1);
    expect(sent).toEqual([]);
  });
});
