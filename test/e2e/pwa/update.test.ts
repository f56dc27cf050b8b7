// A new version of the app, found while the old one is open: the page offers "Update",
// nothing changes until the user clicks it, and what they were typing survives the reload.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/chromium.ts';
import { BUILT_PWA, close, expectNoAxeViolations, newContext, serve, untilOfflineReady } from './support.ts';

let browser: Browser;
let server: Server | undefined;
let base = '';
let folder = '';

beforeAll(async () => {
  // A copy of the build, so that this test can publish a "new version" into it.
  folder = mkdtempSync(join(tmpdir(), 'second-shot-pwa-'));
  cpSync(BUILT_PWA, folder, { recursive: true });
  ({ server, base } = await serve(folder));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await close(server);
  if (folder) rmSync(folder, { recursive: true, force: true });
});


describe('app update', () => {
  it('waits for the user\'s click, then takes over and keeps what was being typed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await untilOfflineReady(page);

    // The server now has a new version of the service worker.
    appendFileSync(join(folder, 'sw.js'), '\n// a new release\n');
    await page.goto(`${base}/vouchers/new`);
    const update = page.getByRole('button', { name: 'Update' });
    await update.waitFor();
    await expectNoAxeViolations(page, 'voucher form with the update banner');
    await page.getByLabel('Voucher code').fill('SS07-TYPE-1234');
    await page.getByLabel('Notes (optional)').fill('half-written note');
    // Never forced: the new worker stays waiting while the user has not clicked.
    await page.waitForTimeout(1000);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

    await Promise.all([page.waitForEvent('load'), update.click()]);
    await page.getByRole('heading', { name: 'Add a voucher' }).waitFor();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await page.getByRole('button', { name: 'Update' }).count()).toBe(0);
    expect(await page.getByLabel('Voucher code').inputValue()).toBe('SS07-TYPE-1234');
    expect(await page.getByLabel('Notes (optional)').inputValue()).toBe('half-written note');
    await context.close();
  });
});
