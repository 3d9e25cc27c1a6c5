import { describe, expect, it } from 'vitest';
import { bootedPhone } from './sim-support';

describe('realtime speed', () => {
  it('follows wall time: a switch completes on timers, and virtual time tracks the wall', async () => {
    const { phone } = bootedPhone({ speed: 'realtime' });
    const v0 = phone.now();
    expect(phone.writeControl('/d/fsw/switch', '2 1').ok).toBe(true);
    const done = await phone.runUntil(() => phone.groundTruth().at(-1)?.outcome === 'ok', 10_000);
    expect(done).toBe(true);
    // the switch took its modelled time on the virtual clock, which only moves with the wall
    expect(phone.now() - v0).toBeGreaterThanOrEqual(phone.groundTruth().at(-1)!.totalMs!);
    phone.close();
  });
});
