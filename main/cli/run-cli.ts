import { version } from '../../package.json';
import { UsageError, WorkError, type CliIo } from './command';
import { commands } from './registry';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'fsw — Fastswitch Workbench on the command line',
    '',
    'Usage: fsw COMMAND [options]     (fsw COMMAND --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 the work failed, 2 bad usage.',
  ].join('\n');
}

/** Runs one CLI invocation and resolves to its exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(version);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`fsw: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}. See fsw --help.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    io.err(error instanceof WorkError ? `fsw ${name}: ${error.message}` : `fsw ${name}: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
