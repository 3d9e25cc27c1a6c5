// Sessions: how fast a recording is written and read back, and what statistics,
// comparison and the HTML report cost for a 200-switch benchmark.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareSwitches } from '../common/sessions/comparison';
import { sessionHtml } from '../common/sessions/export-html';
import { buildSessionDocument } from '../common/sessions/session-document';
import { summarize } from '../common/sessions/statistics';
import { SessionStore } from '../main/sessions/session-store';
import { META, benchmarkSwitches, makeLog } from '../test/support/session-data';

const LOG_RECORDS = 300_000;
const SWITCHES = 200;

function withDrivers(seed: number, slow: number) {
  // 20 drivers per switch, as a pm_print_times log of a full phone gives.
  return benchmarkSwitches(SWITCHES, seed, slow).map((s) => ({
    ...s,
    drivers: [...s.drivers, ...Array.from({ length: 17 }, (_, i) => ({ name: `drv${i}`, phase: i % 2 ? 'resume' : 'suspend', ms: 1 + ((s.id * 7 + i) % 5) }))],
  }));
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const root = await mkdtemp(join(tmpdir(), 'fsw-bench-sessions-'));
try {
  const store = await SessionStore.open(root, { syncIntervalMs: 1000 });
  const switches = withDrivers(1, 0);
  const rec = await store.create(META, 'repeat 100 { switch jb\n switch ics }\n');
  const perSwitch = LOG_RECORDS / SWITCHES;
  let t0 = process.hrtime.bigint();
  for (let seq = 0; seq < LOG_RECORDS; seq++) {
    rec.appendLogs([makeLog(seq, `<6>[${(seq / 100).toFixed(6)}] PM: suspend of devices complete after 66.${seq % 1000} msecs`)]);
    if (seq % perSwitch === perSwitch - 1) await rec.appendSwitch(switches[(seq + 1) / perSwitch - 1]!);
  }
  await rec.finish({ how: 'finished' });
  const writeMs = ms(t0);
  const bytes = (await stat(join(rec.dir, 'log.ndjson'))).size;
  console.log(`record: ${LOG_RECORDS} log records + ${SWITCHES} switches (a sync each) in ${writeMs.toFixed(0)} ms = ${Math.round(LOG_RECORDS / (writeMs / 1000)).toLocaleString('en')} records/s, log.ndjson ${(bytes / 2 ** 20).toFixed(1)} MiB`);

  t0 = process.hrtime.bigint();
  const loaded = await store.load(rec.id, { logs: true });
  const loadMs = ms(t0);
  console.log(`load (validated, tolerant): ${loaded.logs.length} records in ${loadMs.toFixed(0)} ms = ${Math.round(loaded.logs.length / (loadMs / 1000)).toLocaleString('en')} records/s`);

  t0 = process.hrtime.bigint();
  const summary = summarize(switches);
  console.log(`summary of ${SWITCHES} switches, ${Object.keys(summary).length} phases: ${ms(t0).toFixed(1)} ms`);

  const after = withDrivers(2, 5);
  t0 = process.hrtime.bigint();
  const c = compareSwitches(switches, after, { resamples: 2000 });
  console.log(`compare ${SWITCHES} vs ${SWITCHES} switches, ${c.phases.length} phases, 2000 bootstrap resamples each: ${ms(t0).toFixed(0)} ms`);

  const doc = buildSessionDocument({ ...loaded, logs: [] }, { from: null, to: null }, { at: new Date().toISOString(), appVersion: 'bench' });
  if (!doc.ok) throw new Error(doc.message);
  t0 = process.hrtime.bigint();
  const html = sessionHtml(doc.document);
  console.log(`HTML report of ${SWITCHES} switches: ${(html.length / 1024).toFixed(0)} KiB in ${ms(t0).toFixed(1)} ms`);
  globalThis.gc?.();
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  await rm(root, { recursive: true, force: true });
}
