// "Today" is the device's own calendar date: at noon UTC on 10 Nov 2007 it is already
// 11 Nov in Auckland, where the free retake of an exam failed on the 10th is open.
import { describe, expect, it } from 'vitest';
import { FAILED_298_FILE, useAppSession } from './support.ts';

const session = useAppSession('2007-11-10T12:00:00Z', 'Pacific/Auckland');

describe('today', () => {
  it('is the calendar date where the device is', async () => {
    const { page } = session;
    await page.goto(`${session.base}/backup`);
    // A file can be chosen once the rules are loaded; on a loaded machine that takes a while.
    await page.locator('#import-file:enabled').waitFor();
    await page.getByLabel('History file').setInputFiles(FAILED_298_FILE);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('link', { name: 'Vouchers' }).click();
    await page.getByText('Book your free retake of 70-298 by 30 Jun 2008.').waitFor();
    expect(await page.getByRole('img', { name: /^Timeline:/ }).getAttribute('aria-label')).toContain('Today 11 Nov 2007');
  });
});
