import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../main/simulator/kernel-log';
import { bootJb, bootedPhone, switchAndSettle } from './sim-support';

describe('ground truth', () => {
  it('stamps each boundary with the printk time its line carries on the UART', () => {
    const { phone, uart } = bootedPhone({ seed: 21 });
    bootJb(phone);
    switchAndSettle(phone, '2 1');
    switchAndSettle(phone, '2 2');
    const text = uart();
    const switches = phone.groundTruth().filter((r) => r.kind === 'switch');
    expect(switches).toHaveLength(2);
    for (const r of switches) {
      for (const name of ['request', 'suspendStart', 'devicesSuspended', 'wake', 'devicesResumed', 'visible'] as const) {
        const b = r.boundaries[name]!;
        expect(text, `${name} of record ${r.id}`).toContain(`${formatTimestamp(b.printk)}${b.line}`);
      }
      expect(r.boundaries.request!.instance).toBe(r.from);
      expect(r.boundaries.visible!.instance).toBe(r.to);
      expect(r.totalMs).toBeCloseTo(r.boundaries.visible!.atMs - r.boundaries.request!.atMs, 2);
      expect(r.wakelockWaitMs! + r.suspendMs! + r.handoverMs! + r.resumeMs!).toBeCloseTo(r.totalMs!, 1);
    }
  });

  it('records a boot from the request to sys.boot_completed, with the child\'s first line as its wake', () => {
    const { phone } = bootedPhone({ seed: 22 });
    bootJb(phone);
    const boot = phone.groundTruth().find((r) => r.kind === 'boot')!;
    expect(boot).toMatchObject({ mode: 'boot', fromName: 'ics', toName: 'jb', outcome: 'ok' });
    expect(boot.boundaries.wake).toMatchObject({ instance: 2, printk: 0, line: 'Initializing cgroup subsys cpu' });
    expect(boot.handoverMs!).toBeGreaterThan(1000);
  });

  it('exports JSON that parses back to the same records', () => {
    const { phone } = bootedPhone();
    switchAndSettle(phone, '2 1');
    const parsed = JSON.parse(phone.groundTruthJson()) as { schema: string; records: unknown[] };
    expect(parsed.schema).toBe('fsw-ground-truth/1');
    expect(parsed.records).toEqual(phone.groundTruth());
  });
});
