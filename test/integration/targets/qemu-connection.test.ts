import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../../common/domain/device-state';
import type { TargetInfo } from '../../../common/api/contract';
import { QemuTargetProvider, type QemuConnection } from '../../../main/targets/qemu/qemu-target';
import type { TargetSink } from '../../../main/targets/target';
import { qemuAvailable, qemuMissingReason } from '../../support/qemu';

/**
 * The QEMU target as the app uses it: one machine booted, then what a
 * person does from the connection area and the console, on the real kernel.
 */
describe.skipIf(!qemuAvailable)(`the QEMU target ${qemuMissingReason}`, () => {
  let connection: QemuConnection;
  let consoleText = '';
  const states: DeviceState[] = [];
  const statuses: TargetInfo[] = [];
  const sink: TargetSink = {
    chunk: (_source, bytes) => (consoleText += typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1')),
    record: () => undefined,
    state: (s) => states.push(s),
    status: (s) => statuses.push(s),
  };
  const waitForConsole = async (needle: string | RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    const seen = () => (typeof needle === 'string' ? consoleText.includes(needle) : needle.test(consoleText));
    while (!seen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return seen();
  };

  beforeAll(async () => {
    const provider = new QemuTargetProvider();
    expect((await provider.list()).map((t) => t.id)).toEqual(['qemu:pc', 'qemu:q35']);
    connection = (await provider.open('qemu:pc', sink)) as QemuConnection;
  }, 600_000);
  afterAll(async () => {
    await connection?.close();
  });

  it('boots the kernel with its whole log on the console and lists its real memory blocks', async () => {
    // The console was open before the CPU ran: the log starts at the kernel's banner.
    expect(await waitForConsole('fsw-init: ready')).toBe(true);
    expect(consoleText).toMatch(/\[\s*0\.000000\] Linux version 6\.\d+/);
    const state = await connection.deviceState();
    expect(state.model).toBe('QEMU pc');
    expect(state.instances).toMatchObject([{ id: 1, name: 'linux', status: 'running' }]);
    // -m 1G: eight boot blocks of 128 MiB, all online.
    expect(state.sections.map((s) => `${s.index}@${s.start / 2 ** 20}M ${s.onlineIn.join()}`)).toEqual(Array.from({ length: 8 }, (_, i) => `${i}@${i * 128}M 1`));
    expect(connection.info()).toMatchObject({ id: 'qemu:pc', kind: 'qemu', status: 'connected' });
  });

  it('types to the console shell on the kernel console, as on a UART', async () => {
    connection.consoleInput(new TextEncoder().encode('echo typed-$((40+2))\n'));
    expect(await waitForConsole('typed-42')).toBe(true);
  });

  it('shows the kernel refusing to offline the first boot block, with its reason, on the block', async () => {
    await expect(connection.writeControl('/sys/devices/system/memory/memory0/state', 'offline')).rejects.toThrow(/memory0\/state: (Invalid argument|Device or resource busy)/);
    const block = (await connection.deviceState()).sections.find((s) => s.index === 0);
    expect(block?.refused).toMatch(/^offline: (Invalid argument|Device or resource busy)$/);
    expect(block?.onlineIn).toEqual([1]);
    expect(states.at(-1)?.sections[0]?.refused).toBe(block?.refused);
  });

  it('suspends to idle and wakes on a key press', async () => {
    const outcome = await connection.suspend('freeze', 1000);
    expect(outcome.slept).toBe(true);
    expect(await waitForConsole(/PM: suspend entry \(s2idle\)[\s\S]*PM: suspend exit/)).toBe(true);
    // While it slept the kernel was shown asleep.
    expect(states.some((s) => s.instances[0]?.status === 'sleeping')).toBe(true);
    expect((await connection.deviceState()).instances[0]?.status).toBe('running');
  });

  it('hot-adds a DIMM whose block comes up offline, and unplugs it again', async () => {
    await connection.addDimm('spare', 256 << 20);
    let blocks = (await connection.deviceState()).sections.filter((s) => s.dimm === 'spare');
    expect(blocks.map((b) => `${b.index} ${b.onlineIn.length ? 'online' : 'offline'}`)).toEqual(['32 offline', '33 offline']);
    await connection.setDimmBlocks('spare', 'online_movable');
    blocks = (await connection.deviceState()).sections.filter((s) => s.dimm === 'spare');
    expect(blocks.map((b) => `${b.index} ${b.zone} ${b.onlineIn.join()}`)).toEqual(['32 movable 1', '33 movable 1']);
    await connection.setDimmBlocks('spare', 'offline');
    await connection.removeDimm('spare');
    expect((await connection.deviceState()).sections.filter((s) => s.index >= 32)).toEqual([]);
  });
});
