import type { CliCommand } from '../command';
import { WorkError } from '../command';

// Placeholder until the web bridge lands in this same change series.
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the workbench UI over HTTP+WebSocket (web mode)',
  usage: 'Usage: fsw serve [--port N] [--host ADDR]',
  run: async () => {
    throw new WorkError('web mode is not built yet');
  },
};
