// "Today" is the device's own calendar date: at noon UTC on 10 Nov 2007 it is already
// 11 Nov in Auckland, where the free retake of an exam failed on the 10th is open.
import { describe, expect, it } from 'vitest';
import { serializeHistory } from '../../../shared/history/format.ts';
import { useAppSession } from './support.ts';

const session = useAppSession('2007-11-10T12:00:00Z', 'Pacific/Auckland');

const history = serializeHistory({
  format: 'second-shot/history',
  version: 1,
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
});

describe('today', () => {
  it('is the calendar date where the device is', async () => {
    const { page } = session;
    await page.goto(`${session.base}/backup`);
    await page.getByLabel('History file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(history) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('link', { name: 'Vouchers' }).click();
    await page.getByText('Book your free retake of 70-298 now; the offer ends 30 Jun 2008.').waitFor();
    expect(await page.getByRole('img', { name: /^Timeline:/ }).getAttribute('aria-label')).toContain('Today 11 Nov 2007');
  });
});
