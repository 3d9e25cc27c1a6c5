import { describe, expect, it } from 'vitest';
import { KmsgLedger } from '../../../main/targets/kmsg-ledger';
import { parseKmsgLine } from '../../../main/targets/kmsg-line';

describe('parseKmsgLine', () => {
  it('reads level, printk time and text of a /proc/kmsg line', () => {
    expect(parseKmsgLine('<6>[  515.804107] PM: Syncing filesystems ... done.\r')).toEqual({ level: 6, kernelTime: 515.804107, text: 'PM: Syncing filesystems ... done.' });
  });
  it('takes lines without a level (busybox dmesg) or without a time', () => {
    expect(parseKmsgLine('[    0.000000] Booting Linux')).toEqual({ level: null, kernelTime: 0, text: 'Booting Linux' });
    expect(parseKmsgLine('<4>no time here')).toEqual({ level: 4, kernelTime: null, text: 'no time here' });
  });
});

describe('KmsgLedger', () => {
  const line = (t: number, text: string) => `<6>[${t.toFixed(6).padStart(12)}] ${text}`;

  it('drops the lines of a ring re-read that were already delivered live, and keeps the newer ones', () => {
    const ledger = new KmsgLedger();
    expect(ledger.acceptLive(1, line(10, 'a'))).toBe(true);
    expect(ledger.acceptLive(1, line(11, 'b'))).toBe(true);
    expect(ledger.acceptRing(1, [line(9, 'old'), line(10, 'a'), line(11, 'b'), line(12, 'c')])).toEqual([line(12, 'c')]);
  });

  it('keeps two different lines that share a timestamp, and drops the same one twice', () => {
    const ledger = new KmsgLedger();
    expect(ledger.acceptLive(1, line(5, 'x'))).toBe(true);
    expect(ledger.acceptLive(1, line(5, 'y'))).toBe(true);
    expect(ledger.acceptLive(1, line(5, 'x'))).toBe(false);
  });

  it('keeps each instance on its own clock', () => {
    const ledger = new KmsgLedger();
    ledger.acceptLive(1, line(500, 'ics late'));
    expect(ledger.acceptRing(2, [line(20, 'jb early')])).toEqual([line(20, 'jb early')]);
    expect(ledger.lastTime(1)).toBe(500);
    expect(ledger.lastTime(2)).toBe(20);
  });

  it('takes a whole ring as new when the instance booted again (its newest line is older than the last seen)', () => {
    const ledger = new KmsgLedger();
    ledger.acceptLive(2, line(300, 'before reboot'));
    expect(ledger.acceptRing(2, [line(0, 'Booting Linux'), line(1, 'init')])).toHaveLength(2);
  });

  it('takes a live line far older than the last seen as a new boot', () => {
    const ledger = new KmsgLedger();
    ledger.acceptLive(2, line(300, 'before reboot'));
    expect(ledger.acceptLive(2, line(0, 'Booting Linux'))).toBe(true);
  });
});
