#!/usr/bin/env node
import { runCli } from './cli/run-cli';

// The `fsw` binary: plain Node, no Electron (DESIGN §9).
const io = {
  out: (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};
runCli(process.argv.slice(2), io).then(
  (code) => {
    // Long-running commands (serve, sim) never resolve; the rest exit with their code.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fsw: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
