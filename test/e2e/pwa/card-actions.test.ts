// The voucher card's actions in Chromium, from the candidate's side: copy the code, book at
// the provider's site, record a result in one tap, most urgent first, archive and show again.
import { describe, expect, it } from 'vitest';
import type { Attempt, AttemptResult } from '../../../shared/history/format.ts';
import { historyFile, importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession();

const voucher = (id: string, code: string, obtainedOn = '2007-10-01') => ({ id, code, offer: 'ms-second-shot-2007', obtainedOn });
const attempt = (id: string, voucherId: string, exam: string, takenOn: string, result: AttemptResult): Attempt => ({ id, voucher: voucherId, exam, provider: 'prometric', bookedOn: '2007-10-05', takenOn, result });

/** Today is 10 Nov 2007. Added in this order: passed (used), unused, retake to book, an exam yesterday with no result yet. */
const FOUR = historyFile('four.json', {
  vouchers: [voucher('v2', 'SS07-PASS-0002'), voucher('v3', 'SS07-FREE-0003', '2007-11-01'), voucher('v4', 'SS07-FAIL-0004'), voucher('v1', 'SS07-BOOK-0001')],
  attempts: [
    attempt('a2', 'v2', '70-290', '2007-10-20', 'pass'),
    attempt('a4', 'v4', '70-291', '2007-11-01', 'fail'),
    attempt('a1', 'v1', '70-298', '2007-11-09', 'scheduled'),
  ],
});

async function cardCodes(): Promise<string[]> {
  const headings = session.page.getByRole('article').getByRole('heading', { level: 2 });
  return (await headings.allTextContents()).map((text) => text.split(' ')[0] ?? '');
}

describe('card actions', () => {
  it('copies the voucher code and links to the booking site of the offer\'s provider', async () => {
    const { page, context, base } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await importHistoryFile(page, base, FOUR);
    const unused = page.getByRole('article', { name: /SS07-FREE-0003/ });
    await unused.getByText('Not used yet').waitFor();
    await unused.getByRole('button', { name: 'Copy code SS07-FREE-0003' }).click();
    await unused.getByRole('status').filter({ hasText: 'Copied SS07-FREE-0003' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('SS07-FREE-0003');
    // The 2007 offer covers Prometric only: its site, and no other.
    const book = unused.getByRole('link', { name: /^Book at/ });
    expect(await book.count()).toBe(1);
    expect(await book.textContent()).toContain('Book at Prometric');
    expect(await book.getAttribute('href')).toBe('https://www.prometric.com/Microsoft/Schedule/SelectExam.aspx');
    expect(await book.getAttribute('target')).toBe('_blank');
    // A used voucher has nothing to book.
    expect(await page.getByRole('article', { name: /SS07-PASS-0002/ }).getByRole('link', { name: /^Book at/ }).count()).toBe(0);
  });

  it('records the result of yesterday\'s exam in one tap', async () => {
    const { page, base } = session;
    await importHistoryFile(page, base, FOUR);
    const booked = page.getByRole('article', { name: /SS07-BOOK-0001/ });
    await booked.getByText('Record the result of 70-298, taken on 9 Nov 2007.').waitFor();
    // The retake's own scheduled exam is not here yet: only a past exam gets the buttons.
    await booked.getByRole('group', { name: 'Result of 70-298 on 9 Nov 2007' }).getByRole('button', { name: 'Failed' }).click();
    await booked.getByText('Free retake available').waitFor();
    expect(await booked.getByRole('group', { name: /^Result of/ }).count()).toBe(0);
  });

  it('shows the most urgent first on request, and keeps the choice', async () => {
    const { page, base } = session;
    await importHistoryFile(page, base, FOUR);
    await page.getByText('Record the result of 70-298, taken on 9 Nov 2007.').waitFor();
    expect(await cardCodes()).toEqual(['SS07-PASS-0002', 'SS07-FREE-0003', 'SS07-FAIL-0004', 'SS07-BOOK-0001']);
    await page.getByLabel('Order').selectOption({ label: 'Most urgent first' });
    // A result to record today, then the bookings due 30 Jun 2008 (as added), then the voucher used.
    await expect.poll(cardCodes).toEqual(['SS07-BOOK-0001', 'SS07-FREE-0003', 'SS07-FAIL-0004', 'SS07-PASS-0002']);
    await page.reload();
    await page.getByText('Record the result of 70-298, taken on 9 Nov 2007.').waitFor();
    expect(await cardCodes()).toEqual(['SS07-BOOK-0001', 'SS07-FREE-0003', 'SS07-FAIL-0004', 'SS07-PASS-0002']);
  });

  it('archives a used voucher out of the list and shows it again on request', async () => {
    const { page, base } = session;
    await importHistoryFile(page, base, FOUR);
    const used = page.getByRole('article', { name: /SS07-PASS-0002/ });
    await used.getByText('Passed: voucher used').waitFor();
    // Only a voucher with nothing left to do can be archived.
    expect(await page.getByRole('article', { name: /SS07-FREE-0003/ }).getByRole('button', { name: /^Archive/ }).count()).toBe(0);
    await used.getByRole('button', { name: 'Archive voucher SS07-PASS-0002' }).click();
    await expect.poll(() => used.count()).toBe(0);
    await expect.poll(() => page.getByRole('article').count()).toBe(3);
    // The focus does not fall back to the page with the card: it is on the way to see it again.
    const show = page.getByRole('button', { name: 'Show archived vouchers (1)' });
    await expect.poll(() => show.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await used.waitFor();
    await used.getByRole('button', { name: 'Unarchive voucher SS07-PASS-0002' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Show archived vouchers/ }).count()).toBe(0);
    expect(await page.getByRole('article').count()).toBe(4);
    // Unarchived, the card stays where it was and so does the focus, on its own button.
    await expect.poll(() => used.getByRole('button', { name: 'Archive voucher SS07-PASS-0002' }).evaluate((button) => button === document.activeElement)).toBe(true);
  });
});
