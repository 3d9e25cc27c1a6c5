// `npm start`: build if needed and open the workbench on the built-in simulator.
// The desktop app runs in Electron. Where the Electron binary cannot be had
// (it is fetched on first use, and some lab machines have no way out), the
// same UI opens in web mode instead, and this says so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();

function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8', timeout: 180_000 });
  const path = probe.stdout.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  const why = (probe.stderr || '').split('\n').find((line) => line.includes('Error')) ?? 'the binary could not be installed';
  return { error: why.trim() };
}

const env = { ...process.env, FSW_CONNECT: process.env.FSW_CONNECT ?? 'sim' };
const electron = electronBinary();
let child;
if (electron.path) {
  child = spawn(electron.path, ['.'], { stdio: 'inherit', env });
} else {
  console.log(`Electron is not available here (${electron.error}).`);
  console.log('Opening the same workbench in web mode instead; it is connected to the built-in simulator.');
  child = spawn(process.execPath, ['out/main/cli.js', 'serve', '--connect', 'sim', '--open'], { stdio: 'inherit', env });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
