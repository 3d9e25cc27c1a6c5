/**
 * What the QEMU target costs and what it measures, through the app's own
 * service: preparing and booting the kernel (connect), suspend-to-RAM and
 * suspend-to-idle cycles (host time per cycle, the kernel's cycle on the
 * printk clock, the time asleep), and DIMM hotplug steps. Software
 * emulation: the figures are this machine's, not a phone's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScriptStatus } from '../common/api/contract';
import type { SwitchRecord } from '../common/domain/switch-record';
import { createWorkbench } from '../main/services/create-workbench';
import { qemuAvailable, qemuMissingReason } from '../test/support/qemu';
import { figures } from './support/figures';

const S3_CYCLES = Number(process.env.FSW_BENCH_QEMU_CYCLES ?? 10);

async function main() {
  if (!qemuAvailable) {
    console.log(`QEMU target: nothing to measure ${qemuMissingReason}`);
    return;
  }
  const workbench = createWorkbench({ transport: 'web', sessionsDir: mkdtempSync(join(tmpdir(), 'fsw-bench-qemu-')), adb: false });
  const records: SwitchRecord[] = [];
  const ends = new Map<string, (s: ScriptStatus) => void>();
  workbench.hub.subscribe((name, payload) => {
    if (name === 'switch.record') records.push(payload as SwitchRecord);
    if (name === 'script.status') {
      const status = payload as ScriptStatus;
      if (['finished', 'failed', 'stopped'].includes(status.state)) ends.get(status.runId)?.(status);
    }
  });
  const run = async (text: string): Promise<{ ms: number; status: ScriptStatus }> => {
    const t0 = performance.now();
    const started = await workbench.dispatch('script.run', { text });
    if (!started.ok) throw new Error(started.error.message);
    const status = await new Promise<ScriptStatus>((resolve) => ends.set((started.result as { runId: string }).runId, resolve));
    if (status.state !== 'finished') throw new Error(`${text.split('\n')[0]}: ${status.state} ${status.message ?? ''}`);
    return { ms: performance.now() - t0, status };
  };
  try {
    const t0 = performance.now();
    const connected = await workbench.dispatch('targets.connect', { id: 'qemu:pc' });
    if (!connected.ok) throw new Error(connected.error.message);
    console.log(`connect (kernel and initramfs from the cache or fetched, QEMU started, kernel booted to its init): ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const s3 = await run(`repeat ${S3_CYCLES} {\n  suspend mem for 1s\n}\n`);
    const deep = records.filter((r) => r.sleepState === 'deep');
    console.log(`${S3_CYCLES} suspend-to-RAM cycles, 1 s asleep each: ${(s3.ms / 1000).toFixed(1)} s wall, ${(s3.ms / S3_CYCLES).toFixed(0)} ms per cycle`);
    console.log(`  kernel's cycle (printk: suspend entry → suspend exit): ${figures(deep.map((r) => r.cycleMs!), 'ms')}`);
    console.log(`  same cycle on the host clock:                          ${figures(deep.map((r) => r.host!.cycleMs!), 'ms')}`);
    console.log(`  asleep (host − printk):                                ${figures(deep.map((r) => r.asleepMs!), 'ms')}`);
    console.log(`  suspend ${figures(deep.map((r) => r.suspendMs!), 'ms')}`);
    console.log(`  resume  ${figures(deep.map((r) => r.resumeMs!), 'ms')}`);

    records.length = 0;
    const idle = await run('repeat 3 {\n  suspend freeze for 1s\n}\n');
    const s2idle = records.filter((r) => r.sleepState === 's2idle');
    console.log(`3 suspend-to-idle cycles, 1 s each: ${(idle.ms / 1000).toFixed(1)} s wall; kernel's cycle ${figures(s2idle.map((r) => r.cycleMs!), 'ms')} (the printk clock runs through s2idle)`);

    for (const [label, text] of [
      ['dimm add 256M', 'dimm add 256M as bench\n'],
      ['online dimm (2 blocks, movable)', 'online dimm bench\n'],
      ['offline dimm (2 blocks)', 'offline dimm bench\n'],
      ['dimm remove', 'dimm remove bench\n'],
    ] as const) {
      console.log(`${label.padEnd(34)} ${(await run(text)).ms.toFixed(0)} ms`);
    }
  } finally {
    await workbench.close();
  }
}

await main();
