import { app, BrowserWindow, ipcMain, protocol } from 'electron';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { IPC_EVENT_CHANNEL } from '../common/api/channels';
import { registerIpcRouter } from './ipc/ipc-router';
import { createWorkbench } from './services/create-workbench';
import { readStaticFile } from './web/static-files';
import { contentSecurityPolicy } from './web/content-security-policy';
import { installAppMenu } from './electron/app-menu';
import { hardenWebContents } from './electron/harden-web-contents';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isTrustedAppUrl, mainWindowOptions } from './electron/window-options';

// The Electron entry stays thin: it wires windows to the services, which are plain Node modules.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
hardenWebContents();

const workbench = createWorkbench({ transport: 'electron' });

app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': contentSecurityPolicy("'self'") },
    });
  });
  registerIpcRouter(ipcMain, workbench.dispatch, isTrustedAppUrl);
  installAppMenu();

  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  const unsubscribe = workbench.hub.subscribe((name: string, payload: unknown) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  window.on('closed', unsubscribe);
  window.once('ready-to-show', () => window.show());
  // `npm start` opens the app on the built-in simulator (FSW_CONNECT=sim).
  const connectAtStart = process.env.FSW_CONNECT;
  if (connectAtStart) void workbench.dispatch('targets.connect', { id: connectAtStart });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
});

app.on('window-all-closed', () => {
  void workbench.close().finally(() => app.quit());
});
