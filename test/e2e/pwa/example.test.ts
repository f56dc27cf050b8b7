// "Try with an example" in Chromium, from the candidate's side: the sample is shown apart from
// their own vouchers, and clearing it brings their own back, unchanged.
import { describe, expect, it } from 'vitest';
import { FAILED_298_FILE, importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession();

describe('try with an example', () => {
  it('on a first visit, shows a sample history and clears it again', async () => {
    const { page } = session;
    await page.goto(`${session.base}/`);
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    await page.getByRole('button', { name: 'Try with an example' }).click();
    await page.getByRole('region', { name: 'Example' }).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(4);
    await page.getByText('Free retake available').first().waitFor();
    await page.getByRole('button', { name: 'Clear the example' }).click();
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    expect(await page.getByRole('region', { name: 'Example' }).count()).toBe(0);
  });

  it('puts the candidate\'s own vouchers aside, unchanged, and never mixes the sample into them', async () => {
    const { page } = session;
    await importHistoryFile(page, session.base, FAILED_298_FILE);
    const own = page.getByRole('article', { name: /SS07-ABCD-1234/ });
    await page.getByText('Retake opens tomorrow').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backup & link' }).click();
    await page.getByRole('button', { name: 'Try with an example' }).click();
    await page.getByRole('region', { name: 'Example' }).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(4);
    expect(await own.count()).toBe(0);
    // A change made while trying stays in the example.
    const first = page.getByRole('article').first();
    const code = (await first.getByRole('heading', { level: 2 }).textContent())?.split(' ')[0] ?? '';
    await page.getByRole('button', { name: `Delete voucher ${code}` }).click();
    await expect.poll(() => page.getByRole('article').count()).toBe(3);
    await page.reload();
    // A reload shows the candidate's own data again: the sample was only ever beside it.
    await own.waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    await page.getByText('Retake opens tomorrow').waitFor();
  });
});
