/**
 * What a switch costs the workbench over adb: from the switch request's
 * write to the phone re-identified with its kernel log followed again
 * (the adb-side outage per switch), the lines recovered from the ring per
 * comeback, and memory after many switches. The simulator in fast mode
 * behind its real wires and Debian's adb server.
 */
import { AdbConnection } from '../main/targets/adb/adb-connection';
import { adbAvailable } from '../test/support/private-adb-server';
import { recordingSink, simRig } from '../test/support/sim-rig';
import { figures } from './support/figures';

const SWITCHES = Number(process.env.FSW_BENCH_SWITCHES ?? 300);

async function main() {
  if (!adbAvailable) {
    console.log('adb not installed: nothing to measure');
    return;
  }
  const rig = await simRig();
  const sink = recordingSink(() => null);
  const connection = await AdbConnection.open({ server: rig.server, serial: rig.serial, sink: sink.sink, comebackTimeoutMs: 20_000 });
  const outages: number[] = [];
  const cycles: number[] = [];
  const recovered: number[] = [];
  connection.onEvent((e) => {
    if (e.type === 'reconnected') {
      outages.push(e.outageMs);
      recovered.push(e.recoveredLines);
    }
  });
  try {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < SWITCHES; i++) {
      const t0 = performance.now();
      const before = connection.comebacks;
      await connection.writeControl('/d/fsw/switch', `2 ${connection.currentInstance() === 1 ? 2 : 1}`);
      if (!rig.settle()) throw new Error(`switch ${i} did not settle`);
      while (connection.comebacks === before) await new Promise((r) => setTimeout(r, 1));
      cycles.push(performance.now() - t0);
    }
    globalThis.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    console.log(`switches over adb (simulator, fast mode): ${SWITCHES}`);
    console.log(`  write → phone back and followed again, ms: ${figures(cycles)}`);
    console.log(`  adb outage noticed → comeback, ms: ${figures(outages)}`);
    console.log(`  kmsg lines recovered from the ring per comeback: ${figures(recovered)}`);
    console.log(`  heap: ${(heapBefore / 1e6).toFixed(1)} MB before, ${(heapAfter / 1e6).toFixed(1)} MB after (kmsg bytes kept by the bench's sink: ${(sink.chunks.reduce((n, c) => n + c.text.length, 0) / 1e6).toFixed(1)} MB)`);
  } finally {
    await connection.close();
    await rig.close();
  }
}

await main();
