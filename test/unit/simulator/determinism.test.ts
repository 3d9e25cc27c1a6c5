import { describe, expect, it } from 'vitest';
import type { SimulatedPhone } from '../../../main/simulator/simulated-phone';
import { bootJb, bootedPhone, switchAndSettle } from './sim-support';

/** A session a developer might run: boot jb, switch, change what the user does, poke the knobs. */
function session(phone: SimulatedPhone): void {
  bootJb(phone);
  switchAndSettle(phone, '2 1');
  phone.setScenario({ wifi: 'busy' });
  switchAndSettle(phone, '2 2');
  phone.writeControl('/sys/module/kernel/parameters/initcall_debug', '1');
  phone.writeControl('/sys/module/wakelock/parameters/debug_mask', '31');
  switchAndSettle(phone, '2 1');
  phone.writeControl('/sys/devices/system/memory/memory170/state', 'offline');
  phone.writeControl('/d/fsw/switch', '7 7');
  phone.runUntilSync(() => false, 5000);
}

function record(seed: number): { uart: string; truth: string; dmesg: string } {
  const { phone, uart } = bootedPhone({ seed });
  session(phone);
  const out = { uart: uart(), truth: phone.groundTruthJson(), dmesg: phone.dmesg() };
  phone.close();
  return out;
}

describe('determinism', () => {
  it('prints byte-identical console output and ground truth for the same seed and operations', () => {
    const a = record(11);
    const b = record(11);
    expect(a.uart.length).toBeGreaterThan(10_000);
    expect(b.uart).toBe(a.uart);
    expect(b.truth).toBe(a.truth);
    expect(b.dmesg).toBe(a.dmesg);
  });

  it('differs with another seed', () => {
    expect(record(12).uart).not.toBe(record(11).uart);
  });
});
