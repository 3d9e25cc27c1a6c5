import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningWebServer } from '../../main/web/web-server';
import { screenshot, watchPageErrors, startBrowserRig, type BrowserRig } from '../support/browser';

/** Every log text the virtualised list shows, scrolled through from top to bottom. */
async function allLogTexts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="log-lines"]');
    if (!scroller) return [];
    const seen = new Map<number, string>();
    const collect = () => {
      for (const row of scroller.querySelectorAll<HTMLElement>('.log-line')) seen.set(Number(row.dataset.seq), row.querySelector('.log-text')?.textContent ?? '');
    };
    for (let top = 0; top <= scroller.scrollHeight; top += scroller.clientHeight / 2) {
      scroller.scrollTop = top;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      collect();
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  });
}

describe('the first switch, end to end in a real browser', () => {
  let server: RunningWebServer;
  let browser: Browser;
  let rig: BrowserRig | undefined;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ server, browser } = rig);
  });
  afterAll(() => rig?.close());

  it('connects the simulator, switches to jb, shows the log and one bar split into wakelock wait and suspend/resume', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(server.url);

    await page.locator('[data-target="sim"] button', { hasText: 'Connect' }).click();
    await expect.poll(() => page.locator('[data-testid="status-sim"]').textContent()).toBe('connected');
    await expect.poll(() => page.locator('[data-instance="jb"] .instance-status').textContent()).toBe('sleeping');

    await page.getByRole('button', { name: 'Switch to jb' }).click();
    await expect.poll(() => page.locator('[data-testid="switch-count"]').textContent(), { timeout: 60_000 }).toBe('1 measured');
    await expect.poll(() => page.locator('[data-instance="jb"] .instance-status').textContent(), { timeout: 30_000 }).toBe('running');

    const texts = await allLogTexts(page);
    expect(texts.some((t) => t.includes('Fastswitch: [switch] trying suspend'))).toBe(true);
    expect(texts.some((t) => t.includes('PM: suspend of devices complete after'))).toBe(true);
    expect(texts.some((t) => t.includes('Fastswitch: resumed from instance 1 to instance 2'))).toBe(true);
    expect(texts.some((t) => t.includes('PM: resume of devices complete after'))).toBe(true);

    // One bar, two parts, and the parts add up to the switch's total.
    const row = page.locator('[data-testid="switch-table"] tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const part = async (name: string) => Number.parseFloat((await row.locator(`[data-part="${name}"]`).textContent()) ?? 'NaN');
    const wait = await part('wakelockWait');
    const total = await part('total');
    const rest = total - wait;
    expect(wait).toBeGreaterThan(0);
    expect(rest).toBeGreaterThan(0);
    // Suspend and resume inside the rest, the platform's hand-over making up the difference.
    expect((await part('suspend')) + (await part('resume'))).toBeLessThanOrEqual(rest + 0.1);

    // The bar is stacked wakelock wait | suspend | hand-over | resume: the wait part and the rest are drawn in the proportion of the figures.
    const series = page.locator('[data-testid="switch-chart"] .recharts-bar');
    await expect.poll(() => series.count()).toBe(4);
    const heights = await series.evaluateAll((groups) =>
      groups.map((g) => [...g.querySelectorAll('.recharts-bar-rectangle path')].reduce((sum, p) => sum + (p as SVGGraphicsElement).getBBox().height, 0)),
    );
    const [waitPx, ...restPx] = heights as [number, ...number[]];
    const allPx = waitPx + restPx.reduce((a, b) => a + b, 0);
    expect(waitPx).toBeGreaterThan(0);
    expect(Math.abs(waitPx / allPx - wait / total)).toBeLessThan(4 / allPx + 0.01);

    await screenshot(page, 'first-switch');
    expect(errors).toEqual([]);
  });
});
