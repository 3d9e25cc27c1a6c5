import type { CliCommand } from './command';
import { analyzeCommand } from './commands/analyze';
import { checkCommand } from './commands/check';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { sessionsCommand } from './commands/sessions';
import { simCommand } from './commands/sim';

/** Every `fsw` command. Each issue adds its own line; never rename or drop one (DESIGN §9). */
export const commands: readonly CliCommand[] = [
  serveCommand,
  simCommand,
  checkCommand,
  runCommand,
  analyzeCommand,
  sessionsCommand,
];
