import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ScriptStatus } from '../../common/api/contract';
import type { Workbench } from '../../main/services/workbench';
import type { RunningWebServer } from '../../main/web/web-server';
import { screenshot, watchPageErrors, startBrowserRig, type BrowserRig } from '../support/browser';
import { qemuAvailable, qemuMissingReason } from '../support/qemu';

/**
 * The memory map against the QEMU target itself, not a recording: the
 * kernel boots in about ten seconds here, so the browser suite connects a
 * real machine from the connection area and reads its real blocks.
 */
describe.skipIf(!qemuAvailable)(`the memory map of a real kernel under QEMU ${qemuMissingReason}`, () => {
  let workbench: Workbench;
  let server: RunningWebServer;
  let browser: Browser;
  let rig: BrowserRig | undefined;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ workbench, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  /** Resolves with the next run's last word (finished, failed, stopped). */
  const nextRunEnd = () =>
    new Promise<ScriptStatus>((resolve) => {
      const off = workbench.hub.subscribe((name, payload) => {
        const status = payload as ScriptStatus;
        if (name === 'script.status' && ['finished', 'failed', 'stopped'].includes(status.state)) {
          off();
          resolve(status);
        }
      });
    });

  const runScript = async (text: string): Promise<ScriptStatus> => {
    const ended = nextRunEnd();
    const started = await workbench.dispatch('script.run', { text });
    if (!started.ok) throw new Error(started.error.message);
    return ended;
  };

  it('shows the running kernel’s blocks, a hot-added DIMM above the hole, and a refusal where the kernel said no', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(server.url);

    const target = page.locator('[data-target="qemu:pc"]');
    await expect.poll(() => target.locator('.target-label').textContent()).toMatch(/^QEMU pc/);
    await target.locator('button', { hasText: 'Connect' }).click();
    await expect.poll(() => page.locator('[data-testid="status-qemu:pc"]').textContent(), { timeout: 300_000, interval: 500 }).toBe('connected');
    await expect.poll(() => page.locator('[data-instance="linux"] .instance-status').textContent()).toBe('running');
    expect(await page.locator('[data-instance="linux"] .kernel').textContent()).toMatch(/^6\.\d+\.\d+-\d+-amd64$/);

    // -m 1G: memory0..memory7, 128 MiB each, online in the one kernel.
    const cells = page.locator('[data-testid="memory-map"] .memory-cell');
    await expect.poll(() => cells.evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.section}:${(e as HTMLElement).dataset.online}`))).toEqual(['0:1', '1:1', '2:1', '3:1', '4:1', '5:1', '6:1', '7:1']);
    expect(await page.locator('.memory-summary').textContent()).toBe('1 GiB from 0x00000000 · 8 sections of 128 MiB');

    // The untouched phone starter gave way to one this machine can run: two S3 cycles, then a DIMM plugged in over QMP and onlined.
    await expect.poll(() => page.evaluate(() => window.fswScriptEditor?.value() ?? null)).toMatch(/^# Suspend to RAM twice/);
    const starterRun = nextRunEnd();
    await page.getByRole('button', { name: 'Run', exact: true }).click({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-testid="switch-count"]').textContent(), { timeout: 120_000, interval: 500 }).toBe('2 measured');
    // Each cycle is a bar over the kernel's own work: suspend, the platform's part, resume (the time asleep is not on the printk clock).
    const bar = page.locator('[data-testid="switch-table"] tbody tr').last();
    const part = async (name: string) => Number.parseFloat((await bar.locator(`[data-part="${name}"]`).textContent()) ?? 'NaN');
    expect(await part('wakelockWait')).toBe(0);
    expect(await part('suspend')).toBeGreaterThan(0);
    expect(await part('resume')).toBeGreaterThan(0);
    expect(await starterRun).toMatchObject({ state: 'finished', switches: 2, expectationsMet: 1 });
    await expect.poll(() => page.locator('[data-dimm="extra"]').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.section}:${(e as HTMLElement).dataset.online}`)), { timeout: 60_000 }).toEqual(['32:1']);

    // The first boot block, which the kernel will not give up.
    const status = await runScript('offline block 0\n');
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/line 1: echo offline > \/sys\/devices\/system\/memory\/memory0\/state: (Invalid argument|Device or resource busy)/);

    // Between 1 GiB and 4 GiB there is no memory: the map says so rather than drawing blocks that do not exist.
    expect(await page.locator('[data-testid="memory-hole"]').textContent()).toContain('no memory up to 0xFFFFFFFF (3 GiB)');
    const first = page.locator('[data-section="0"]');
    expect(await first.getAttribute('data-refused')).toMatch(/^offline: (Invalid argument|Device or resource busy)$/);
    expect(await first.getAttribute('data-online')).toBe('1');
    await first.hover();
    expect(await page.locator('[data-testid="memory-hover"]').textContent()).toMatch(/memory0 · 0x00000000–0x07FFFFFF \(128 MiB\) .*the kernel refused: offline: /);
    await page.locator('[data-section="32"]').hover();
    expect(await page.locator('[data-testid="memory-hover"]').textContent()).toMatch(/memory32 · 0x100000000–0x107FFFFFF \(128 MiB\) · owned by linux · online in linux · movable · hot-added DIMM extra/);
    await screenshot(page, 'qemu-memory-map');
    expect(errors).toEqual([]);
  }, 400_000);
});
