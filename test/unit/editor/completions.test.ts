import { describe, expect, it } from 'vitest';
import type { DeviceState } from '../../../common/domain/device-state';
import { OPERATIONS } from '../../../common/script/units';
import { completionsAt, freeSections } from '../../../renderer/src/editor/completions';
import { hoverMarkdown, OPERATION_DOCS } from '../../../renderer/src/editor/operation-docs';

const MiB16 = 16 * 1024 * 1024;
const device: DeviceState = {
  model: 'Galaxy Nexus',
  runningInstance: 1,
  instances: [
    { id: 1, name: 'ics', kernel: '3.0.8', android: '4.0.4', status: 'running' },
    { id: 2, name: 'jb', kernel: '3.0.31', android: '4.1.1', status: 'sleeping' },
  ],
  sections: [
    { index: 128, start: 0x80000000, size: MiB16, owner: 1, onlineIn: [1], zone: 'normal' },
    { index: 144, start: 0x90000000, size: MiB16, owner: 1, onlineIn: [1], zone: 'movable' },
    { index: 145, start: 0x91000000, size: MiB16, owner: null, onlineIn: [], zone: 'movable' },
    { index: 160, start: 0xa0000000, size: MiB16, owner: 1, onlineIn: [1], zone: 'movable', note: 'ram console' },
    { index: 170, start: 0xaa000000, size: MiB16, owner: 'reserved', onlineIn: [], zone: 'normal', note: 'carve-out' },
  ],
};
const labels = (prefix: string, state: DeviceState | null = device) => completionsAt(prefix, state).map((c) => c.label);

describe('completion in the script editor', () => {
  it('offers every operation and the snippets at the start of a statement', () => {
    const offered = labels('  ');
    for (const op of OPERATIONS) expect(offered).toContain(op);
    expect(offered).toContain('benchmark-switches');
    expect(labels('repeat 3 { ')).toContain('switch');
  });

  it("offers the connected phone's instances after switch, boot and wait until", () => {
    expect(labels('switch ')).toEqual(['ics', 'jb']);
    expect(labels('boot j')).toEqual(['ics', 'jb']);
    expect(labels('wait until ')).toEqual(['ics', 'jb']);
    expect(labels('switch ', null)).toEqual([]);
  });

  it('offers the addresses of sections that are free or movable memory of the running instance, never carve-outs or pinned blocks', () => {
    expect(freeSections(device).map((s) => s.index)).toEqual([144, 145]);
    expect(labels('reserve 2 sections at ')).toEqual(['0x90000000', '0x91000000']);
    expect(labels('load "x" at ')).toEqual(['0x90000000', '0x91000000']);
  });

  it('offers the units that fit the number being typed', () => {
    expect(labels('wait 3')).toEqual(['s', 'ms', 'us']);
    expect(labels('switch jb timeout 9')).toEqual(['s', 'ms', 'us']);
    expect(labels('reserve 22')).toContain(' sections');
    expect(labels('reserve 22')).toContain('M');
  });

  it('offers the fields of the last switch after `expect last.`', () => {
    expect(labels('expect last.')).toEqual(expect.arrayContaining(['total', 'wakelockWait', 'outcome', 'from']));
  });

  it('offers nothing inside a comment or a string', () => {
    expect(labels('# switch ')).toEqual([]);
    expect(labels('shell "switch ')).toEqual([]);
  });
});

describe('hover documentation', () => {
  it('documents every operation with its syntax, what the kernel does and what is written', () => {
    for (const op of OPERATIONS) {
      const doc = OPERATION_DOCS[op];
      expect(doc.syntax.startsWith(op)).toBe(true);
      expect(doc.kernel.length).toBeGreaterThan(60);
      expect(hoverMarkdown(op)).toContain(doc.writes);
    }
    expect(hoverMarkdown('force')).toContain('0xDEADBEEF');
    expect(hoverMarkdown('jb')).toBeNull();
  });
});
