import { describe, expect, it } from 'vitest';
import { bootJb, bootedPhone, switchAndSettle } from './sim-support';

const FSW_SKIP = '0xAC000010';

describe('wakelock waits (N:notes.md L251, N:oct L280-281)', () => {
  it('waits about 0.2 s on the lock screen with wifi idle', () => {
    const { phone } = bootedPhone();
    switchAndSettle(phone, '2 1');
    const r = phone.groundTruth().at(-1)!;
    expect(r.outcome).toBe('ok');
    expect(r.wakelockWaitMs!).toBeGreaterThan(100);
    expect(r.wakelockWaitMs!).toBeLessThan(400);
    expect(r.totalMs!).toBeGreaterThan(1000);
    expect(r.totalMs!).toBeLessThan(2000);
  });

  it('waits seconds while a wifi transfer refreshes wlan_rx_wake (type 1, with timeouts)', () => {
    const { phone, uart } = bootedPhone({ scenario: { wifi: 'busy' } });
    switchAndSettle(phone, '2 1');
    const r = phone.groundTruth().at(-1)!;
    expect(r.wakelockWaitMs!).toBeGreaterThan(3000);
    expect(r.blockingWakelocks).toContain('wlan_rx_wake');
    expect(uart()).toMatch(/active wake lock wlan_rx_wake, time left \d+/);
  });

  it('never suspends while audio plays (type 2) until power is pressed', () => {
    const { phone, uart } = bootedPhone({ scenario: { audio: true } });
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => false, 120_000);
    expect(phone.groundTruth().at(-1)!.outcome).toBe('pending');
    expect(phone.state().screen).toBe('off');
    expect(uart()).toContain('active wake lock AudioOut_1');
    phone.pressPower();
    expect(phone.runUntilSync(() => phone.groundTruth().at(-1)!.outcome === 'ok', 10_000)).toBe(true);
    expect(phone.groundTruth().at(-1)!.blockingWakelocks).toContain('AudioOut_1');
  });

  it('stays awake on the USB cable\'s vbus lock until it is detached', () => {
    const { phone } = bootedPhone({ scenario: { usbCable: true } });
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => false, 30_000);
    expect(phone.state().wakelocks).toContain('vbus-twl6030_usb');
    expect(phone.groundTruth().at(-1)!.outcome).toBe('pending');
    phone.setScenario({ usbCable: false });
    expect(phone.runUntilSync(() => phone.groundTruth().at(-1)!.outcome === 'ok', 10_000)).toBe(true);
  });

  it('backs off after ten quick suspends in a row (kernel/power/wakelock.c)', () => {
    const { phone, uart } = bootedPhone({ seed: 3 });
    for (let i = 0; i < 200 && !uart().includes('too many immediate wakeups'); i++) switchAndSettle(phone, '2 1');
    expect(uart()).toContain('suspend: too many immediate wakeups, back off');
  });
});

describe('requests the kernel cancels (K:suspend.c skipswitch)', () => {
  it('boots nothing without a zImage, yet the phone still suspends', () => {
    const { phone, uart } = bootedPhone();
    expect(phone.writeControl('/d/fsw/switch', '1 2').ok).toBe(true);
    phone.runUntilSync(() => phone.model.phase === 'asleep', 10_000);
    expect(phone.model.phase).toBe('asleep');
    expect(uart()).toContain('Fastswitch: zImage address [0x00000000] is out of limits');
    expect(phone.adbReachable()).toBe(false);
    phone.pressPower();
    phone.runUntilSync(() => phone.adbReachable(), 10_000);
    const r = phone.groundTruth().find((x) => x.mode === 'boot')!;
    expect(r.outcome).toBe('aborted');
    expect(r.anomalies.join()).toContain('switch cancelled');
    expect(phone.state().runningInstance).toBe(1);
    expect(phone.state().screen).toBe('on');
  });

  it('finds no magic number where the zImage should be', () => {
    const { phone, uart } = bootedPhone();
    phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/initrd.img kernel 2');
    phone.writeControl('/d/fsw/switch', '1 2');
    phone.runUntilSync(() => phone.model.phase === 'asleep', 10_000);
    expect(uart()).toContain('Fastswitch: Failed to find magic number for zImage [0x91808000]');
  });

  it('answers a second BOOT of a running instance as the phone does: accepted, then cancelled at suspend', () => {
    const { phone, uart } = bootedPhone();
    bootJb(phone);
    expect(phone.writeControl('/d/fsw/switch', '1 2')).toEqual({ ok: true, value: undefined });
    phone.runUntilSync(() => phone.model.phase === 'asleep', 10_000);
    expect(uart()).toContain('Fastswitch: Failed to find magic number for zImage [0x9004c9a0]');
    phone.pressPower();
    phone.runUntilSync(() => phone.adbReachable(), 10_000);
    expect(phone.state().runningInstance).toBe(2);
    expect(phone.state().instances.map((i) => i.status)).toEqual(['sleeping', 'running']);
  });
});

describe('boots (paper §2, K:head.S)', () => {
  it('boots jb from [    0.000000] as child (2), as long as a normal boot', () => {
    const { phone, uart, clearUart } = bootedPhone();
    clearUart();
    bootJb(phone);
    const text = uart();
    const first = text.indexOf('[    0.000000] ');
    expect(first).toBeGreaterThan(0);
    expect(text.slice(first)).toMatch(/Linux version 3\.0\.31/);
    expect(text).toContain('Fastswitch: current instance is child (2)');
    expect(text).toContain('Fastswitch: Found zImage at [0x91808000], ready to switch-boot');
    const boot = phone.groundTruth().find((r) => r.kind === 'boot')!;
    expect(boot.outcome).toBe('ok');
    expect(boot.totalMs!).toBeGreaterThan(20_000);
    expect(phone.properties()['ro.build.version.release']).toBe('4.1.1');
    expect(phone.readControl('/d/fsw/status')).toMatchObject({ ok: true, value: expect.stringContaining('Current instance: 2') });
  });

  it('clears the wakelock skip word at every boot', () => {
    const { phone } = bootedPhone();
    phone.runTool('memrw', [FSW_SKIP, '0xDEADBEEF']);
    expect(phone.runTool('memrw', [FSW_SKIP])!.stdout).toContain('0xDEADBEEF');
    bootJb(phone);
    expect(phone.runTool('memrw', [FSW_SKIP])!.stdout).toContain('0x00000000');
  });

  it('loses every sleeping instance on power-off, from any instance', () => {
    const { phone } = bootedPhone();
    bootJb(phone);
    phone.runTool('reboot', ['-p']);
    phone.runUntilSync(() => phone.model.phase === 'off', 1000);
    expect(phone.state().instances.every((i) => i.status === 'absent')).toBe(true);
    phone.pressPower();
    phone.runUntilSync(() => phone.adbReachable(), 120_000);
    expect(phone.state().instances.map((i) => i.status)).toEqual(['running', 'absent']);
    expect(phone.properties()['ro.build.version.release']).toBe('4.0.4');
  });
});

describe('forced switches and leaking device state (N:oct L290-293, paper §4)', () => {
  it('skips wakelocks when FSW_BASE+0x10 holds 0xDEADBEEF, and tears down the wifi transfer', () => {
    const { phone, uart } = bootedPhone({ scenario: { wifi: 'busy' } });
    bootJb(phone);
    phone.setScenario({ wifi: 'busy' });
    expect(phone.runTool('memrw', [FSW_SKIP, '0xDEADBEEF'])!.code).toBe(0);
    switchAndSettle(phone, '2 1');
    const r = phone.groundTruth().at(-1)!;
    expect(r.forced).toBe(true);
    expect(r.wakelockWaitMs!).toBeLessThan(1000);
    expect(uart()).toContain('Fastswitch: WARNING, wakelock still active');
    expect(r.anomalies.join()).toContain('tore down the wifi transfer');
    // the skip is global: the way back is forced too
    switchAndSettle(phone, '2 2');
    expect(phone.groundTruth().at(-1)!.anomalies.join()).toContain('wifi of jb crashed');
  });

  it('breaks audio under a forced switch', () => {
    const { phone } = bootedPhone({ scenario: { audio: true } });
    phone.runTool('memrw', [FSW_SKIP, '0xDEADBEEF']);
    switchAndSettle(phone, '2 1', 20_000);
    expect(phone.groundTruth().at(-1)!.anomalies.join()).toContain('audio');
  });

  it('errors on the side that expects wifi when the other instance left the chip off, and enabling it then fails', () => {
    const { phone } = bootedPhone();
    bootJb(phone);
    phone.setScenario({ wifi: 'off' }); // jb turns the chip off; ics still has wifi on
    switchAndSettle(phone, '2 1');
    expect(phone.groundTruth().at(-1)!.anomalies.join()).toContain('wifi state mismatch: ics expected the chip on');
    expect(phone.runTool('svc', ['wifi', 'enable'])!.code).toBe(0);
    expect(phone.scenario().wifi).toBe('off');
    expect(phone.dmesg()).toContain('wl_android_wifi_on: Failed');
  });

  it('leaves a chip powered for an instance that had wifi off (paper §4), and keeps the switch valid when both have it on', () => {
    const { phone } = bootedPhone();
    bootJb(phone);
    switchAndSettle(phone, '2 1');
    switchAndSettle(phone, '2 2');
    expect(phone.groundTruth().slice(-2).flatMap((r) => r.anomalies).join()).not.toContain('wifi');
  });

  it('lets only one instance use the camera', () => {
    const { phone } = bootedPhone();
    bootJb(phone);
    phone.setScenario({ camera: true });
    switchAndSettle(phone, '2 1');
    phone.setScenario({ camera: true });
    expect(phone.scenario().camera).toBe(false);
    expect(phone.dmesg()).toContain('omap4iss');
  });
});

describe('unchecked memory (N:oct L260)', () => {
  it('loads over a block that failed to go offline and corrupts the instance that still has it', () => {
    const { phone } = bootedPhone();
    for (let i = 144; i < 166; i++) if (i !== 146) phone.writeControl(`/sys/devices/system/memory/memory${i}/state`, 'offline');
    expect(phone.writeControl('/d/fsw/load_file', '0x92800000 /sdcard/fsw/jb/initrd.img initrd 2').ok).toBe(true);
    phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/zImage kernel 2');
    switchAndSettle(phone, '1 2');
    const boot = phone.groundTruth().find((r) => r.kind === 'boot')!;
    expect(boot.anomalies.join()).toMatch(/memory corruption in ics/);
    expect(boot.anomalies.join()).toMatch(/memory corruption in jb/);
    phone.runUntilSync(() => false, 5000);
    switchAndSettle(phone, '2 1');
    phone.runUntilSync(() => phone.dmesg().includes('BUG: Bad page state'), 5000);
    expect(phone.dmesg()).toContain('BUG: Bad page state in process');
  });

  it('refuses to load over the running kernel\'s own lowmem (ioremap)', () => {
    const { phone } = bootedPhone();
    expect(phone.writeControl('/d/fsw/load_file', '0x81000000 /sdcard/fsw/jb/zImage kernel 2')).toEqual({ ok: false, errno: 'EINVAL' });
  });

  it('writes the jump address into the header when no instance is given (kernel nature lands on skip_wakelock)', () => {
    const { phone } = bootedPhone();
    phone.writeControl('/d/fsw/load_file', '0x99000000 /sdcard/fsw/jb/zImage kernel');
    expect(phone.runTool('memrw', [FSW_SKIP])!.stdout).toContain('0x99000000');
  });
});

describe('suspends that abort (fixtures/logs/galaxy-nexus_tuna-3.0_2013_aborts.log)', () => {
  it('retries after a freezer abort (-16): the switch stays pending and completes', () => {
    const { phone, uart } = bootedPhone({ seed: 4, scenario: { wifi: 'busy' } });
    for (let i = 0; i < 80 && !uart().includes('Freezing of tasks  aborted'); i++) {
      switchAndSettle(phone, '2 1');
      phone.setScenario({ wifi: 'busy' });
    }
    expect(uart()).toMatch(/\] \r\n\[\s*\d+\.\d{6}\] Freezing of tasks {2}aborted\r\n/);
    expect(uart()).toContain('suspend: exit suspend, ret = -16 (');
    const r = phone.groundTruth().find((x) => x.anomalies.some((a) => a.includes('aborted in the freezer')))!;
    expect(r.outcome).toBe('ok');
    expect(r.boundaries.suspendStart!.atMs).toBeGreaterThan(r.boundaries.request!.atMs + 1000);
  });

  it('drops the switch when the noirq phase finds a lock (-11)', () => {
    const { phone, uart } = bootedPhone({ seed: 9 });
    for (let i = 0; i < 1500 && !uart().includes('returns -11'); i++) switchAndSettle(phone, '2 1');
    const text = uart();
    const at = text.indexOf('PM: Device power.0 failed to suspend late: error -11');
    expect(at).toBeGreaterThan(0);
    expect(text.indexOf('PM: Some devices failed to power down', at)).toBeGreaterThan(at);
    expect(text.indexOf('Fastswitch: suspend did not occur, cancelling', at)).toBeGreaterThan(at);
    expect(text).toContain('suspend: exit suspend, ret = -11 (');
    // A wakeup source stopped it: aborted, as the log shows it, and the request is gone.
    const r = phone.groundTruth().find((x) => x.outcome === 'aborted' && x.anomalies.some((a) => a.includes('noirq')))!;
    expect(r.anomalies.join()).toContain('switch request dropped');
    expect(r.boundaries.handover).toBeUndefined();
  });
});

describe('power lost in the middle of a switch', () => {
  it('drops what the old kernels had planned and boots the master cleanly', () => {
    const { phone, uart } = bootedPhone();
    bootJb(phone);
    phone.writeControl('/d/fsw/switch', '2 1');
    phone.runUntilSync(() => phone.model.phase === 'suspending', 10_000);
    phone.model.powerOff('power-off');
    const cut = uart().length;
    phone.runUntilSync(() => false, 5_000);
    expect(uart().length).toBe(cut);
    expect(phone.groundTruth().at(-1)!.outcome).toBe('failed');
    phone.pressPower();
    phone.runUntilSync(() => phone.adbReachable(), 120_000);
    expect(phone.state().instances.map((i) => i.status)).toEqual(['running', 'absent']);
    expect(uart().slice(cut)).toContain('Fastswitch: current instance is master (1)');
  });
});
