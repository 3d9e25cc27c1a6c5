// A recorder that never finishes: the crash test kills it with SIGKILL.
// Usage: node --import tsx test/support/record-child.ts SESSIONS_DIR SYNC_INTERVAL_MS
// Prints one JSON line per event: {"started": id}, {"log": seq, "t": ms},
// {"switch": id, "t": ms}, {"mark": label, "t": ms}, {"synced": {logs, switches, marks}, "t": ms}.
import { SessionStore } from '../../main/sessions/session-store';
import { META, makeLog, makeSwitch } from './session-data';

const [dir, interval] = process.argv.slice(2);
if (!dir || !interval) {
  process.stderr.write('usage: record-child.ts SESSIONS_DIR SYNC_INTERVAL_MS\n');
  process.exit(2);
}
const say = (event: object) => process.stdout.write(`${JSON.stringify({ ...event, t: Date.now() })}\n`);

const store = await SessionStore.open(dir, { syncIntervalMs: Number(interval), onSynced: (_id, durable) => say({ synced: durable }) });
const recorder = await store.create({ ...META, id: 'crash' }, 'repeat 1000 {\n  switch jb\n  switch ics\n}\n');
say({ started: recorder.id });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
for (let seq = 0; ; seq++) {
  recorder.appendLogs([makeLog(seq, `<6>[${(seq / 100).toFixed(6)}] line ${seq}`)]);
  say({ log: seq });
  // A switch every 200 lines (over a second): the lines between rely on the interval sync alone.
  if (seq % 200 === 199) {
    const id = (seq - 199) / 200;
    const done = recorder.appendSwitch(makeSwitch(id, { totalMs: 1400 + (id % 7) }));
    say({ switch: id });
    await done;
  }
  if (seq === 25) {
    await recorder.mark('warm-up done');
    say({ mark: 'warm-up done' });
  }
  await sleep(5);
}
