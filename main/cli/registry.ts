import type { CliCommand } from './command';
import { analyzeCommand } from './commands/analyze';
import { serveCommand } from './commands/serve';

/** Every `fsw` command. Each issue adds its own line; never rename or drop one (DESIGN §9). */
export const commands: readonly CliCommand[] = [serveCommand, analyzeCommand];
