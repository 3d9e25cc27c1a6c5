import type { CliCommand } from './command';
import { serveCommand } from './commands/serve';
import { simCommand } from './commands/sim';

/** Every `fsw` command. Each issue adds its own line; never rename or drop one (DESIGN §9). */
export const commands: readonly CliCommand[] = [serveCommand, simCommand];
