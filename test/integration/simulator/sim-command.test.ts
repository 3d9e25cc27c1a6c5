import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseSimArgs, runSim } from '../../../main/cli/commands/sim';
import { createSimBackend } from '../../../main/simulator/create-backend';
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

describe('fsw sim with the phone model', () => {
  it('answers what a person types on the UART with a shell, as the debug console does', async () => {
    const out: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runSim(parseSimArgs(['--adb-port', '0', '--console-port', '0']), { out: (t) => out.push(t), err: (t) => out.push(t) }, { createBackend: createSimBackend, untilStopped: () => stopped });
    for (let i = 0; i < 200 && out.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const consolePort = Number(/nc 127\.0\.0\.1 (\d+)/.exec(out.join('\n'))![1]);

    const uart = connect(consolePort, '127.0.0.1');
    let received = '';
    uart.on('data', (d: Buffer) => (received += d.toString('latin1')));
    await new Promise((resolve) => uart.once('connect', resolve));
    uart.write('cat /d/fsw/status\n');
    for (let i = 0; i < 300 && !received.includes('Current instance: 1'); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toContain('cat /d/fsw/status'); // the echo of what was typed
    expect(received).toContain('Current instance: 1');
    expect(received).toMatch(/@android:\/ # /); // the prompt

    uart.destroy();
    stop();
    expect(await running).toBe(0);
  });
});
