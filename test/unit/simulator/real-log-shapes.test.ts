import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../support/fixtures';
import { bootedPhone, switchAndSettle } from './sim-support';

/** A line's shape: timestamp dropped, numbers and hex collapsed, so formats compare and values do not. */
function shape(line: string): string {
  return line
    .replace(/^<\d>/, '')
    .replace(/^\[\s*\d+\.\d+\] /, '')
    .replace(/\b(0x)?[0-9a-f]*\d[0-9a-f]*\b/gi, 'N')
    .trimEnd();
}

const SUSPEND_CYCLE = 'logs/galaxy-nexus_tuna-3.0_2013_suspend-cycles.log';

describe.skipIf(!fixtures.available)(`model output against the real Galaxy Nexus log (${fixtures.reason || SUSPEND_CYCLE})`, () => {
  it('prints an ordinary suspend/resume with the same line formats as the phone', () => {
    const real = readFileSync(fixtures.path(SUSPEND_CYCLE), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('['))
      .map(shape);
    const { phone, uart, clearUart } = bootedPhone({ seed: 31 });
    clearUart();
    phone.pressPower(); // screen off: the phone suspends on its own, no switch
    phone.runUntilSync(() => phone.model.phase === 'asleep', 10_000);
    phone.runUntilSync(() => phone.model.phase === 'awake', 300_000);
    phone.runUntilSync(() => false, 500);
    const model = new Set(uart().split('\r\n').map(shape));
    // the formats the analyser keys on (pm-log-formats §4), as the real phone printed them
    const keys = [
      'PM: Syncing filesystems ... done.',
      'Freezing user space processes ... (elapsed N.N seconds) done.',
      'Freezing remaining freezable tasks ... (elapsed N.N seconds) done.',
      'PVR: PVRSRVDriverSuspend(pDevice=N)',
      'PM: suspend of devices complete after N.N msecs',
      'PM: late suspend of devices complete after N.N msecs',
      'Disabling non-boot CPUs ...',
      'CPU1: shutdown',
      'Successfully put all powerdomains to target state',
      'Suspended for N.N seconds',
      'Enabling non-boot CPUs ...',
      'CPU1: Booted secondary processor',
      'CPU1 is up',
      'PM: early resume of devices complete after N.N msecs',
      'PM: resume of devices complete after N.N msecs',
      'suspend: exit suspend, ret = N (N-N-N N:N:N.N UTC)',
    ];
    for (const k of keys) {
      expect(real, `the fixture has ${k}`).toContain(k);
      expect([...model], `the model prints ${k}`).toContain(k);
    }
    expect([...model]).toContain('Fastswitch: no switch detected');
  });

  it('prints the freezer (-16) and noirq (-11) aborts with the phone\'s formats', () => {
    const real = readFileSync(fixtures.path('logs/galaxy-nexus_tuna-3.0_2013_aborts.log'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('['))
      .map(shape);
    const { phone, uart } = bootedPhone({ seed: 9 });
    for (let i = 0; i < 1500 && !uart().includes('returns -11'); i++) switchAndSettle(phone, '2 1');
    const late = bootedPhone({ seed: 4, scenario: { wifi: 'busy' } });
    for (let i = 0; i < 80 && !late.uart().includes('aborted'); i++) {
      switchAndSettle(late.phone, '2 1');
      late.phone.setScenario({ wifi: 'busy' });
    }
    const model = new Set([...uart().split('\r\n'), ...late.uart().split('\r\n')].map(shape));
    for (const k of [
      'pm_noirq_op(): platform_pm_suspend_noirq+N/N returns -N',
      'PM: Device power.N failed to suspend late: error -N',
      'PM: Some devices failed to power down',
      'Freezing of tasks  aborted',
      'suspend: exit suspend, ret = -N (N-N-N N:N:N.N UTC)',
    ]) {
      expect(real, `the fixture has ${k}`).toContain(k);
      expect([...model], `the model prints ${k}`).toContain(k);
    }
  });
});
