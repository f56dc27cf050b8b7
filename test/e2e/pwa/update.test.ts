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
    // Never forced: the new worker stays waiting while the user has not clicked.
    await page.waitForTimeout(1000);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

    await Promise.all([page.waitForEvent('load'), update.click()]);
    await page.getByRole('heading', { name: 'Add a voucher' }).waitFor();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await page.getByRole('button', { name: 'Update' }).count()).toBe(0);
    expect(await page.getByLabel('Voucher code').inputValue()).toBe('SS07-TYPE-1234');
    expect(await page.getByLabel('Notes (optional)').inputValue()).toBe('half-written note');
  });
});
