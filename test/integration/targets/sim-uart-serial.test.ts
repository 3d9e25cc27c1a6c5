import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../../main/simulator/sim-server';
import type { SimulatedPhone } from '../../../main/simulator/simulated-phone';
import { SerialConsole } from '../../../main/targets/console/serial-console';
import { consoleRecorder, until } from '../../support/console-recorder';
import { socatPtyToTcp } from '../../support/socat-pty';
import { bootedPhone } from '../../unit/simulator/sim-support';

describe("serialport reading the simulator's UART through a socat pseudo-terminal at 115200", () => {
  let phone: SimulatedPhone;
  let sim: SimServer;
  let dir: string;
  beforeAll(async () => {
    phone = bootedPhone({ seed: 2 }).phone;
    sim = await startSimServer({ backend: phone, adbPort: 0, consolePort: 0, pacing: 'fast' });
    dir = mkdtempSync(join(tmpdir(), 'fsw-uart-'));
  });
  afterAll(async () => {
    await sim?.close();
    phone?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A self-switch of the running instance, run to its end in the model (fast mode is driven by its user). */
  const selfSwitch = () => {
    const id = phone.model.current!.profile.id;
    const w = phone.writeControl('/d/fsw/switch', `2 ${id}`);
    if (!w.ok) throw new Error(`switch refused: ${w.errno}`);
    phone.runUntilSync(() => phone.model.truth.lastRecord()?.outcome !== 'pending' && phone.adbReachable(), 120_000);
  };
  const resumes = (text: string) => (text.match(/Fastswitch: resumed from instance/g) ?? []).length;

  it('keeps every switch printed while the adapter was in, loses only those of the outage, and marks it', async () => {
    const link = join(dir, 'ttyUSB0');
    const socat = await socatPtyToTcp(link, sim.consolePort);
    const console = new SerialConsole({ path: link, baudRate: 115_200, pollMs: 50 });
    const rec = consoleRecorder();
    try {
      await console.start(rec.sink);
      await new Promise((r) => setTimeout(r, 100)); // socat's TCP side is connected and the pty is open
      for (let i = 0; i < 3; i++) selfSwitch();
      await until('three resumes over the UART', () => resumes(rec.text()) === 3);

      await socat.stop(); // the adapter is pulled out
      await until('the console to notice', () => rec.states.at(-1)?.state === 'reopening');
      for (let i = 0; i < 2; i++) selfSwitch(); // printed to nobody
      await socat.start();
      await until('the console to reopen', () => rec.outages.length === 1);
      await new Promise((r) => setTimeout(r, 100));

      for (let i = 0; i < 3; i++) selfSwitch();
      await until('three more resumes', () => resumes(rec.text()) === 6);
      await new Promise((r) => setTimeout(r, 100));
      expect(resumes(rec.text())).toBe(6);
      expect(rec.outages).toHaveLength(1);
      expect(rec.states.filter((s) => s.state === 'reopening')).toHaveLength(1);
    } finally {
      await console.close();
      await socat.stop();
    }
  });
});
