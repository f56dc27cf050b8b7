// Hostile values in every text field of every candidate screen, in Chromium on a phone: very
// long, control characters, a right-to-left override, HTML. Nothing breaks (no script error,
// nothing wider than the screen, the screen still there) and nothing is injected or shown raw.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { untilOfflineReady, useAppSession } from './support.ts';

const session = useAppSession();

const HOSTILE = [
  `70-${'9'.repeat(20_000)}`,
  'SS07\u0000ABCD\u001b[31m1234\r\nX',
  '\u202Egnp.exe 70-298',
  '<img src=x onerror="window.__injected=1"><script>window.__injected=1</script>',
];

declare global {
  interface Window {
    __injected?: number;
  }
}

let errors: string[] = [];
beforeEach(() => {
  errors = [];
  session.page.on('pageerror', (error) => errors.push(error.message));
});

/** What must hold after any input: the screen is whole, fits, runs no script of the input's, and shows no raw control character. */
async function expectIntact(page: Page, where: string): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const seen = await page.evaluate(() => ({
    injected: window.__injected,
    elements: document.querySelectorAll('#app img, #app script, #app iframe').length,
    raw: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]/.test(document.body.innerText),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect({ where, ...seen, errors }).toEqual({ where, injected: undefined, elements: 0, raw: false, overflow: 0, errors: [] });
}

/** A long sweep, several screens per value: more time than one flow on a loaded machine. */
const SWEEP_MS = 150_000;

describe('hostile values', () => {
  it('in every text field of the voucher form', async () => {
    const { page, base } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/vouchers/new`);
    await page.getByLabel('Offer').selectOption('ms-second-shot-2007');
    for (const [n, value] of HOSTILE.entries()) {
      await page.getByLabel('Voucher code').fill(value);
      await page.getByLabel('Notes (optional)').fill(value);
      await page.getByRole('button', { name: 'Add voucher' }).click();
      await page.getByText(/^(One field needs|\d+ fields need) attention before saving\.$/).waitFor();
      await expectIntact(page, `voucher code ${n}`);
    }
    // A valid code beside hostile notes is saved, and the notes stay text.
    await page.getByLabel('Voucher code').fill('SS07-ABCD-1234');
    await page.getByLabel('Obtained on').fill('2007-10-01');
    await page.getByRole('button', { name: 'Add voucher' }).click();
    await page.getByRole('heading', { name: 'Your vouchers' }).waitFor();
    await expectIntact(page, 'dashboard after hostile notes');
  }, SWEEP_MS);

  it('in every text field of the attempt form, and on the dashboard after', async () => {
    const { page, base } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [n, value] of HOSTILE.entries()) {
      await page.goto(`${base}/attempts/new`);
      await page.getByRole('heading', { name: 'Record an exam attempt' }).waitFor();
      await page.getByLabel('Exam', { exact: true }).fill(value);
      await page.getByLabel('Test provider').selectOption('prometric');
      await page.getByLabel('Notes (optional)').fill(value);
      await page.getByLabel('Booked on').fill('2007-10-05');
      await page.getByLabel('Exam date').fill('2007-11-20');
      await page.getByRole('button', { name: 'Save attempt' }).click();
      // Refused, warned about, or saved: whichever, the app is whole.
      await page.getByRole('alert').filter({ hasText: /\S/ }).or(page.getByRole('heading', { name: 'Your vouchers' })).first().waitFor();
      await expectIntact(page, `attempt exam ${n}`);
      if (await page.getByRole('button', { name: 'Save anyway' }).count()) {
        await page.getByRole('button', { name: 'Save anyway' }).click();
        await page.getByRole('heading', { name: 'Your vouchers' }).waitFor();
        await expectIntact(page, `dashboard after attempt ${n}`);
      }
    }
  }, SWEEP_MS);

  it('in the exam field of "Can I book?"', async () => {
    const { page, base } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/check`);
    await page.getByLabel('Test provider').selectOption('prometric');
    for (const [n, value] of HOSTILE.entries()) {
      await page.getByLabel('Exam', { exact: true }).fill(value);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByRole('heading', { level: 2, name: /^Booking / }).waitFor();
      await expectIntact(page, `can I book ${n}`);
    }
  }, SWEEP_MS);

  it('in the address', async () => {
    const { page, base } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    // Once installed, the app itself answers every address (the server refuses one it cannot decode).
    await page.goto(`${base}/`);
    await untilOfflineReady(page);
    for (const path of [`/vouchers/${encodeURIComponent(HOSTILE[3] ?? '')}/edit`, `/attempts/${'%E0%A4%A'.repeat(500)}/edit`, `/vouchers/${encodeURIComponent(HOSTILE[1] ?? '')}/edit`]) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: /^No such / }).waitFor();
      await expectIntact(page, path.slice(0, 40));
    }
  }, SWEEP_MS);
});
