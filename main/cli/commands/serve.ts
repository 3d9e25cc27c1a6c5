import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, parseCommandArgs, WorkError, type CliCommand } from '../command';
import { createWorkbench } from '../../services/create-workbench';
import { startWebServer } from '../../web/web-server';

/** out/renderer beside out/main, wherever the CLI was built to. */
export function builtRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '../renderer'), join(here, '../../out/renderer'), join(here, '../../../out/renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new WorkError('the built renderer was not found (out/renderer/index.html): run `npm run build` first, or use `npm run web`');
}

function openInBrowser(url: string, io: { err: (t: string) => void }): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => io.err(`(no browser could be opened with ${opener}: open the URL above yourself)`));
  child.unref();
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the workbench UI over HTTP+WebSocket (web mode, token in the printed URL)',
  usage: [
    'Usage: fsw serve [--port N] [--host ADDR] [--connect TARGET] [--open]',
    '',
    '  --port N          TCP port (default 7420; 0 picks a free one)',
    '  --host ADDR       bind address (default 127.0.0.1: loopback only). Binding elsewhere exposes',
    '                    the workbench to that network; the token still guards every request.',
    '  --connect TARGET  connect a target at start (e.g. sim, the built-in simulator)',
    '  --open            open the URL in the desktop\'s browser',
  ].join('\n'),
  run: async (argv, io) => {
    const { values } = parseCommandArgs('serve', argv, { port: { type: 'string' }, host: { type: 'string' }, connect: { type: 'string' }, open: { type: 'boolean' } }, false);
    const port = intFlag('serve', 'port', values.port, 7420);
    const rendererDir = builtRendererDir();
    const workbench = createWorkbench({ transport: 'web' });
    let server;
    try {
      server = await startWebServer({ dispatch: workbench.dispatch, hub: workbench.hub, rendererDir, host: values.host ?? '127.0.0.1', port });
    } catch (error) {
      await workbench.close();
      throw new WorkError(`cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${(error as Error).message}`);
    }
    io.out(`Fastswitch Workbench (web mode) is serving on ${server.origin}`);
    io.out(`Open: ${server.url}`);
    io.out('Press Ctrl+C to stop.');
    if (values.connect) {
      const response = await workbench.dispatch('targets.connect', { id: values.connect });
      io.out(response.ok ? `Connected: ${values.connect}` : `Could not connect ${values.connect}: ${response.error.message}`);
    }
    if (values.open) openInBrowser(server.url, io);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await workbench.close();
    return 0;
  },
};
