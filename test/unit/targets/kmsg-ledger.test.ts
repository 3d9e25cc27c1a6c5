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
  const liveAll = (ledger: KmsgLedger, instance: number, lines: string[]) => {
    const stream = ledger.live(instance);
    return lines.filter((l) => stream.accept(l));
  };

  it('drops the lines of a ring re-read that were already delivered live, and keeps the newer ones', () => {
    const ledger = new KmsgLedger();
    expect(liveAll(ledger, 1, [line(10, 'a'), line(11, 'b')])).toHaveLength(2);
    expect(ledger.acceptRing(1, [line(9, 'old'), line(10, 'a'), line(11, 'b'), line(12, 'c')])).toEqual([line(12, 'c')]);
  });

  it('keeps a line the kernel printed twice in one tick, on a live stream and from the ring', () => {
    const printed = [line(70.389312, 'active wake lock wlan_rx_wake'), line(70.389312, 'trying suspend'), line(70.389312, 'active wake lock wlan_rx_wake')];
    expect(liveAll(new KmsgLedger(), 1, printed)).toEqual(printed);
    expect(new KmsgLedger().acceptRing(1, printed)).toEqual(printed);
  });

  it('takes from a ring only the copies of a tick not delivered yet', () => {
    const ledger = new KmsgLedger();
    const x = line(5, 'x');
    liveAll(ledger, 1, [x, line(5, 'y')]);
    expect(ledger.acceptRing(1, [x, line(5, 'y'), x, line(6, 'z')])).toEqual([x, line(6, 'z')]);
    expect(ledger.acceptRing(1, [x, line(5, 'y'), x, line(6, 'z')])).toEqual([]);
  });

  it('drops the start of a new live stream that repeats what the ring gave, then keeps every line of it', () => {
    const ledger = new KmsgLedger();
    const x = line(5, 'x');
    expect(ledger.acceptRing(1, [line(4, 'w'), x])).toHaveLength(2);
    // The stream opened before the ring was read: it repeats x, then the kernel prints x again in the same tick.
    expect(liveAll(ledger, 1, [x, x, line(5, 'y')])).toEqual([x, line(5, 'y')]);
  });

  it('keeps each instance on its own clock', () => {
    const ledger = new KmsgLedger();
    liveAll(ledger, 1, [line(500, 'ics late')]);
    expect(ledger.acceptRing(2, [line(20, 'jb early')])).toEqual([line(20, 'jb early')]);
    expect(ledger.lastTime(1)).toBe(500);
    expect(ledger.lastTime(2)).toBe(20);
  });

  it('takes a whole ring as new when the instance booted again (its newest line is older than the last seen)', () => {
    const ledger = new KmsgLedger();
    liveAll(ledger, 2, [line(300, 'before reboot')]);
    expect(ledger.acceptRing(2, [line(0, 'Booting Linux'), line(1, 'init')])).toHaveLength(2);
  });

  it('takes a live line far older than the last seen as a new boot', () => {
    const ledger = new KmsgLedger();
    liveAll(ledger, 2, [line(300, 'before reboot')]);
    expect(liveAll(ledger, 2, [line(0, 'Booting Linux')])).toHaveLength(1);
    expect(ledger.lastTime(2)).toBe(0);
  });
});
