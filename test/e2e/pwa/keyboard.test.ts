// The main flow with the keyboard alone, in Chromium: add a voucher, record a failed exam with
// it, see the retake, then delete everything, with focus always somewhere sensible.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppSession } from './support.ts';

const session = useAppSession();

/** The focused element as a keyboard user meets it: its label, or its text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as (HTMLElement & { labels?: NodeListOf<HTMLLabelElement> | null }) | null;
    if (!element || element === document.body) return '';
    return (element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '').trim();
  });
}

/** Presses Tab until the element with this name has the focus (as a keyboard user would). */
async function tabTo(page: Page, name: string): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === name) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached "${name}"; it went through: ${seen.join(' | ')}`);
}

describe('keyboard only', () => {
  it('adds a voucher and a failed attempt, then deletes everything, never losing the focus', async () => {
    const { page } = session;
    await page.goto(`${session.base}/`);
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    await tabTo(page, 'Add your first voucher');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Add a voucher' }).waitFor();
    await tabTo(page, 'Offer');
    // A closed list takes the first letters of an option, as on any page.
    await page.keyboard.type('Microsoft Second Shot, 2007');
    expect(await page.getByLabel('Offer').inputValue()).toBe('ms-second-shot-2007');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Voucher code');
    await page.keyboard.type('ss07 abcd 1234');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Obtained on');
    await page.keyboard.type('10012007');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your vouchers' }).waitFor();

    await tabTo(page, 'Record an attempt with SS07-ABCD-1234');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Record an exam attempt' }).waitFor();
    await tabTo(page, 'Exam');
    await page.keyboard.type('70-298');
    await tabTo(page, 'Booked on');
    await page.keyboard.type('10052007');
    // Tab goes through a date's parts (month, day, year) before leaving it.
    await tabTo(page, 'Exam date');
    await page.keyboard.type('11102007');
    await tabTo(page, 'Result');
    await page.keyboard.type('Failed');
    await tabTo(page, 'Save attempt');
    await page.keyboard.press('Enter');
    await page.getByText('Retake opens tomorrow').waitFor();

    await tabTo(page, 'Backup & link');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Delete all data…');
    await page.keyboard.press('Enter');
    // Asked to confirm, the focus is on the answer that keeps the data.
    await expect.poll(() => focused(page)).toBe('Keep my data');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Yes, delete everything');
    await page.keyboard.press('Enter');
    // The buttons are gone: the focus is on what happened, and goes on from there.
    await expect.poll(() => focused(page)).toBe('All vouchers and attempts were deleted from this device.');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Delete all data…');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).waitFor();
  });
});
