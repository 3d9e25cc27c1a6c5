import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningWebServer } from '../../main/web/web-server';
import { screenshot, watchPageErrors, startBrowserRig, type BrowserRig } from '../support/browser';

type Marker = { line: number; column: number; endLine: number; endColumn: number; message: string; severity: number };

const markers = (page: Page) => page.evaluate(() => window.fswScriptEditor?.markers() ?? null) as Promise<Marker[] | null>;
const editorText = (page: Page) => page.evaluate(() => window.fswScriptEditor?.value() ?? null);

/**
 * Types one line key by key. The line break is inserted as text: Enter would
 * race the suggestion list, which may open a moment after the last key and
 * take the Enter to accept a suggestion instead.
 */
async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.insertText('\n');
}

describe('the script editor in a real browser', () => {
  let server: RunningWebServer;
  let browser: Browser;
  let rig: BrowserRig | undefined;

  beforeAll(async () => {
    rig = await startBrowserRig({ simSpeed: 'fast' });
    ({ server, browser } = rig);
  });
  afterAll(() => rig?.close());

  it('marks an error where it is, applies its quick fix, runs the script and shows the running line and the switches', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(server.url);
    await page.locator('[data-target="sim"] button', { hasText: 'Connect' }).click();
    await expect.poll(() => page.locator('[data-instance="jb"] .instance-status').textContent()).toBe('sleeping');
    await expect.poll(() => markers(page), { timeout: 15_000 }).toEqual([]);

    // Replace the starter script by typing; `1x` has no such unit.
    await page.locator('[data-testid="script-editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await typeLine(page, 'switch jb');
    await typeLine(page, 'wait 1x');
    await typeLine(page, 'switch ics');
    expect(await editorText(page)).toBe('switch jb\nwait 1x\nswitch ics\n');

    await expect.poll(() => markers(page)).toHaveLength(1);
    const [marker] = (await markers(page))!;
    expect(marker).toMatchObject({ line: 2, column: 6, endLine: 2, endColumn: 8, severity: 8 });
    expect(marker!.message).toContain("unknown time unit 'x'");
    // The squiggle is drawn on line 2 (Monaco draws markers as decorations in the view).
    await expect.poll(() => page.locator('[data-testid="script-editor"] .squiggly-error').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="diagnostics-summary"]').textContent()).toBe('1 error, 0 warnings');
    await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'editor-marker');

    // The checker's fix, through the quick-fix menu (Ctrl+.) at the marker.
    await page.locator('[data-testid="script-editor"] .view-line').nth(1).click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ControlOrMeta+Period');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "change to '1s'" });
    await fix.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(page)).toBe('switch jb\nwait 1s\nswitch ics\n');
    await expect.poll(() => markers(page)).toEqual([]);

    // Every line the running-line decoration visits, as the page draws it.
    await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-testid="script-editor"]')!;
      const seen: number[] = [];
      (window as unknown as { seenLines: number[] }).seenLines = seen;
      new MutationObserver(() => {
        const line = Number(host.dataset.runningLine);
        if (line && seen.at(-1) !== line) seen.push(line);
      }).observe(host, { attributes: true, attributeFilter: ['data-running-line'] });
    });
    const before = Number.parseInt((await page.locator('[data-testid="switch-count"]').textContent()) ?? '0', 10);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="script-status"]').textContent(), { timeout: 60_000 }).toMatch(/^finished/);
    await expect.poll(() => page.locator('[data-testid="switch-count"]').textContent()).toBe(`${before + 2} measured`);
    const seen = await page.evaluate(() => (window as unknown as { seenLines: number[] }).seenLines);
    expect(seen[0]).toBe(1);
    expect(seen).toContain(3);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    await expect.poll(() => page.locator('[data-instance="ics"] .instance-status').textContent()).toBe('running');
    await screenshot(page, 'editor-ran');
    expect(errors).toEqual([]);
  });

  it('completes instances, documents operations on hover, runs with Ctrl+Enter and the selection alone, opens and saves files and guards unsaved changes', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchPageErrors(page);
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    await page.goto(server.url);
    await expect.poll(() => page.locator('[data-testid="status-sim"]').textContent()).toBe('connected');
    await page.locator('[data-testid="script-editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');

    // Completion: the phone's instances after `switch `.
    await page.keyboard.type('switch ', { delay: 5 });
    const suggest = page.locator('.suggest-widget .monaco-list-row');
    await expect.poll(() => suggest.allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('ics'), expect.stringContaining('jb')]));
    await page.keyboard.press('Escape');
    await typeLine(page, 'jb');
    await page.keyboard.type('switch ics', { delay: 5 });
    await page.keyboard.press('Escape');
    await expect.poll(() => editorText(page)).toBe('switch jb\nswitch ics');

    // Hover over an operation (Ctrl+K Ctrl+I shows the hover at the cursor): what the kernel does and what is written.
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'On the phone' });
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('ControlOrMeta+K');
    await page.keyboard.press('ControlOrMeta+I');
    await expect.poll(() => hover.first().textContent(), { timeout: 10_000 }).toContain('echo "2 N" > /d/fsw/switch');
    await screenshot(page, 'editor-hover');
    await page.keyboard.press('Escape');

    // Ctrl+Enter runs everything; Ctrl+Shift+Enter only the selected line, whose running line is the script's line 2.
    await expect.poll(() => markers(page)).toEqual([]);
    const count = async () => Number.parseInt((await page.locator('[data-testid="switch-count"]').textContent()) ?? '0', 10);
    const before = await count();
    await page.locator('[data-testid="script-editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(count, { timeout: 60_000 }).toBe(before + 2);
    await expect.poll(() => page.locator('[data-testid="script-status"]').textContent()).toMatch(/^finished/);
    await page.locator('[data-testid="script-editor"] .view-line').nth(1).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-testid="script-editor"]')!;
      const seen: number[] = [];
      (window as unknown as { seenLines: number[] }).seenLines = seen;
      new MutationObserver(() => void (host.dataset.runningLine && seen.push(Number(host.dataset.runningLine)))).observe(host, { attributes: true, attributeFilter: ['data-running-line'] });
    });
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await expect.poll(count, { timeout: 60_000 }).toBe(before + 3);
    expect(await page.evaluate(() => (window as unknown as { seenLines: number[] }).seenLines)).toEqual([2]);

    // Save downloads the text as a .fsw file; the name loses its unsaved mark.
    await page.keyboard.press('End');
    await page.keyboard.type(' # edited', { delay: 5 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="script-file"]').textContent()).toBe('untitled.fsw •');
    const download = page.waitForEvent('download');
    await page.getByRole('region', { name: 'Script' }).getByRole('button', { name: 'Save' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('untitled.fsw');
    expect(readFileSync(await saved.path(), 'utf8')).toBe('switch jb\nswitch ics # edited');
    await expect.poll(() => page.locator('[data-testid="script-file"]').textContent()).toBe('untitled.fsw');

    // Opening another file over unsaved changes asks first; declining keeps the text.
    await page.locator('[data-testid="script-editor"] .view-lines').click();
    await page.keyboard.type('x', { delay: 5 });
    await page.keyboard.press('Escape');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Open…' }).click();
    await expect.poll(() => page.locator('[data-testid="script-file"]').textContent()).toBe('untitled.fsw •');
    page.once('dialog', (dialog) => void dialog.accept());
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
    await chooser.setFiles({ name: 'bench.fsw', mimeType: 'text/plain', buffer: Buffer.from('repeat 2 { switch jb; switch ics }\n') });
    await expect.poll(() => editorText(page)).toBe('repeat 2 { switch jb; switch ics }\n');
    await expect.poll(() => page.locator('[data-testid="script-file"]').textContent()).toBe('bench.fsw');

    // Monaco starts its editor worker only when a feature needs it; the one it would start loads under the CSP.
    const workerLoaded = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const worker = (self as unknown as { MonacoEnvironment: { getWorker: (id: string, label: string) => Worker } }).MonacoEnvironment.getWorker('probe', 'editorWorkerService');
          worker.addEventListener('error', (e) => resolve(`error: ${e.message}`));
          setTimeout(() => resolve('running'), 1000);
        }),
    );
    expect(workerLoaded).toBe('running');
    expect(page.workers().map((w) => new URL(w.url()).pathname)).toEqual(expect.arrayContaining([expect.stringMatching(/editor\.worker.*\.js$/)]));
    expect(warnings.filter((w) => /worker/i.test(w))).toEqual([]);
    expect(errors).toEqual([]);

    // Leaving the page with unsaved changes asks first: the beforeunload guard is armed only while the text is unsaved.
    // (Headless Chromium closes without showing that dialog, so the guard is checked through the event itself.)
    const leaveIsGuarded = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await leaveIsGuarded()).toBe(false);
    await page.locator('[data-testid="script-editor"] .view-lines').click();
    await page.keyboard.type('# more', { delay: 5 });
    await expect.poll(() => page.locator('[data-testid="script-file"]').textContent()).toBe('bench.fsw •');
    expect(await leaveIsGuarded()).toBe(true);
  });
});
