import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../common/api/errors';
import { activeWakelocks, memoryStateCommand, parseFswStatus, parseMemoryBlockNames, parseMemoryStates, parseWakelocks } from '../../../main/targets/control-files';

describe('parseFswStatus', () => {
  it('reads the current instance and the resume addresses of the public kernel', () => {
    const status = parseFswStatus('Current instance: 2\r\nResume address (core 0): [0x80e3c2a0] 0xc0e3c2a0\nResume address (core 1): [0x80e3c2a0] 0xc0e3c2a0\nBoot parameters size: 0x1d4\n');
    expect(status).toEqual({ enabled: true, currentInstance: 2, resumeAddresses: [{ core: 0, phys: 0x80e3c2a0, virt: 0xc0e3c2a0 }, { core: 1, phys: 0x80e3c2a0, virt: 0xc0e3c2a0 }], bootParamsSize: 0x1d4 });
  });
  it('says Disabled when the fsw page could not be mapped', () => {
    expect(parseFswStatus('Disabled\n')).toEqual({ enabled: false });
  });
  it('fails with the path when the text is something else', () => {
    expect(() => parseFswStatus('/d/fsw/status: No such file or directory')).toThrow(WorkbenchError);
    expect(() => parseFswStatus('garbage')).toThrow(/\/d\/fsw\/status did not read as/);
  });
});

describe('parseWakelocks', () => {
  const table =
    'name\tcount\texpire_count\twake_count\tactive_since\ttotal_time\tsleep_time\tmax_time\tlast_change\n' +
    '"vbus"\t1\t0\t0\t5000000000\t5000000000\t0\t5000000000\t100\n' +
    '"PowerManagerService"\t4\t0\t0\t0\t100\t0\t50\t200\n';
  it('lists the locks held now (active_since above zero)', () => {
    const locks = parseWakelocks(table);
    expect(locks.map((l) => l.name)).toEqual(['vbus', 'PowerManagerService']);
    expect(activeWakelocks(locks)).toEqual(['vbus']);
  });
  it('refuses a table without its header', () => {
    expect(() => parseWakelocks('"vbus"\t1\n')).toThrow(/\/proc\/wakelocks/);
  });
});

describe('memory blocks', () => {
  it('lists the block numbers of the sysfs directory, in order', () => {
    expect(parseMemoryBlockNames('block_size_bytes\nmemory129\nmemory128\r\nprobe\n')).toEqual([128, 129]);
  });
  it('reads one state per block from one cat', () => {
    expect(memoryStateCommand([128, 129])).toBe('cat /sys/devices/system/memory/memory128/state /sys/devices/system/memory/memory129/state');
    expect([...parseMemoryStates([128, 129], 'online\r\noffline\r\n')]).toEqual([
      [128, 'online'],
      [129, 'offline'],
    ]);
  });
  it('skips a block whose file vanished and rejects a word that is no state', () => {
    expect([...parseMemoryStates([128, 129], '/sys/devices/system/memory/memory128/state: No such file or directory\nonline\n')]).toEqual([[129, 'online']]);
    expect(() => parseMemoryStates([128], 'sleepy\n')).toThrow(/memory128\/state/);
  });
});
