import { describe, expect, it } from 'vitest';
import { holdUntilOpened } from '../../../main/targets/held-sink';
import type { TargetSink } from '../../../main/targets/target';

describe('holdUntilOpened', () => {
  it('keeps what a target reports while it opens and hands it on, in order, once released', () => {
    const seen: string[] = [];
    const sink: TargetSink = {
      chunk: (source, bytes) => seen.push(`chunk ${source} ${String(bytes)}`),
      record: (source, record) => seen.push(`record ${source} ${record.text}`),
      state: () => seen.push('state'),
      status: (info) => seen.push(`status ${info.status}`),
    };
    const held = holdUntilOpened(sink);
    held.sink.chunk('kmsg', 'history', 0, 0);
    held.sink.record('kmsg', { hostTimeMs: 0, hostWallMs: 0, kernelTime: null, level: null, instance: null, text: 'gap', kind: 'gap' });
    expect(seen).toEqual([]);
    held.release();
    held.sink.status({ id: 'x', kind: 'adb', label: 'x', status: 'connected' });
    expect(seen).toEqual(['chunk kmsg history', 'record kmsg gap', 'status connected']);
  });
});
