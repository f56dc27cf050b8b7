// A new version of the app, found while the old one is open: the page offers "Update",
// nothing changes until the user clicks it, and what they were typing survives the reload.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, untilOfflineReady, useAppSession } from './support.ts';

const session = useAppSession();

describe('app update', () => {
  it('waits for the user\'s click, then takes over and keeps what was being typed', async () => {
    const { page } = session;
    // Every message the page sends a service worker is recorded: the only way to make the waiting
    // version take over is the page asking it to (SKIP_WAITING).
    await page.addInitScript(() => {
      const sent: unknown[] = [];
      Object.assign(window, { sentToWorkers: sent });
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (this: ServiceWorker, ...args: Parameters<ServiceWorker['postMessage']>) {
        sent.push(args[0]);
        post.apply(this, args);
      } as ServiceWorker['postMessage'];
    });
    await page.goto(`${session.base}/`);
    await untilOfflineReady(page);

    // The server now has a new version of the service worker.
    appendFileSync(join(session.folder, 'sw.js'), '\n// a new release\n');
    await page.goto(`${session.base}/vouchers/new`);
    const update = page.getByRole('button', { name: 'Update' });
    await update.waitFor();
    await expectNoAxeViolations(page, 'voucher form with the update banner');
    await page.getByLabel('Voucher code').fill('SS07-TYPE-1234');
    await page.getByLabel('Notes (optional)').fill('half-written note');
    // Never forced: the app offers the update from the same handler that would force it, so by
    // now it has asked nothing of the new worker, which is still installed and waiting.
    const sentBeforeClick = (): Promise<unknown[]> => page.evaluate(() => (window as unknown as { sentToWorkers: unknown[] }).sentToWorkers);
    expect(await sentBeforeClick()).toEqual([]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');

    await Promise.all([page.waitForEvent('load'), update.click()]);
    await page.getByRole('heading', { name: 'Add a voucher' }).waitFor();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await page.getByRole('button', { name: 'Update' }).count()).toBe(0);
    expect(await page.getByLabel('Voucher code').inputValue()).toBe('SS07-TYPE-1234');
    expect(await page.getByLabel('Notes (optional)').inputValue()).toBe('half-written note');
  });
});
