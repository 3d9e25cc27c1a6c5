import { describe, expect, it } from 'vitest';
import { DeviceState } from '../../../common/domain/device-state';
import { bootedPhone } from './sim-support';

const EINVAL = { ok: false, errno: 'EINVAL' };

describe('malformed and out-of-range control writes', () => {
  it.each([
    ['', 'Fastswitch: [switch] <mode> <target>'],
    ['garbage', 'Fastswitch: [switch] <mode> <target>'],
    ['2', 'Fastswitch: [switch] <mode> <target>'],
    ['0 1', 'Fastswitch: [switch] invalid mode'],
    ['4 1', 'Fastswitch: [switch] invalid mode'],
    ['2 0', 'Fastswitch: [switch] invalid target'],
    ['2 4', 'Fastswitch: [switch] invalid target'],
    ['-1 -1', 'Fastswitch: [switch] invalid mode'],
  ])('refuses switch %j with EINVAL and says why in the log', (text, line) => {
    const { phone } = bootedPhone();
    expect(phone.writeControl('/d/fsw/switch', text)).toEqual(EINVAL);
    expect(phone.dmesg()).toContain(line);
    expect(phone.state().screen).toBe('on');
    expect(phone.model.pending).toBeNull();
  });

  it('stores RESUME (3) in the page but refuses it, requesting nothing', () => {
    const { phone } = bootedPhone();
    expect(phone.writeControl('/d/fsw/switch', '3 2')).toEqual(EINVAL);
    expect(phone.runTool('memrw', ['0xAC00000C'])!.stdout).toContain('0x00000003');
    expect(phone.runTool('memrw', ['0xAC000008'])!.stdout).toContain('0x00000002');
    expect(phone.state().screen).toBe('on');
  });

  it('accepts trailing garbage after two numbers, as sscanf does', () => {
    const { phone } = bootedPhone();
    expect(phone.writeControl('/d/fsw/switch', '2 1 please').ok).toBe(true);
  });

  it.each([
    ['0x90000000', 'invalid values'],
    ['zz /sdcard/fsw/jb/zImage', 'invalid values'],
    ['0x90000000 /sdcard/missing kernel 2', 'failed to open'],
    ['0x90000000 /sdcard/fsw kernel 2', 'not a file'],
  ])('refuses load_file %j with EINVAL', (text, why) => {
    const { phone } = bootedPhone();
    expect(phone.writeControl('/d/fsw/load_file', text)).toEqual(EINVAL);
    expect(phone.dmesg()).toContain(why);
  });

  it('refuses reads of write-only and writes of read-only files the way debugfs and sysfs do', () => {
    const { phone } = bootedPhone();
    expect(phone.readControl('/d/fsw/switch')).toEqual(EINVAL);
    expect(phone.writeControl('/d/fsw/status', '1')).toEqual({ ok: false, errno: 'EACCES' });
    expect(phone.writeControl('/d/fsw/nope', '1')).toEqual({ ok: false, errno: 'ENOENT' });
    expect(phone.writeControl('/sys/module/wakelock/parameters/debug_mask', 'lots')).toEqual(EINVAL);
    expect(phone.writeControl('/sys/power/wake_unlock', 'never-locked')).toEqual(EINVAL);
    expect(phone.writeControl('/sys/power/state', 'hibernate')).toEqual(EINVAL);
  });

  it('stays consistent after a burst of bad writes and a real switch', () => {
    const { phone } = bootedPhone();
    for (const t of ['', '9 9', '1', 'x y', '3 3', '2 -5']) phone.writeControl('/d/fsw/switch', t);
    expect(phone.writeControl('/d/fsw/switch', '2 1').ok).toBe(true);
    phone.runUntilSync(() => phone.groundTruth().at(-1)?.outcome === 'ok', 30_000);
    expect(DeviceState.safeParse(phone.state()).success).toBe(true);
    expect(phone.groundTruth()).toHaveLength(1);
    expect(phone.state().runningInstance).toBe(1);
  });
});

describe('wakelocks and knobs through their files', () => {
  it('holds a user wakelock from /sys/power/wake_lock and lists it in /proc/wakelocks', () => {
    const { phone } = bootedPhone();
    expect(phone.writeControl('/sys/power/wake_lock', 'bench').ok).toBe(true);
    expect(phone.readControl('/sys/power/wake_lock')).toEqual({ ok: true, value: expect.stringContaining('bench') });
    const procfs = phone.readControl('/proc/wakelocks');
    expect(procfs.ok && procfs.value.split('\n')[0]).toBe('name\tcount\texpire_count\twake_count\tactive_since\ttotal_time\tsleep_time\tmax_time\tlast_change');
    expect(procfs.ok && procfs.value).toContain('"bench"\t1\t');
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => false, 20_000);
    expect(phone.groundTruth()[0]!.outcome).toBe('pending');
    phone.writeControl('/sys/power/wake_unlock', 'bench');
    expect(phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000)).toBe(true);
  });

  it('expires a timed user wakelock (ns timeout)', () => {
    const { phone } = bootedPhone();
    phone.writeControl('/sys/power/wake_lock', 'brief 2000000000');
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000);
    const r = phone.groundTruth()[0]!;
    expect(r.blockingWakelocks).toContain('brief');
    expect(r.wakelockWaitMs!).toBeGreaterThan(1500);
  });

  it('prints per-device lines with initcall_debug and takes longer for it', () => {
    const { phone, uart } = bootedPhone();
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000);
    const plain = phone.groundTruth()[0]!.suspendMs!;
    expect(phone.writeControl('/sys/module/kernel/parameters/initcall_debug', 'Y').ok).toBe(true);
    phone.runUntilSync(() => false, 3000);
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[1]?.outcome === 'ok', 10_000);
    expect(uart()).toMatch(/calling {2}omapdss\+ @ \d+/);
    expect(uart()).toMatch(/call omapdss\+ returned 0 after \d+ usecs/);
    expect(phone.groundTruth()[1]!.suspendMs!).toBeGreaterThan(plain);
  });

  it('prints suspend: enter suspend and the early-suspend handlers with the debug masks set', () => {
    const { phone, uart } = bootedPhone();
    phone.writeControl('/sys/module/wakelock/parameters/debug_mask', '0x1f');
    phone.writeControl('/sys/module/earlysuspend/parameters/debug_mask', '13');
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000);
    const text = uart();
    expect(text).toContain('suspend: enter suspend');
    expect(text).toContain('early_suspend: call handlers');
    expect(text).toContain('early_suspend: calling s6e8aa0_early_suspend');
    expect(text).toContain('wake_unlock: main');
    expect(text.indexOf('suspend: enter suspend')).toBeLessThan(text.indexOf('PM: Syncing filesystems'));
  });

  it('keeps lines below the console loglevel off the UART (dmesg -n)', () => {
    const { phone, uart, clearUart } = bootedPhone();
    clearUart();
    phone.writeControl('/proc/sys/kernel/printk', '4');
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000);
    expect(uart()).not.toContain('Fastswitch: [switch] trying suspend');
    expect(uart()).toContain('Could not enter target state in pm_suspend');
    expect(phone.dmesg()).toContain('Fastswitch: [switch] trying suspend');
  });
});

describe('clocks and channels', () => {
  it('gives each instance its own printk clock, stopped while it sleeps', () => {
    const { phone, uart } = bootedPhone();
    const jbBoot = () => {
      for (let i = 144; i < 166; i++) phone.writeControl(`/sys/devices/system/memory/memory${i}/state`, 'offline');
      phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/zImage kernel 2');
      phone.writeControl('/d/fsw/switch', '1 2');
      phone.runUntilSync(() => phone.adbReachable() && phone.state().runningInstance === 2, 120_000);
    };
    jbBoot();
    const ics = phone.model.instance(1)!;
    const before = ics.log.clock.ms(phone.now());
    phone.runUntilSync(() => false, 60_000);
    expect(ics.log.clock.ms(phone.now())).toBe(before);
    expect(uart()).toMatch(/\[ {4}0\.000000\] Initializing cgroup subsys cpu/);
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.state().runningInstance === 1 && phone.adbReachable(), 30_000);
    const suspendedFor = /Suspended for (\d+)\.(\d{3}) seconds/.exec(uart().slice(uart().lastIndexOf('Suspended for')))!;
    expect(Number(suspendedFor[1])).toBeGreaterThan(90);
  });

  it('streams the running kernel\'s /proc/kmsg with <N> prefixes, following a switch', () => {
    const { phone } = bootedPhone();
    let kmsg = '';
    phone.subscribeKmsg((t) => (kmsg += t));
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000);
    expect(kmsg).toMatch(/^<6>\[\s*\d+\.\d{6}\] Fastswitch: \[switch\] trying suspend\n/);
    expect(kmsg).toContain('<4>[');
    expect(kmsg).toMatch(/<7>\[\s*\d+\.\d{6}\] PM: Finishing wakeup\.\n/);
  });

  it('drops adb while suspended and brings it back as the other instance', () => {
    const { phone } = bootedPhone();
    const seen: boolean[] = [];
    phone.onAdbReachability((r) => seen.push(r));
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.groundTruth()[0]!.outcome === 'ok', 10_000);
    expect(seen).toEqual([false, true]);
  });
});
