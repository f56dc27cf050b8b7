// The app's own reminders in Chromium: off until the candidate turns them on, then today's
// reminders shown as the app's notifications, by the same rules as the extension's.
import { describe, expect, it } from 'vitest';
import { historyFile, importHistoryFile, useAppSession, untilOfflineReady } from './support.ts';

const session = useAppSession();

/** Today is 10 Nov 2007: a retake that opens today, and an exam tomorrow. */
const DUE_TODAY = historyFile('due.json', {
  vouchers: [
    { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' },
    { id: 'v2', code: 'SS07-WXYZ-9876', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' },
  ],
  attempts: [
    { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-09', result: 'fail' },
    { id: 'a2', voucher: 'v2', exam: '70-291', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-11', result: 'scheduled' },
  ],
});

describe('reminders in the app', () => {
  it('are off until turned on, then show today\'s reminders as notifications', async () => {
    const { page, context, base } = session;
    await context.grantPermissions(['notifications'], { origin: base });
    await importHistoryFile(page, base, DUE_TODAY);
    await page.getByText('Exam booked', { exact: true }).waitFor();
    await untilOfflineReady(page);
    const titles = (): Promise<string[]> => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title).sort());
    expect(await titles()).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backup & link' }).click();
    await page.getByRole('status').filter({ hasText: 'Reminders are off.' }).waitFor();
    await page.getByRole('button', { name: 'Turn on reminders' }).click();
    await page.getByRole('status').filter({ hasText: 'Reminders are on for this browser.' }).waitFor();
    await expect.poll(titles).toEqual(['Exam 70-291 tomorrow', 'Your free retake of 70-298 opens today']);
  });

  it('say so when the browser blocks notifications', async () => {
    const { page, base } = session;
    await page.goto(`${base}/backup`);
    await page.evaluate(() => Object.defineProperty(Notification, 'requestPermission', { value: () => Promise.resolve('denied') }));
    await page.getByRole('button', { name: 'Turn on reminders' }).click();
    await page.getByRole('status').filter({ hasText: 'This browser blocks notifications from Second Shot' }).waitFor();
  });
});
