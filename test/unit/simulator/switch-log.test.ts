import { describe, expect, it } from 'vitest';
import { bootedPhone, switchAndSettle } from './sim-support';

/** The §4 lines of one switch, in the order fixtures/pm-log-formats.md gives them. */
const SWITCH_LINES = [
  'Fastswitch: [switch] trying suspend',
  'request_suspend_state: sleep (0->3)',
  'PM: Syncing filesystems ... done.',
  'Freezing user space processes ... (elapsed',
  'Freezing remaining freezable tasks ... (elapsed',
  'PM: suspend of devices complete after',
  'Fastswitch: switch-suspend mode, boot instance 1',
  'Fastswitch: ready to switch-suspend to instance 1',
  'PM: late suspend of devices complete after',
  'Disabling non-boot CPUs ...',
  'CPU1: shutdown',
  'Suspended for',
  'Enabling non-boot CPUs ...',
  'CPU1: Booted secondary processor',
  'PM: early resume of devices complete after',
  'Fastswitch: resumed from instance 1 to instance 1',
  'request_suspend_state: wakeup (3->0)',
  'PM: resume of devices complete after',
  'Restarting tasks ... ',
  'suspend: exit suspend, ret = 0 (',
];

describe('console output of a switch', () => {
  it('contains the §4 lines in order, each with a printk timestamp', () => {
    const { phone, uart } = bootedPhone();
    expect(switchAndSettle(phone, '2 1')).toBe(true);
    const lines = uart().split('\r\n');
    let from = 0;
    for (const want of SWITCH_LINES) {
      const i = lines.findIndex((l, k) => k >= from && l.includes(want));
      expect(i, `missing or out of order: ${want}`).toBeGreaterThanOrEqual(from);
      expect(lines[i]).toMatch(/^\[\s*\d+\.\d{6}\] /);
      from = i + 1;
    }
    phone.close();
  });

  it('keeps pr_debug lines off the console but in dmesg, with <N> prefixes', () => {
    const { phone, uart } = bootedPhone();
    switchAndSettle(phone, '2 1');
    expect(uart()).not.toContain('PM: Preparing system for mem sleep');
    expect(phone.dmesg()).toMatch(/<7>\[\s*\d+\.\d{6}\] PM: Preparing system for mem sleep/);
    expect(phone.dmesg()).toMatch(/<6>\[\s*\d+\.\d{6}\] Fastswitch: \[switch\] trying suspend/);
    phone.close();
  });
});
