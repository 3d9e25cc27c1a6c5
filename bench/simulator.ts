// Simulator benchmark: 1,000 switches in fast mode, timings read from the model's ground truth,
// then the model's own speed with full logging. Run: node --import tsx --expose-gc bench/simulator.ts
import { cpus, loadavg } from 'node:os';
import { loadBuiltinProfile } from '../main/profiles/load-profile';
import type { GroundTruthRecord } from '../main/simulator/ground-truth';
import { SimulatedPhone } from '../main/simulator/simulated-phone';
import type { Scenario } from '../main/simulator/scenario';

const SWITCHES = Number(process.env.SWITCHES ?? 1000);
const profileResult = loadBuiltinProfile('galaxy-nexus');
if (!profileResult.ok) throw new Error(profileResult.error.message);
const profile = profileResult.profile;

function bootJb(phone: SimulatedPhone): void {
  for (let i = 144; i < 166; i++) phone.writeControl(`/sys/devices/system/memory/memory${i}/state`, 'offline');
  const atags = phone.files.read('/d/fsw/instance_atags');
  if (atags.ok) phone.files.write('/sdcard/atags', atags.value);
  phone.writeControl('/d/fsw/load_file', '0x91808000 /sdcard/fsw/jb/zImage kernel 2');
  phone.writeControl('/d/fsw/load_file', '0x90000100 /sdcard/atags param 2');
  phone.writeControl('/d/fsw/switch', '1 2');
  phone.runUntilSync(() => phone.state().runningInstance === 2 && phone.adbReachable(), 200_000);
}

/** Alternate ics and jb `count` times, waiting 3 s on each side as the author's loops did. */
function run(scenario: Partial<Scenario>, count: number, seed: number, sinks: boolean): { records: GroundTruthRecord[]; wallMs: number; cpuMs: number; bytes: number } {
  const phone = new SimulatedPhone({ profile, seed });
  let bytes = 0;
  if (sinks) {
    phone.console.onBytes((b) => (bytes += b.length));
    phone.subscribeKmsg((t) => (bytes += t.length));
  }
  bootJb(phone);
  phone.setScenario(scenario);
  const firstRecord = phone.groundTruth().length;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const m = phone.model;
  const truth = m.truth;
  for (let i = 0; i < count; i++) {
    if (m.phase !== 'awake') {
      // a dropped switch (noirq abort) can leave the phone asleep: the user presses power
      phone.pressPower();
      phone.runUntilSync(() => m.phase === 'awake' && phone.adbReachable(), 120_000);
    }
    const target = m.current?.id === 1 ? 2 : 1;
    const index = truth.size;
    const w = phone.writeControl('/d/fsw/switch', `2 ${target}`);
    if (!w.ok) throw new Error(`switch ${i}: ${w.errno}`);
    phone.runUntilSync(() => truth.size > index && truth.peek(index)!.outcome !== 'pending' && m.phase === 'awake', 600_000);
    phone.setScenario(scenario);
    phone.runUntilSync(() => false, 3000);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const records = phone.model.truth.all().slice(firstRecord).filter((r) => r.mode === 'suspend');
  phone.close();
  return { records, wallMs, cpuMs, bytes };
}

function stats(values: number[]): string {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))]! / 1000;
  const mean = v.reduce((a, b) => a + b, 0) / v.length / 1000;
  return `mean ${mean.toFixed(3)}  p50 ${q(0.5).toFixed(3)}  p90 ${q(0.9).toFixed(3)}  p99 ${q(0.99).toFixed(3)}  max ${q(1).toFixed(3)} s`;
}

function report(title: string, records: GroundTruthRecord[]): void {
  const ok = records.filter((r) => r.outcome === 'ok' && r.kind === 'switch');
  const retried = ok.filter((r) => r.anomalies.some((a) => a.includes('retried'))).length;
  console.log(`\n${title}: ${records.length} switch requests, ${ok.length} ok (${retried} after a freezer abort), ${records.length - ok.length} dropped or cancelled`);
  const col = (k: 'wakelockWaitMs' | 'suspendMs' | 'resumeMs' | 'totalMs') => ok.map((r) => r[k]!).filter((x) => x !== null);
  console.log(`  wakelock wait   ${stats(col('wakelockWaitMs'))}`);
  console.log(`  suspend         ${stats(col('suspendMs'))}`);
  console.log(`  resume          ${stats(col('resumeMs'))}`);
  console.log(`  suspend start→visible ${stats(ok.map((r) => r.boundaries.visible!.atMs - r.boundaries.suspendStart!.atMs))}`);
  console.log(`  total           ${stats(col('totalMs'))}`);
}

const idle = run({ screen: 'lockscreen', wifi: 'idle', audio: false, usbCable: false }, SWITCHES, 1, false);
report('Lock screen, wifi idle, no cable (ground truth)', idle.records);
const busy = run({ screen: 'lockscreen', wifi: 'busy', audio: false, usbCable: false }, SWITCHES, 2, false);
report('Lock screen, wifi busy (ground truth)', busy.records);

globalThis.gc?.();
const speed = run({ screen: 'lockscreen', wifi: 'idle' }, SWITCHES, 3, true);
console.log(`\nModel speed with full logging (UART + /proc/kmsg listeners, ${(speed.bytes / 1e6).toFixed(1)} MB of log):`);
console.log(`  ${(SWITCHES / (speed.wallMs / 1000)).toFixed(0)} switches per wall-clock second (${speed.wallMs.toFixed(0)} ms for ${SWITCHES})`);
console.log(`  ${(SWITCHES / (speed.cpuMs / 1000)).toFixed(0)} switches per CPU second of this process (the wall figure on an idle machine); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
