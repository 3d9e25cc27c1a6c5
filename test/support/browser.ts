import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createWorkbench, type CreateWorkbenchOptions } from '../../main/services/create-workbench';
import type { Workbench } from '../../main/services/workbench';
import { startWebServer, type RunningWebServer } from '../../main/web/web-server';

/** Debian's Chromium (PITFALLS: playwright cannot download browsers here). Playwright gives each launch a fresh profile. */
export const CHROMIUM = process.env.FSW_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
export const RESULTS_DIR = resolve(__dirname, '../../test-results');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Collects console errors and failed requests so a test can assert the page ran clean. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** The service in web mode, its web server on a free port, and Chromium: what every browser test runs against. */
export interface BrowserRig {
  workbench: Workbench;
  server: RunningWebServer;
  browser: Browser;
  /** A fresh folder for the sessions the test records, removed by close(). */
  sessionsDir: string;
  close(): Promise<void>;
}

/** Starts a rig over the built renderer; `options` go to createWorkbench (default: no adb, sessions in `sessionsDir`). */
export async function startBrowserRig(options: Omit<CreateWorkbenchOptions, 'transport' | 'sessionsDir'> = {}): Promise<BrowserRig> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`No built renderer in ${RENDERER_DIR}: run npm run build first (npm test does).`);
  const sessionsDir = mkdtempSync(join(tmpdir(), 'fsw-browser-sessions-'));
  const workbench = createWorkbench({ transport: 'web', sessionsDir, adb: false, ...options });
  let server: RunningWebServer | undefined;
  let browser: Browser;
  try {
    server = await startWebServer({ dispatch: workbench.dispatch, hub: workbench.hub, rendererDir: RENDERER_DIR, port: 0 });
    browser = await launchChromium();
  } catch (error) {
    await server?.close();
    await workbench.close();
    rmSync(sessionsDir, { recursive: true, force: true });
    throw error;
  }
  return {
    workbench,
    server,
    browser,
    sessionsDir,
    close: async () => {
      await browser.close();
      await server.close();
      await workbench.close();
      rmSync(sessionsDir, { recursive: true, force: true });
    },
  };
}
