/**
 * The Electron security checklist (electronjs.org/docs/latest/tutorial/security)
 * as a test over the real main-process code: window options, CSP, URL
 * predicates, the web-contents guards, the IPC sender check, the preload
 * surface, and a static scan of the sources for the patterns the checklist
 * (and Doyensec's electronegativity) warn about. docs/security.md lists each
 * item and where it is enforced.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../common/api/channels';
import { decidePermissionCheck, decidePermissionRequest, decideWindowOpen, guardNavigation, refuseWebview } from '../../../main/electron/web-contents-guards';
import { APP_ORIGIN, isOpenableExternalUrl, isTrustedAppUrl, mainWindowOptions } from '../../../main/electron/window-options';
import { registerIpcRouter, type IpcInvokeEventLike } from '../../../main/ipc/ipc-router';
import { contentSecurityPolicy, webContentSecurityPolicy } from '../../../main/web/content-security-policy';

const root = resolve(__dirname, '../../..');
const source = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the main window options', () => {
  const options = mainWindowOptions('/opt/app/resources/app.asar/out/preload/index.cjs');
  const prefs: Record<string, unknown> = options.webPreferences;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ])('sets %s to %s explicitly', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink feature and turns middle-click new windows off', () => {
    expect(prefs.enableBlinkFeatures).toBe('');
    expect(String(prefs.disableBlinkFeatures).split(',')).toContain('Auxclick');
  });

  it('loads the preload it was given and nothing else from disk', () => {
    expect(prefs.preload).toBe('/opt/app/resources/app.asar/out/preload/index.cjs');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
  });
});

/** Directive name → sources, from a CSP header value. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

describe.each([
  ['the Electron renderer (app://)', contentSecurityPolicy("'self'")],
  ['web mode', webContentSecurityPolicy()],
])('the content security policy of %s', (_where, csp) => {
  const d = directives(csp);

  it("falls back to 'none' for anything not listed", () => {
    expect(d.get('default-src')).toEqual(["'none'"]);
  });

  it('runs only our own scripts: no eval, no inline script', () => {
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('wasm-unsafe-eval');
  });

  it('loads Monaco workers from our origin or blob: only', () => {
    expect(d.get('worker-src')?.sort()).toEqual(["'self'", 'blob:']);
  });

  it('names no remote source and no wildcard', () => {
    const remote = [...d.values()].flat().filter((s) => /^(https?:|wss?:|\*|\/\/)/.test(s) || s.includes('*'));
    expect(remote).toEqual([]);
  });

  it('forbids plugins, <base>, form posts and being framed', () => {
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('which URLs count as our own page', () => {
  it.each([`${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/`, `${APP_ORIGIN}/assets/x.js?y#z`])('trusts %s', (url) => {
    expect(isTrustedAppUrl(url)).toBe(true);
  });

  it.each([
    'app://workbench.evil.example/',
    'app://evil.example/workbench',
    'app://workbench:8080/',
    'app://user@evil/',
    'app:workbench',
    'http://workbench/',
    'https://workbench/',
    'file:///opt/app/resources/app.asar/out/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('does not trust %s', (url) => {
    expect(isTrustedAppUrl(url)).toBe(false);
  });
});

describe('which links may open in the system browser', () => {
  it.each(['https://github.com/krosk/fastswitch-notes', 'http://192.168.1.20:8080/', 'HTTPS://EXAMPLE.ORG/a b'])('opens %s', (url) => {
    expect(isOpenableExternalUrl(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'mailto:a@b.c',
    'app://workbench/index.html',
    'https://github.com@evil.example/',
    'https://user:pass@example.org/',
    'data:text/html,hi',
    '',
  ])('refuses %s', (url) => {
    expect(isOpenableExternalUrl(url)).toBe(false);
  });
});

const preventable = () => ({ preventDefault: vi.fn() });

describe('the web-contents guards', () => {
  it('lets the app navigate inside app://workbench and stops any other navigation', () => {
    const inside = preventable();
    expect(guardNavigation(inside, `${APP_ORIGIN}/sessions`)).toBe(true);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://elsewhere/']) {
      const outside = preventable();
      expect(guardNavigation(outside, url)).toBe(false);
      expect(outside.preventDefault).toHaveBeenCalledOnce();
    }
  });

  it('refuses every webview', () => {
    const event = preventable();
    refuseWebview(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('opens no window, and sends only an http(s) link from our own page to the system browser', () => {
    const openExternal = vi.fn();
    expect(decideWindowOpen({ url: 'https://example.org/', openerUrl: `${APP_ORIGIN}/index.html` }, openExternal)).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.org/');
    openExternal.mockClear();
    expect(decideWindowOpen({ url: 'file:///etc/passwd', openerUrl: `${APP_ORIGIN}/index.html` }, openExternal)).toEqual({ action: 'deny' });
    expect(decideWindowOpen({ url: `${APP_ORIGIN}/index.html`, openerUrl: `${APP_ORIGIN}/index.html` }, openExternal)).toEqual({ action: 'deny' });
    expect(decideWindowOpen({ url: 'https://example.org/', openerUrl: 'https://evil.example/' }, openExternal)).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it.each(['media', 'geolocation', 'notifications', 'serial', 'hid', 'usb', 'clipboard-read', 'openExternal', 'fullscreen'])('refuses the %s permission', (permission) => {
    const callback = vi.fn();
    decidePermissionRequest(permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(decidePermissionCheck()).toBe(false);
  });
});

describe('the IPC router', () => {
  function routerWith(dispatch = vi.fn(async () => ({ ok: true as const, result: 'done' }))) {
    let handler: ((event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>) | undefined;
    registerIpcRouter({ handle: (_channel, listener) => void (handler = listener), removeHandler: () => undefined }, dispatch, isTrustedAppUrl);
    return { call: (frame: IpcInvokeEventLike['senderFrame'], ...args: unknown[]) => handler!({ senderFrame: frame }, ...args), dispatch };
  }

  it('serves our own top-level page', async () => {
    const { call, dispatch } = routerWith();
    await expect(call({ url: `${APP_ORIGIN}/index.html`, parent: null }, 'devices.list', {})).resolves.toEqual({ ok: true, result: 'done' });
    expect(dispatch).toHaveBeenCalledWith('devices.list', {});
  });

  it.each([
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a sub-frame of our page', { url: `${APP_ORIGIN}/index.html`, parent: {} }],
    ['an unknown frame', null],
  ])('refuses %s before reading the payload', async (_who, frame) => {
    const { call, dispatch } = routerWith();
    await expect(call(frame, 'devices.list', {})).resolves.toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
});

const exposed = vi.hoisted(() => ({ worlds: [] as Array<[string, Record<string, unknown>]>, invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.worlds.push([key, api]) },
  ipcRenderer: { invoke: exposed.invoke, on: exposed.on, removeListener: exposed.removeListener },
}));

describe('the preload', () => {
  it('exposes window.workbench with call and subscribe, and nothing else', async () => {
    await import('../../../preload/index');
    expect(exposed.worlds.map(([key]) => key)).toEqual(['workbench']);
    const api = exposed.worlds[0]![1];
    expect(Object.keys(api).sort()).toEqual(['call', 'subscribe']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends calls on the one call channel and hands no Electron event to the page', async () => {
    await import('../../../preload/index');
    const api = exposed.worlds[0]![1] as { call: (m: string, p: unknown) => unknown; subscribe: (l: (...a: unknown[]) => void) => () => void };
    api.call('devices.list', { a: 1 });
    expect(exposed.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'devices.list', { a: 1 });
    const listener = vi.fn();
    const unsubscribe = api.subscribe(listener);
    const [channel, forward] = exposed.on.mock.calls[0] as [string, (...a: unknown[]) => void];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    forward({ sender: 'ipc event with sender' }, 'log.record', { text: 'x' });
    expect(listener).toHaveBeenCalledWith('log.record', { text: 'x' });
    unsubscribe();
    expect(exposed.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, forward);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|cjs|mjs|js)$/.test(e.name) ? [path] : [];
  });
}

/** What the checklist and electronegativity look for, over every source that ships. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'Node in a renderer'],
  [/contextIsolation\s*:\s*false/, 'context isolation off'],
  [/sandbox\s*:\s*false/, 'sandbox off'],
  [/webSecurity\s*:\s*false/, 'web security off'],
  [/allowRunningInsecureContent\s*:\s*true/, 'insecure content'],
  [/experimentalFeatures\s*:\s*true/, 'experimental features'],
  [/webviewTag\s*:\s*true/, 'webview tag'],
  [/bypassCSP\s*:\s*true/, 'a protocol that bypasses the CSP'],
  [/appendSwitch\(\s*['"](disable-web-security|ignore-certificate-errors|no-sandbox|remote-debugging-port|inspect)/, 'a dangerous Chromium switch'],
  [/setCertificateVerifyProc|['"]certificate-error['"]/, 'certificate checks overridden'],
  [/\.executeJavaScript\(|\binsertCSS\(/, 'code injected into a page'],
  [/\beval\(|new Function\(/, 'eval'],
  [/loadURL\(\s*[`'"]https?:/, 'remote content in a window'],
  [/ELECTRON_RUN_AS_NODE/, 'the app setting Node mode for itself'],
  [/dangerouslySetInnerHTML|\.innerHTML\s*=/, 'HTML injection in the renderer'],
];

describe('a static scan of main/, preload/, renderer/ and common/', () => {
  const files = ['main', 'preload', 'renderer', 'common'].flatMap(sourceFiles);

  it('finds the sources', () => {
    expect(files).toContain(join('main', 'index.ts'));
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN.map(([pattern, why]) => [why, pattern] as const))('finds no %s', (_why, pattern) => {
    const hits = files.filter((f) => pattern.test(source(f))).map((f) => relative(root, join(root, f)));
    expect(hits).toEqual([]);
  });

  it('calls shell.openExternal only from the hardening module', () => {
    expect(files.filter((f) => /shell\.openExternal\(/.test(source(f)))).toEqual([join('main', 'electron', 'harden-web-contents.ts')]);
  });
});

describe('the Electron entry wires the guards', () => {
  const entry = source('main/index.ts');
  const hardening = source('main/electron/harden-web-contents.ts');

  it('hardens every webContents before the app is ready', () => {
    expect(entry.indexOf('hardenWebContents()')).toBeGreaterThan(-1);
    expect(entry.indexOf('hardenWebContents()')).toBeLessThan(entry.indexOf('app.whenReady()'));
  });

  it.each([
    ["'will-navigate'", 'guardNavigation'],
    ["'will-frame-navigate'", 'guardNavigation'],
    ["'will-redirect'", 'guardNavigation'],
    ["'will-attach-webview'", 'refuseWebview'],
    ['setWindowOpenHandler(', 'decideWindowOpen'],
    ['setPermissionRequestHandler(', 'decidePermissionRequest'],
    ['setPermissionCheckHandler(', 'decidePermissionCheck'],
    ['setDevicePermissionHandler(', 'decidePermissionCheck'],
  ])('hands %s to %s', (hook, guard) => {
    const line = hardening.split('\n').find((l) => l.includes(hook));
    expect(line, `${hook} is not registered`).toBeDefined();
    expect(line).toContain(guard);
  });

  it('creates its window from mainWindowOptions and loads only app://', () => {
    expect(entry).toMatch(/new BrowserWindow\(mainWindowOptions\(/);
    expect(entry).toMatch(/loadURL\(`\$\{APP_ORIGIN\}\//);
  });

  it('serves the renderer with the CSP header and checks the IPC sender', () => {
    expect(entry).toMatch(/'content-security-policy': contentSecurityPolicy\(/);
    expect(entry).toMatch(/registerIpcRouter\(ipcMain, [^,]+, isTrustedAppUrl\)/);
  });
});

describe('the renderer page', () => {
  it('loads no remote script, style or image', () => {
    const html = source('renderer/index.html');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });
});
