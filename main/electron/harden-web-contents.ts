import { app, session, shell } from 'electron';
import { decidePermissionCheck, decidePermissionRequest, decideWindowOpen, guardNavigation, refuseWebview } from './web-contents-guards';

/**
 * The Electron security checklist, applied to every webContents: no
 * navigation away from the app, no new windows (http(s) links our page opens
 * go to the system browser), no webviews, no permissions. The decisions live
 * in web-contents-guards.ts, where the audit test exercises them.
 */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => guardNavigation(event, url));
    contents.on('will-frame-navigate', (event) => guardNavigation(event, event.url));
    contents.on('will-redirect', (event, url) => guardNavigation(event, url));
    contents.on('will-attach-webview', (event) => refuseWebview(event));
    contents.setWindowOpenHandler(({ url }) => decideWindowOpen({ url, openerUrl: contents.getURL() }, (link) => void shell.openExternal(link)));
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => decidePermissionRequest(permission, callback));
    session.defaultSession.setPermissionCheckHandler(() => decidePermissionCheck());
    session.defaultSession.setDevicePermissionHandler(() => decidePermissionCheck());
  });
}
