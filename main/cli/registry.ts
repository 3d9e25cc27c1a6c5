import type { CliCommand } from './command';
import { checkCommand } from './commands/check';
import { serveCommand } from './commands/serve';
import { sessionsCommand } from './commands/sessions';
import { runCommand } from './commands/run';
import { simCommand } from './commands/sim';

/** Every `fsw` command. Each issue adds its own line; never rename or drop one (DESIGN §9). */
export const commands: readonly CliCommand[] = [
  serveCommand,
  simCommand,
  checkCommand,
  runCommand,
  sessionsCommand,
];
