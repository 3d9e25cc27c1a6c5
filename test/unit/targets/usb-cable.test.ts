import { describe, expect, it } from 'vitest';
import { pullBackDetachedRun, planDetachedRun } from '../../../main/targets/detached-run';
import { checkUsbCable } from '../../../main/targets/usb-cable';

const header = 'name\tcount\texpire_count\twake_count\tactive_since\ttotal_time\tsleep_time\tmax_time\tlast_change\n';

describe('checkUsbCable', () => {
  it('says the cable keeps the phone awake when vbus is held, and offers Wi-Fi and a detached run', () => {
    const check = checkUsbCable(`${header}"vbus"\t1\t0\t0\t900000\t900000\t0\t900000\t1\n"wlan_rx"\t3\t0\t0\t0\t10\t0\t5\t2\n`);
    expect(check.blocksSwitches).toBe(true);
    expect(check.cableLocks).toEqual(['vbus']);
    expect(check.message).toMatch(/never happen/);
    expect(check.waysOut.map((w) => w.kind)).toEqual(['adb-over-wifi', 'detached-run']);
    expect(check.waysOut[0]?.caveat).toMatch(/Wi-Fi holds its own wakelocks/);
  });
  it('finds nothing to say when no cable lock is held', () => {
    const check = checkUsbCable(`${header}"vbus"\t1\t0\t0\t0\t900000\t0\t900000\t1\n`);
    expect(check.blocksSwitches).toBe(false);
    expect(check.waysOut).toEqual([]);
  });
});

describe('detached run', () => {
  const plan = planDetachedRun(
    [
      { kind: 'write', path: '/d/fsw/switch', text: '2 2', line: 3 },
      { kind: 'sleep', ms: 3000 },
      { kind: 'mark', label: 'half' },
      { kind: 'write', path: '/d/fsw/switch', text: '2 1', line: 5 },
    ],
    { id: 'run1', unplugDelayMs: 15_000 },
  );

  it('packs the writes, waits and marks as a shell script that leaves time to pull the cable', () => {
    expect(plan.scriptPath).toBe('/data/local/tmp/fsw-detached-run1.sh');
    expect(plan.script.split('\n')).toEqual([
      '#!/system/bin/sh',
      '# Fastswitch Workbench detached run run1: runs with the USB cable pulled; timing comes over the UART.',
      'sleep 15',
      "echo 'fsw-detached: start run1' > /dev/kmsg",
      "echo '2 2' > /d/fsw/switch || echo 'line 3: writing '\\''2 2'\\'' to /d/fsw/switch failed'",
      'sleep 3',
      "echo 'fsw-detached: mark half' > /dev/kmsg",
      "echo '2 1' > /d/fsw/switch || echo 'line 5: writing '\\''2 1'\\'' to /d/fsw/switch failed'",
      "echo 'fsw-detached: done run1' > /dev/kmsg",
      '',
    ]);
  });

  it('starts it with nohup so it outlives the adb session', () => {
    expect(plan.startCommand).toBe('nohup sh /data/local/tmp/fsw-detached-run1.sh > /data/local/tmp/fsw-detached-run1.out 2>&1 &');
  });

  it('pulls back last_kmsg, dmesg and the failed steps when USB returns', async () => {
    const asked: string[] = [];
    const logs = await pullBackDetachedRun(plan, async (command) => {
      asked.push(command);
      if (command.startsWith('cat /proc/last_kmsg')) return { output: '/proc/last_kmsg: No such file or directory\n', code: 1 };
      if (command === 'dmesg') return { output: '<6>[ 1.0] hello\n', code: 0 };
      return { output: "line 5: writing '2 1' to /d/fsw/switch failed\n", code: 0 };
    });
    expect(asked).toEqual(['cat /proc/last_kmsg', 'dmesg', 'cat /data/local/tmp/fsw-detached-run1.out']);
    expect(logs).toEqual({ lastKmsg: null, dmesg: '<6>[ 1.0] hello\n', failures: ["line 5: writing '2 1' to /d/fsw/switch failed"] });
  });

  it('refuses an id that would need quoting in a path', () => {
    expect(() => planDetachedRun([], { id: 'a b' })).toThrow(/letters, digits/);
  });
});
