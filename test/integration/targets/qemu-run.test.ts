import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceState } from '../../../common/domain/device-state';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { SessionStore } from '../../../main/sessions/session-store';
import { qemuAvailable, qemuMissingReason } from '../../support/qemu';
import { runFsw } from '../../support/run-cli';

/** The kernel's own phase totals and the record's phases they must equal. */
const PHASES = ['deviceSuspend', 'lateSuspend', 'noirqSuspend', 'noirqResume', 'earlyResume', 'deviceResume'] as const;
const TOTAL_LINE: Record<(typeof PHASES)[number], RegExp> = {
  deviceSuspend: /PM: suspend of devices complete after ([\d.]+) msecs/,
  lateSuspend: /PM: late suspend of devices complete after ([\d.]+) msecs/,
  noirqSuspend: /PM: noirq suspend of devices complete after ([\d.]+) msecs/,
  noirqResume: /PM: noirq resume of devices complete after ([\d.]+) msecs/,
  earlyResume: /PM: early resume of devices complete after ([\d.]+) msecs/,
  deviceResume: /PM: resume of devices complete after ([\d.]+) msecs/,
};

/**
 * The whole path a kernel developer takes without the phone: `fsw run
 * --target qemu` fetches Debian's kernel (cached after the first run),
 * builds the busybox initramfs, boots it under QEMU (software emulation),
 * and the script suspends it to RAM three times (woken over QMP) and
 * hot-adds a DIMM whose block it onlines and offlines through sysfs.
 */
describe.skipIf(!qemuAvailable)(`fsw run --target qemu ${qemuMissingReason}`, () => {
  it('measures three S3 cycles from the real kernel log and drives a hot-added block', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-qemu-run-'));
    const script = join(dir, 's3-and-block.fsw');
    writeFileSync(
      script,
      [
        'repeat 3 {',
        '  suspend mem for 2s',
        '  expect last.kind == plain-suspend',
        '  expect last.outcome == ok',
        '}',
        'dimm add 128M as extra',
        'online dimm extra',
        'expect dimm extra online',
        'offline dimm extra',
        'expect dimm extra offline',
        '',
      ].join('\n'),
    );
    const sessions = join(dir, 'sessions');
    const result = await runFsw(['run', script, '--target', 'qemu', '--json', '--record', sessions], { timeoutMs: 600_000 });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { switches: SwitchRecord[]; run: { state: string; expectationsMet: number; expectationsFailed: number; session: string }; device: DeviceState };
    expect(output.run).toMatchObject({ state: 'finished', expectationsMet: 8, expectationsFailed: 0 });
    expect(result.code).toBe(0);

    // Three suspend-to-RAM cycles, each a plain-suspend of the one kernel.
    const cycles = output.switches;
    expect(cycles.map((s) => `${s.kind} ${s.outcome} ${s.sleepState}`)).toEqual(Array(3).fill('plain-suspend ok deep'));

    // Every device phase is the kernel's own `complete after` figure, read here from the line the record names.
    const session = await (await SessionStore.open(sessions)).load(output.run.session, { logs: true });
    const uart = new Map(session.logs.filter((r) => r.source === 'uart').map((r) => [r.seq + 1, r.text]));
    for (const cycle of cycles) {
      for (const phase of PHASES) {
        const line = cycle.kernelTotalLines?.[phase];
        expect(line, `${phase} of cycle #${cycle.id} has its kernel line`).toBeDefined();
        const printed = TOTAL_LINE[phase].exec(uart.get(line!) ?? '');
        expect(printed, `line ${line} is the ${phase} total`).not.toBeNull();
        expect(cycle.phases[phase]).toBe(Number(printed![1]));
      }
      // The printk clock stood still while the machine slept; the host clock did not.
      expect(cycle.clocks?.phases).toBe('printk');
      expect(cycle.asleepMs).toBeGreaterThan(1500);
      expect(cycle.host!.cycleMs!).toBeGreaterThan(cycle.cycleMs! + 1500);
      expect(cycle.anomalies.filter((a) => a.startsWith('fake resume'))).toEqual([]);
    }

    // The DIMM's block, as sysfs says once the script ended: there, above 4 GiB, offline again.
    const block = output.device.sections.find((s) => s.dimm === 'extra');
    expect(block).toMatchObject({ index: 32, start: 0x1_0000_0000, size: 128 << 20, onlineIn: [] });
    // The boot blocks stayed online, in the one kernel.
    expect(output.device.sections.filter((s) => s.index < 8).every((s) => s.onlineIn.join() === '1')).toBe(true);
    expect(output.device.instances).toMatchObject([{ id: 1, name: 'linux', status: 'running' }]);
    // The expectations read the state back from sysfs at each point.
    const notes = session.logs.filter((r) => r.source === 'script').map((r) => r.text);
    expect(notes).toContain('expect dimm extra online: met (memory32 online)');
    expect(notes).toContain('expect dimm extra offline: met (memory32 offline)');
  }, 600_000);
});
