import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Workbench } from '../../main/services/workbench';
import type { RunningWebServer } from '../../main/web/web-server';
import { screenshot, watchPageErrors, startBrowserRig, type BrowserRig } from '../support/browser';

const SCRIPT = 'switch jb\nmark "warm"\nswitch ics\nswitch jb\nswitch ics\n';

/** Records one run through the service itself and resolves with its session id once the session is finished. */
async function recordThroughService(workbench: Workbench, tags: string[]): Promise<string> {
  const finished = new Promise<string>((resolve) => {
    const stop = workbench.hub.subscribe((name, payload) => {
      const change = payload as { id: string; change: string };
      if (name === 'sessions.changed' && change.change === 'finished') {
        stop();
        resolve(change.id);
      }
    });
  });
  const started = await workbench.dispatch('script.run', { text: SCRIPT, record: { tags } });
  if (!started.ok) throw new Error(started.error.message);
  return finished;
}

async function recordThroughUi(page: Page, tags: string): Promise<string> {
  const toggle = page.locator('[data-testid="record-toggle"]');
  if (!(await toggle.isChecked())) await toggle.check();
  await page.locator('[data-testid="record-tags"]').fill(tags);
  const recorded = page.locator('[data-testid="recorded-session"]');
  const previous = (await recorded.count()) ? await recorded.textContent() : null;
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The run answers with its new session's id at once; then it runs to the end.
  await expect.poll(async () => ((await recorded.count()) ? recorded.textContent() : null)).not.toBe(previous);
  await expect.poll(() => page.locator('[data-testid="script-status"]').textContent(), { timeout: 60_000 }).toMatch(/^finished · 4 switches/);
  const id = (await recorded.textContent())!.replace('recorded as ', '');
  await expect.poll(() => page.locator(`[data-testid="sessions-list"] tr[data-session="${id}"] .fsw-status`).textContent()).toBe('complete');
  return id;
}

describe('benchmark sessions in a real browser', () => {
  let workbench: Workbench;
  let server: RunningWebServer;
  let browser: Browser;
  let rig: BrowserRig | undefined;
  let sessionsDir: string;
  let fixtureId: string;

  beforeAll(async () => {
    rig = await startBrowserRig({ simSpeed: 'fast' });
    ({ workbench, server, browser, sessionsDir } = rig);
    const connected = await workbench.dispatch('targets.connect', { id: 'sim' });
    if (!connected.ok) throw new Error(connected.error.message);
    fixtureId = await recordThroughService(workbench, ['fixture']);
  });
  afterAll(() => rig?.close());

  it('records two runs, finds them by tag, opens one, compares them, re-runs one and deletes one after confirming', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(server.url);
    await expect.poll(() => page.locator('[data-testid="status-sim"]').textContent()).toBe('connected');
    await page.locator('[data-testid="script-editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(SCRIPT);

    const before = await recordThroughUi(page, 'before driver-x');
    const after = await recordThroughUi(page, 'after driver-x');
    const rows = page.locator('[data-testid="sessions-list"] tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator(`tr[data-session="${before}"] [data-cell="switches"]`).textContent()).toBe('4');
    await screenshot(page, 'sessions-list');

    // Tags filter, search narrows.
    await page.locator('[data-tag="driver-x"]').click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.locator('[data-testid="sessions-search"]').fill('after');
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.session))).toEqual([after]);
    await page.locator('[data-testid="sessions-search"]').fill('');
    await page.locator('[data-tag="driver-x"]').click();
    await expect.poll(() => rows.count()).toBe(3);

    // Open one: its summary, chart, exact script and log.
    await page.locator(`tr[data-session="${before}"] .fsw-link`).click();
    const view = page.locator('[data-testid="session-view"]');
    await expect.poll(() => view.getAttribute('data-session')).toBe(before);
    const totalCount = () => view.locator('[data-testid="session-summary"] tr[data-phase="total"] td').nth(1).textContent();
    expect(await totalCount()).toBe('4');
    // Statistics from the mark on leave the warm-up switch out.
    await view.locator('[data-testid="session-from"]').selectOption('warm');
    await expect.poll(totalCount).toBe('3');
    expect(await view.locator('[data-testid="session-script"]').textContent()).toBe(SCRIPT);
    await expect.poll(() => view.locator('[data-testid="session-chart"] .recharts-bar-rectangle').count()).toBe(12);
    expect(await view.locator('[data-testid="session-log"]').textContent()).toContain('Fastswitch: resumed from instance');
    await screenshot(page, 'sessions-open');
    await view.getByRole('button', { name: 'Close the session' }).click();

    // Compare B (after) against A (before).
    await page.locator(`tr[data-session="${before}"] input[type="checkbox"]`).check();
    await page.locator(`tr[data-session="${after}"] input[type="checkbox"]`).check();
    await page.getByRole('button', { name: 'Compare 2/2' }).click();
    const compare = page.locator('[data-testid="session-compare"]');
    await compare.waitFor();
    const total = compare.locator('[data-testid="compare-table"] tr[data-phase="total"]');
    expect(await total.locator('td').nth(1).textContent()).toBe('4');
    expect(await total.locator('td').nth(2).textContent()).toBe('4');
    expect(await total.locator('[data-cell="p"]').textContent()).toMatch(/^(<0\.001|\d\.\d{3})$/);
    expect(['slower', 'faster', 'unchanged']).toContain(await total.locator('[data-cell="verdict"]').textContent());
    await compare.locator('[data-testid="compare-from"]').selectOption('warm');
    await expect.poll(() => total.locator('td').nth(1).textContent()).toBe('3');
    expect(await total.locator('td').nth(2).textContent()).toBe('3');
    await expect.poll(() => compare.locator('[data-testid="compare-chart-a"] .recharts-bar-rectangle').count()).toBe(9);
    await compare.locator('[data-testid="compare-from"]').selectOption('');
    await expect.poll(() => total.locator('td').nth(1).textContent()).toBe('4');
    await expect.poll(() => compare.locator('[data-testid="compare-overlay"] .recharts-line').count()).toBe(2);
    await expect.poll(() => compare.locator('[data-testid="compare-chart-a"] .recharts-bar-rectangle').count()).toBe(12);
    await expect.poll(() => compare.locator('[data-testid="compare-chart-b"] .recharts-bar-rectangle').count()).toBe(12);
    await screenshot(page, 'sessions-compare');
    await compare.getByRole('button', { name: 'Close the comparison' }).click();

    // Re-run a session's script: it goes into the editor and runs, recorded as a new session with the same tags.
    await page.locator(`tr[data-session="${before}"] .fsw-link`).click();
    // The editor holds unsaved text, so loading the session's script asks first.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await view.getByRole('button', { name: 'Re-run script' }).click();
    await expect.poll(() => asked).toContain('unsaved changes');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(4);
    const rerun = page.locator('[data-testid="sessions-list"] tbody tr', { hasText: `re-run of ${before}` });
    await expect.poll(() => rerun.locator('.fsw-status').textContent(), { timeout: 60_000 }).toBe('complete');
    expect(await rerun.locator('[data-cell="switches"]').textContent()).toBe('4');
    expect(await rerun.locator('td').nth(5).textContent()).toBe('before, driver-x');
    expect(await page.evaluate(() => window.fswScriptEditor?.value())).toBe(SCRIPT);

    // Delete asks first: dismissing keeps the session, accepting removes it.
    await page.locator(`tr[data-session="${after}"] .fsw-link`).click();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await view.getByRole('button', { name: 'Delete…' }).click();
    expect(await rows.count()).toBe(4);
    page.once('dialog', (dialog) => void dialog.accept());
    await view.getByRole('button', { name: 'Delete…' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(existsSync(join(sessionsDir, after))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('exports an HTML report that opens with no network and shows its charts', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    await page.locator(`tr[data-session="${fixtureId}"] .fsw-link`).click();
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="session-view"] [data-export="html"]').click();
    const file = join(sessionsDir, 'report.html');
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(`${fixtureId}.html`);
    await saved.saveAs(file);

    const report = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    const requested: string[] = [];
    await report.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requested.push(url);
      return route.abort();
    });
    await report.context().setOffline(true);
    await report.goto(pathToFileURL(file).href);
    expect(await report.locator('h1').textContent()).toBe(`Fastswitch session ${fixtureId}`);
    // Two inline SVG charts: one bar of three segments per switch, and the histogram.
    const charts = report.locator('#charts svg');
    expect(await charts.count()).toBe(2);
    const firstChartShapes = await charts.first().locator('rect').count();
    expect(firstChartShapes).toBeGreaterThanOrEqual(4 * 3);
    expect(await report.locator('#script pre').textContent()).toBe(SCRIPT);
    expect(readFileSync(file, 'utf8')).not.toMatch(/<script|src="http|href="http/);
    await screenshot(report, 'sessions-html-report');
    expect(requested).toEqual([]);
  });
});
