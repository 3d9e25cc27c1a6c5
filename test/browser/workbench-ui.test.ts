import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Workbench } from '../../main/services/workbench';
import type { RunningWebServer } from '../../main/web/web-server';
import { RESULTS_DIR, screenshot, watchPageErrors, startBrowserRig, type BrowserRig } from '../support/browser';

/** The texts of the log rows on screen. */
const visibleLogTexts = (page: Page) => page.locator('[data-testid="log-lines"] .log-line .log-text').allTextContents();
const sectionOnline = (page: Page, index: number) => page.locator(`[data-section="${index}"]`).getAttribute('data-online');
const switchCount = async (page: Page) => Number.parseInt((await page.locator('[data-testid="switch-count"]').textContent()) ?? '0', 10);

/**
 * The workbench UI in Chromium through the web mode, on the simulator in
 * fast mode (a benchmark's switches take seconds, not minutes). The cases
 * run in order on one page, as a person would use it: connect, reserve,
 * benchmark, read the log, pick switches, type to the console, export.
 */
describe('the workbench UI in a real browser', () => {
  let workbench: Workbench;
  let server: RunningWebServer;
  let browser: Browser;
  let rig: BrowserRig | undefined;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    rig = await startBrowserRig({ simSpeed: 'fast' });
    ({ workbench, server, browser } = rig);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    errors = watchPageErrors(page);
    await page.goto(server.url);
  });
  afterAll(() => rig?.close());

  const runScript = async (text: string) => {
    const result = await workbench.dispatch('script.run', { text });
    if (!result.ok) throw new Error(result.error.message);
    const runId = (result.result as { runId: string }).runId;
    return runId;
  };
  const waitForScript = async (state = 'finished') =>
    expect.poll(() => page.locator('[data-testid="script-status"]').textContent(), { timeout: 60_000 }).toContain(state);

  it('connects the simulator and shows its instances and memory map', async () => {
    await page.locator('[data-target="sim"] button', { hasText: 'Connect' }).click();
    await expect.poll(() => page.locator('[data-testid="status-sim"]').textContent()).toBe('connected');
    await expect.poll(() => page.locator('[data-instance="jb"] .instance-status').textContent()).toBe('sleeping');
    await expect.poll(() => page.locator('[data-testid="memory-map"] .memory-cell').count()).toBe(64);
    // Carve-outs, the shared framebuffer section and the boot loader's ranges are marked.
    expect(await page.locator('.memory-cell.owner-reserved').count()).toBeGreaterThan(10);
    expect(await page.locator('.memory-cell.owner-shared').count()).toBeGreaterThan(0);
    expect(await page.locator('.memory-cell.bootloader-range').count()).toBeGreaterThan(0);
    await page.locator('[data-section="160"]').hover();
    await expect.poll(() => page.locator('[data-testid="memory-hover"]').textContent()).toContain('0xA0000000–0xA0FFFFFF');
    await screenshot(page, 'ui-connected');
  });

  it('redraws the memory map when a reserve takes sections offline', async () => {
    expect(await sectionOnline(page, 166)).toBe('1');
    await runScript('reserve 2 sections at 0xa6000000 for jb\n');
    await expect.poll(() => sectionOnline(page, 166), { timeout: 30_000 }).toBe('');
    expect(await sectionOnline(page, 167)).toBe('');
    expect(await sectionOnline(page, 168)).toBe('1');
    expect(await page.locator('.memory-cell.changed').count()).toBe(2);
    await page.locator('[data-section="166"]').hover();
    await expect.poll(() => page.locator('[data-testid="memory-hover"]').textContent()).toContain('offline everywhere');
    await waitForScript();
    await screenshot(page, 'ui-memory-reserve');
  });

  it('runs a benchmark script with progress, and the log fills and follows', async () => {
    await runScript('repeat 3 {\n  switch jb\n  wait 2s\n  switch ics\n  wait 2s\n}\n');
    await expect.poll(() => page.locator('[data-testid="progress"]').textContent(), { timeout: 10_000 }).toMatch(/\/ 6 switches/);
    await expect.poll(() => switchCount(page), { timeout: 60_000 }).toBe(6);
    await waitForScript();
    await expect.poll(() => page.locator('[data-testid="progress"]').textContent()).toContain('6 / 6 switches');
    expect(await page.locator('[data-testid="switch-chart"] .recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(6 * 3);

    const count = Number.parseInt(((await page.locator('[data-testid="log-count"]').textContent()) ?? '0').replace(/,/g, ''), 10);
    expect(count).toBeGreaterThan(100);
    // Following: the newest line is on screen.
    expect(await page.locator('[data-testid="follow"]').isChecked()).toBe(true);
    const newest = await page.locator('[data-testid="log-lines"] .log-line').evaluateAll((rows) => Math.max(...rows.map((r) => Number((r as HTMLElement).dataset.seq))));
    expect(newest).toBe(count - 1);
    await screenshot(page, 'ui-benchmark');

    // Scrolling up pauses following; End resumes it.
    await page.locator('[data-testid="log-lines"]').hover();
    await page.mouse.wheel(0, -600);
    await expect.poll(() => page.locator('[data-testid="follow"]').isChecked()).toBe(false);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-testid="follow"]').isChecked()).toBe(true);
  });

  it('filters the log by regular expression and by instance, and says when a regex is bad', async () => {
    const filter = page.locator('[data-testid="log-filter"]');
    await page.getByLabel('Regular expression').check();
    await filter.fill('PM: (suspend|resume) of devices complete');
    await expect.poll(async () => (await visibleLogTexts(page)).length).toBe(12);
    for (const text of await visibleLogTexts(page)) expect(text).toMatch(/PM: (suspend|resume) of devices complete/);
    await page.getByLabel('Instance').selectOption({ label: 'jb' });
    await expect.poll(async () => (await visibleLogTexts(page)).length).toBe(6);
    for (const name of await page.locator('[data-testid="log-lines"] .log-line .log-instance').allTextContents()) expect(name).toBe('jb');
    await screenshot(page, 'ui-log-filter');

    await filter.fill('PM: (suspend');
    await expect.poll(() => page.locator('[data-testid="filter-error"]').textContent()).toContain('Not a regular expression');
    // The last valid filter stays applied meanwhile.
    expect((await visibleLogTexts(page)).length).toBe(6);
    await screenshot(page, 'ui-log-bad-regex');
    await filter.fill('');
    await page.getByLabel('Instance').selectOption('all');
    await page.getByLabel('Regular expression').uncheck();
  });

  it('selects a switch from a line of the log, and shows its timeline', async () => {
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.locator('[data-testid="log-filter"]').fill('Fastswitch: resumed from instance');
    const row = page.locator('[data-testid="log-lines"] .log-line[data-switch="2"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    await expect.poll(() => page.locator('[data-testid="switch-timeline"] svg').getAttribute('aria-label')).toBe('Timeline of switch #2');
    await expect.poll(() => page.locator('[data-testid="switch-table"] tbody tr').getAttribute('data-switch-id')).toBe('2');
    expect(await page.locator('[data-testid="switch-timeline"] [data-phase="wakelockWait"]').count()).toBe(1);
    await page.locator('[data-testid="log-filter"]').fill('');
    // Unfiltered, the selected switch's lines are highlighted and its boundaries badged.
    await expect.poll(() => page.locator('.log-line.selected-switch').count()).toBeGreaterThan(0);
    await screenshot(page, 'ui-select-from-log');
  });

  it('selects a switch from a chart bar and reveals its lines in the log', async () => {
    await page.getByRole('tab', { name: 'Per switch' }).click();
    const bars = page.locator('[data-testid="switch-chart"] .recharts-bar-rectangle');
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(18);
    // The first stack of wakelock-wait bars is the first series: its 5th bar is switch #4.
    await page.locator('[data-testid="switch-chart"] .recharts-bar').first().locator('.recharts-bar-rectangle').nth(4).click();
    await expect.poll(() => page.locator('[data-testid="switch-table"] tbody tr').getAttribute('data-switch-id')).toBe('4');
    expect(await page.locator('[data-testid="follow"]').isChecked()).toBe(false);
    await expect.poll(() => page.locator('.log-line.selected-switch[data-switch="4"]').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('.log-line.boundary[data-switch="4"] .boundary-badge').count()).toBeGreaterThan(1);
    await page.locator('[data-testid="switch-chart"] .recharts-bar').first().locator('.recharts-bar-rectangle').nth(4).hover();
    await expect.poll(() => page.locator('.chart-tooltip').textContent()).toContain('blocking');
    await screenshot(page, 'ui-select-from-chart');
  });

  it('types into the UART console and sees the simulator echo', async () => {
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type('echo hello-from-the-uart\r');
    const text = () => page.locator('[data-testid="terminal"] .xterm-rows').textContent();
    // Typed characters echoed, then the command's output, then the prompt again.
    await expect.poll(async () => ((await text()) ?? '').split('hello-from-the-uart').length - 1, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await text()).toMatch(/root@android:\/ # /);
    await screenshot(page, 'ui-uart-echo');
    await page.getByLabel('Hex view').check();
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type('x');
    // The typed byte comes back as a hexdump row: offset, 78, |x|.
    await expect.poll(text).toMatch(/[0-9a-f]{8} {2}78 .*\|x\|/);
    await page.keyboard.press('Backspace');
    await page.getByLabel('Hex view').uncheck();
  });

  it('lets a person resize the areas, remembers the sizes, and lists the shortcuts', async () => {
    const width = () => page.locator('aside.connection').evaluate((el) => el.getBoundingClientRect().width);
    const before = await width();
    const handle = page.getByRole('separator', { name: 'Connection column' });
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(width).toBeGreaterThan(before + 60);
    const resized = await width();
    await page.reload();
    await expect.poll(width).toBeCloseTo(resized, 0);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await screenshot(page, 'ui-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await handle.dblclick();
    await expect.poll(width).toBeCloseTo(before, 0);
  });

  it('follows the system into dark mode', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect.poll(background).toBe('rgb(18, 20, 24)');
    await page.getByRole('tab', { name: 'Per switch' }).click();
    await screenshot(page, 'ui-dark');
    await page.getByLabel('Theme').selectOption('light');
    await expect.poll(background).toBe('rgb(238, 240, 243)');
    await page.getByLabel('Theme').selectOption('system');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('exports the distribution chart as SVG and PNG', async () => {
    await page.getByRole('tab', { name: 'Distribution' }).click();
    await expect.poll(() => page.locator('[data-testid="switch-chart"] svg.recharts-surface').count()).toBeGreaterThan(0);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    const svgPath = join(RESULTS_DIR, 'ui-export-distribution.svg');
    await svgDownload.saveAs(svgPath);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Distribution of switch totals (6 switches)');
    expect(svg).not.toContain('var(--');
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    const pngPath = join(RESULTS_DIR, 'ui-export-distribution.png');
    await pngDownload.saveAs(pngPath);
    expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG');
    await screenshot(page, 'ui-export');
    expect(errors).toEqual([]);
  });
});
