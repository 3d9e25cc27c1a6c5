import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdbConnection } from '../../../main/targets/adb/adb-connection';
import type { PushProgress } from '../../../main/targets/adb/push-file';
import { planDetachedRun, pullBackDetachedRun } from '../../../main/targets/detached-run';
import { adbAvailable, adbMissingReason } from '../../support/private-adb-server';
import { recordingSink, simRig } from '../../support/sim-rig';

describe.skipIf(!adbAvailable)(`operations on the phone over adb ${adbMissingReason}`, () => {
  let rig: Awaited<ReturnType<typeof simRig>>;
  let connection: AdbConnection;
  let dir: string;

  beforeAll(async () => {
    rig = await simRig();
    connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: recordingSink(() => null).sink, comebackTimeoutMs: 20_000 });
    dir = mkdtempSync(join(tmpdir(), 'fsw-push-'));
  });
  afterAll(async () => {
    await connection?.close();
    await rig?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes a kernel-sized file with progress and checks it arrived intact', async () => {
    const image = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < image.length; i++) image[i] = (i * 7919) & 0xff;
    writeFileSync(join(dir, 'zImage'), image);
    const progress: PushProgress[] = [];
    const result = await connection.pushFile(join(dir, 'zImage'), '/sdcard/fsw/test-zImage', (p) => progress.push(p));
    expect(result.bytes).toBe(image.length);
    expect(['md5sum', 'pull']).toContain(result.verifiedBy);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual({ bytes: image.length, total: image.length });
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1]!.bytes)).toBe(true);
  });

  it('turns a refused control write into a device error that names the file', async () => {
    await expect(connection.writeControl('/d/fsw/switch', '2 9')).rejects.toMatchObject({ kind: 'device', where: '/d/fsw/switch', message: expect.stringMatching(/^Writing "2 9" to \/d\/fsw\/switch failed: /) });
    await expect(connection.readControl('/d/fsw/no-such-file')).rejects.toMatchObject({ kind: 'device', message: expect.stringMatching(/No such file or directory/) });
  });

  it('says when the USB cable keeps the phone awake, and not when it is pulled', async () => {
    rig.phone.setScenario({ usbCable: true });
    rig.phone.queue.advance(10); // fast mode stands still: a lock taken this very instant shows active_since 0
    const plugged = await connection.checkUsbCable();
    expect(plugged.blocksSwitches).toBe(true);
    expect(plugged.waysOut.map((w) => w.kind)).toEqual(['adb-over-wifi', 'detached-run']);
    rig.phone.setScenario({ usbCable: false });
    expect((await connection.checkUsbCable()).blocksSwitches).toBe(false);
  });

  it('packs a detached run, starts it with nohup, and pulls the logs back', async () => {
    const plan = planDetachedRun([{ kind: 'mark', label: 'before' }, { kind: 'write', path: '/d/fsw/switch', text: '2 9', line: 4 }], { id: 'it1', unplugDelayMs: 0 });
    await connection.pushText(plan.script, plan.scriptPath);
    expect(await connection.readControl(plan.scriptPath)).toContain("echo '2 9' > /d/fsw/switch");
    const started = await connection.runShell(plan.startCommand);
    expect(started.code).toBe(0);
    // Let the detached script run on the phone (fast mode: the test drives the clock).
    rig.phone.queue.advance(2000);
    await new Promise((r) => setTimeout(r, 200));
    const logs = await pullBackDetachedRun(plan, (command) => connection.runShell(command));
    expect(logs.failures).toEqual(["line 4: writing '2 9' to /d/fsw/switch failed"]);
    expect(logs.dmesg).toMatch(/^<\d>\[/);
  });
});

describe.skipIf(!adbAvailable)(`logcat on a phone without it ${adbMissingReason}`, () => {
  it('ends quietly with a record, not a reconnection storm', async () => {
    const rig = await simRig();
    const rec = recordingSink(() => null);
    const connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: rec.sink, comebackTimeoutMs: 20_000 });
    try {
      connection.startLogcat();
      await new Promise((r) => setTimeout(r, 500));
      expect(connection.comebacks).toBe(0);
      expect(connection.info().status).toBe('connected');
      const logcat = rec.records.filter((r) => r.source === 'logcat');
      expect(logcat).toHaveLength(1);
      expect(logcat[0]?.record.text).toMatch(/logcat stopped/);
    } finally {
      await connection.close();
      await rig.close();
    }
  });
});
