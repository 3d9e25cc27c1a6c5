import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseSimArgs, runSim } from '../../../main/cli/commands/sim';
import { A_CNXN } from '../../../main/simulator/adbd/message';
import { FakeDeviceBackend } from '../../support/fake-device-backend';
import { RawAdbClient } from '../../support/raw-adb-client';

describe('fsw sim', () => {
  it('serves adbd and the UART, says how to connect, and stops cleanly', async () => {
    const out: string[] = [];
    const backend = new FakeDeviceBackend();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runSim(parseSimArgs(['--adb-port', '0', '--console-port', '0', '--speed', 'fast']), { out: (t) => out.push(t), err: (t) => out.push(t) }, { createBackend: () => backend, untilStopped: () => stopped });

    for (let i = 0; i < 100 && out.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const banner = out.join('\n');
    expect(banner).toContain('Simulated Galaxy Nexus (Android 4.0.4)');
    const adbPort = Number(/adb connect 127\.0\.0\.1:(\d+)/.exec(banner)![1]);
    const consolePort = Number(/nc 127\.0\.0\.1 (\d+)/.exec(banner)![1]);

    const adb = await RawAdbClient.open(adbPort);
    expect((await adb.handshake()).command).toBe(A_CNXN);
    const console = connect(consolePort, '127.0.0.1');
    await new Promise((resolve) => console.once('connect', resolve));

    stop();
    expect(await running).toBe(0);
    expect(await adb.untilClosed()).toBe(true);
    await new Promise((resolve) => console.once('close', resolve));
    await expect(RawAdbClient.open(adbPort)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
