/**
 * The decisions behind hardenWebContents, as pure functions of the event
 * objects Electron hands over, so the security audit test runs them under
 * plain Node (no electron import here, like window-options.ts).
 */
import { isOpenableExternalUrl, isTrustedAppUrl } from './window-options';

/** The part of an Electron event a guard uses. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate, will-frame-navigate, will-redirect: only our own app:// pages. Returns whether the navigation may go on. */
export function guardNavigation(event: PreventableEvent, url: string): boolean {
  if (isTrustedAppUrl(url)) return true;
  event.preventDefault();
  return false;
}

/** will-attach-webview: never (webviewTag is off too; this also covers a renderer that tries anyway). */
export function refuseWebview(event: PreventableEvent): void {
  event.preventDefault();
}

export interface WindowOpenRequest {
  url: string;
  /** The page asking: only our own page may send a link to the system browser. */
  openerUrl: string;
}

/**
 * setWindowOpenHandler: no new Electron window, ever. An http(s) link our own
 * page opens (target=_blank links in the UI) goes to the system browser.
 */
export function decideWindowOpen(request: WindowOpenRequest, openExternal: (url: string) => void): { action: 'deny' } {
  if (isTrustedAppUrl(request.openerUrl) && isOpenableExternalUrl(request.url)) openExternal(request.url);
  return { action: 'deny' };
}

/** Permission requests (camera, notifications, serial, HID, …): the workbench needs none in the renderer. */
export function decidePermissionRequest(_permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** Permission checks and device permissions (WebUSB, WebHID, Web Serial): refused; USB and serial are the main process's job. */
export function decidePermissionCheck(): boolean {
  return false;
}
