// Entries that cannot silently forfeit a retake, from the candidate's side in Chromium.
import { describe, expect, it } from 'vitest';
import { FAILED_298_FILE, importHistoryFile, untilOfflineReady, useAppSession } from './support.ts';

const session = useAppSession();

async function importFailed298(): Promise<void> {
  const { page } = session;
  await importHistoryFile(page, session.base, FAILED_298_FILE);
  await page.getByText('Retake opens tomorrow').waitFor();
}

describe('entries', () => {
  it('recording an attempt from a voucher pre-fills the offer\'s only provider and the voucher\'s exam', async () => {
    const { page } = session;
    await importFailed298();
    await page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
    await page.getByRole('heading', { name: 'Record an exam attempt' }).waitFor();
    expect(await page.getByLabel('Test provider').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('Prometric');
    expect(await page.getByLabel('Exam', { exact: true }).inputValue()).toBe('70-298');
    await page.getByLabel('Booked on').fill('2007-11-11');
    await page.getByLabel('Exam date').fill('2007-11-20');
    await page.getByRole('button', { name: 'Save attempt' }).click();
    await page.getByRole('heading', { name: 'Your vouchers' }).waitFor();
    await page.getByText('Take 70-298 on 20 Nov 2007.').waitFor();
  });

  it('refuses a "Failed" for an exam dated after today', async () => {
    const { page } = session;
    await importFailed298();
    await page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
    await page.getByLabel('Exam date').fill('2007-11-20');
    await page.getByLabel('Result').selectOption({ label: 'Failed' });
    await page.getByRole('button', { name: 'Save attempt' }).click();
    await page.getByText('The exam on 20 Nov 2007 has not happened yet (today is 10 Nov 2007), so its result can only be Scheduled for now.').waitFor();
    expect(await page.getByLabel('Result').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('heading', { name: 'Record an exam attempt' }).isVisible()).toBe(true);
  });

  it('"Can I book?" starts from the provider the candidate\'s voucher allows and answers "Free retake"', async () => {
    const { page } = session;
    await importFailed298();
    await page.getByRole('link', { name: 'Can I book?' }).click();
    await page.getByLabel('Exam', { exact: true }).fill('70-298');
    await page.getByLabel('Booking date').fill('2007-11-11');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'Voucher SS07-ABCD-1234: Free retake' }).waitFor();
  });

  it('takes a voucher code typed in lower case with spaces, saved as the offer prints it', async () => {
    const { page } = session;
    await page.goto(`${session.base}/vouchers/new`);
    await page.getByLabel('Offer').selectOption('ms-second-shot-2007');
    await page.getByLabel('Voucher code').fill('ss07 abcd 1234');
    await page.getByLabel('Obtained on').fill('2007-10-01');
    await page.getByRole('button', { name: 'Add voucher' }).click();
    await page.getByRole('heading', { name: /SS07-ABCD-1234/ }).waitFor();
  });

  it('says in one sentence what a retake booked with another provider would cost, and saves it only on "Save anyway"', async () => {
    const { page } = session;
    await importFailed298();
    await page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
    await page.getByLabel('Test provider').selectOption({ label: 'Pearson VUE' });
    await page.getByLabel('Exam date').fill('2007-11-20');
    await page.getByRole('button', { name: 'Save attempt' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'would not pay for this booking' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Second Shot 2007–2008 covers exams booked with Prometric only');
    await page.getByLabel('Test provider').selectOption({ label: 'Prometric' });
    await warning.waitFor({ state: 'detached' });
    await page.getByLabel('Test provider').selectOption({ label: 'Pearson VUE' });
    await page.getByRole('button', { name: 'Save attempt' }).click();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByRole('heading', { name: 'Your vouchers' }).waitFor();
    await page.getByText(/70-298 at Pearson VUE, exam on 20 Nov 2007/).waitFor();
  });

  it('"70298" gets "Did you mean 70-298?"; a zero-width space in a pasted code changes nothing', async () => {
    const { page } = session;
    await importFailed298();
    await page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
    const exam = page.getByLabel('Exam', { exact: true });
    await exam.fill('70298');
    await page.getByText('Did you mean 70-298?').waitFor();
    await page.getByRole('button', { name: 'Use 70-298' }).click();
    expect(await exam.inputValue()).toBe('70-298');
    await exam.fill('70-\u200B298');
    expect(await page.getByText(/Did you mean/).count()).toBe(0);
    await page.getByLabel('Booked on').fill('2007-11-11');
    await page.getByLabel('Exam date').fill('2007-11-20');
    await page.getByRole('button', { name: 'Save attempt' }).click();
    await page.getByText('Take 70-298 on 20 Nov 2007.').waitFor();
    expect(await page.getByRole('heading', { name: 'SS07-ABCD-1234 · 70-298' }).isVisible()).toBe(true);
  });

  it('a retake saved anyway on another exam: the card says what happened, in candidate words', async () => {
    const { page } = session;
    await importFailed298();
    await page.getByRole('link', { name: 'Record an attempt with SS07-ABCD-1234' }).click();
    await page.getByLabel('Exam', { exact: true }).fill('70-291');
    await page.getByLabel('Booked on').fill('2007-11-10');
    await page.getByLabel('Exam date').fill('2007-11-10');
    await page.getByLabel('Result').selectOption({ label: 'Failed' });
    await page.getByRole('button', { name: 'Save attempt' }).click();
    await page.getByRole('alert').filter({ hasText: 'This voucher is for 70-298, not 70-291' }).waitFor();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    const card = page.getByRole('article', { name: /SS07-ABCD-1234/ });
    await card.getByText('Retake used on another exam').waitFor();
    expect(await card.textContent()).not.toMatch(/ms-second-shot-2007|prometric|#\//);
  });

  it('a malformed address shows "No such page" instead of a blank app, on a first visit as on a later one', async () => {
    const { page } = session;
    const malformed = `${session.base}/vouchers/%E0%A4%A/edit`;
    // First visit: the server hands the address to the app.
    await page.goto(malformed);
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
    // Later: the installed app answers every address itself (the service worker serves its shell).
    await untilOfflineReady(page);
    await page.goto(malformed);
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).click();
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
  });
});
