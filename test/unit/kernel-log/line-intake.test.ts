import { describe, expect, it } from 'vitest';
import { createKernelLogPipeline } from '../../../main/kernel-log';
import { parseEnvelope, type Envelope } from '../../../main/kernel-log/envelope';
import { LineFramer, MAX_LINE_BYTES } from '../../../main/kernel-log/line-framer';

function frame(chunks: (string | number[])[]): { text: string; raw?: string }[] {
  const framer = new LineFramer();
  const out: { text: string; raw?: string }[] = [];
  const sink = (text: string, raw: string | undefined) => out.push(raw === undefined ? { text } : { text, raw });
  for (const c of chunks) {
    if (typeof c === 'string') framer.pushText(c, sink);
    else framer.pushBytes(new Uint8Array(c), sink);
  }
  framer.flush(sink);
  return out;
}

const bytes = (s: string) => [...new TextEncoder().encode(s)];

describe('line framing', () => {
  it('ends lines at LF, CRLF, LF CR and a lone CR, also when the pair is split across chunks', () => {
    expect(frame(['a\r\nb\nc\n\rd\re']).map((l) => l.text)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(frame([bytes('a\r'), bytes('\nb\n'), bytes('\rc\n')]).map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(frame(['a\r', '\nb']).map((l) => l.text)).toEqual(['a', 'b']);
  });

  it('keeps a partial line safe when the caller reuses its Buffer for the next read', () => {
    const framer = new LineFramer();
    const out: string[] = [];
    const buf = Buffer.alloc(8);
    buf.write('abcdefgh');
    framer.pushBytes(buf, (t) => out.push(t));
    buf.write('ij\nklmno');
    framer.pushBytes(buf.subarray(0, 3), (t) => out.push(t));
    expect(out).toEqual(['abcdefghij']);
  });

  it('keeps empty lines, so line numbers match the file', () => {
    expect(frame(['a\n\nb\n']).map((l) => l.text)).toEqual(['a', '', 'b']);
  });

  it('joins a line that arrives in pieces', () => {
    expect(frame([bytes('[  1.0'), bytes('00000] PM: Sync'), bytes('ing filesystems ... done.\r\n')]).map((l) => l.text)).toEqual(['[  1.000000] PM: Syncing filesystems ... done.']);
  });

  it('shows invalid UTF-8 and control bytes as \\xNN and keeps the original bytes', () => {
    const [line] = frame([[0x41, 0xff, 0xc3, 0xa9, 0x00, 0x1b, 0x42, 0x0a]]);
    expect(line!.text).toBe('A\\xffé\\x00\\x1bB');
    expect([...Buffer.from(line!.raw!, 'base64')]).toEqual([0x41, 0xff, 0xc3, 0xa9, 0x00, 0x1b, 0x42]);
  });

  it('leaves valid UTF-8 alone, with no raw copy', () => {
    expect(frame([bytes('µs ok\n')])).toEqual([{ text: 'µs ok' }]);
  });

  it('cuts a runaway line into pieces instead of growing without bound, dropping nothing', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES * 2 + 10);
    const whole = frame([long + '\n']);
    expect(whole.map((l) => l.text.length)).toEqual([MAX_LINE_BYTES, MAX_LINE_BYTES, 10]);
    const trickled = frame([...long.match(/.{1,1000}/g)!, '\n']);
    expect(trickled.map((l) => l.text).join('')).toBe(long);
    expect(Math.max(...trickled.map((l) => l.text.length))).toBeLessThanOrEqual(MAX_LINE_BYTES + 1000);
  });
});

describe('line envelope', () => {
  const env = (): Envelope => ({ level: null, kernelTime: null, bodyStart: 0 });
  it('reads <N> and the printk stamp of kmsg / dmesg lines', () => {
    const line = '<6>[  485.587574] request_suspend_state: sleep (0->3)';
    const e = parseEnvelope(line, env());
    expect(e).toMatchObject({ level: 6, kernelTime: 485.587574 });
    expect(line.slice(e.bodyStart)).toBe('request_suspend_state: sleep (0->3)');
  });

  it('skips vendor prefixes but keeps bracketed message text', () => {
    const vendor = '[   85.769651] [2025:05:01 09:09:14][pid:916,cpu7,bash]PM: suspend entry (deep)';
    expect(vendor.slice(parseEnvelope(vendor, env()).bodyStart)).toBe('PM: suspend entry (deep)');
    const bcm = '<4>[  485.589313] [BCM29] Wi-Fi early-suspend+';
    expect(bcm.slice(parseEnvelope(bcm, env()).bodyStart)).toBe('[BCM29] Wi-Fi early-suspend+');
  });

  it('leaves lines without a stamp whole, and a broken stamp is text', () => {
    expect(parseEnvelope('done.', env())).toMatchObject({ level: null, kernelTime: null, bodyStart: 0 });
    expect(parseEnvelope('[  12.3x] no', env())).toMatchObject({ kernelTime: null, bodyStart: 0 });
  });
});

describe('records', () => {
  it('carry host receive time, kernel time, level, source, instance and seq', () => {
    const p = createKernelLogPipeline({ source: 'kmsg', firstSeq: 10, initialInstance: 1 });
    const { records } = p.push('<6>[   12.500000] Fastswitch: current instance is master (1)\n<4>[', 5000, 1_700_000_000_000);
    expect(records).toEqual([{ seq: 10, source: 'kmsg', hostTimeMs: 5000, hostWallMs: 1_700_000_000_000, kernelTime: 12.5, level: 6, instance: 1, text: '<6>[   12.500000] Fastswitch: current instance is master (1)', kind: 'line' }]);
    const rest = p.push('   13.000000] Disabling non-boot CPUs ...\n', 5007);
    expect(rest.records[0]).toMatchObject({ seq: 11, hostTimeMs: 5007, kernelTime: 13, level: 4 });
  });

  it('attributes lines to the kernel that printed them across a hand-over on one UART', () => {
    const p = createKernelLogPipeline({ source: 'uart', initialInstance: 1 });
    const text = [
      '[  300.000000] Fastswitch: ready to switch-suspend to instance 2',
      '[  300.001000] CPU1: shutdown',
      '[   40.000000] GIC returns spurious interrupt for resume IRQ',
      '[   40.100000] Fastswitch: resumed from instance 1 to instance 2',
      '',
    ].join('\n');
    expect(p.push(text, 0).records.map((r) => r.instance)).toEqual([1, 1, 2, 2]);
  });
});
