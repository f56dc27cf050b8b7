// The app's own reminders in Chromium: off until the candidate turns them on, then today's
// reminders shown as the app's notifications, by the same rules as the extension's; on the
// days the app is not opened, by its service worker when the browser wakes it.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates.ts';
import { WAIT_MS } from '../../support/patience.ts';
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

const notificationTitles = (page: Page): Promise<string[]> =>
  page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title).sort());

/** Wakes the app's service worker as the browser does for Periodic Background Sync. */
async function periodicSync(context: BrowserContext, page: Page, base: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((found) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted);
      if (ours) found(ours.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: base, registrationId: await registrationId, tag: 'second-shot-reminders' });
  await cdp.detach();
}

describe('reminders in the app', () => {
  it('are off until turned on, then show today\'s reminders as notifications', async () => {
    const { page, context, base } = session;
    await context.grantPermissions(['notifications'], { origin: base });
    await importHistoryFile(page, base, DUE_TODAY);
    await page.getByText('Exam booked', { exact: true }).waitFor();
    await untilOfflineReady(page);
    const titles = (): Promise<string[]> => notificationTitles(page);
    expect(await titles()).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backup & link' }).click();
    await page.getByRole('status').filter({ hasText: 'Reminders are off.' }).waitFor();
    await page.getByRole('button', { name: 'Turn on reminders' }).click();
    await page.getByRole('status').filter({ hasText: 'Reminders are on for this browser.' }).waitFor();
    await expect.poll(titles).toEqual(['Exam 70-291 tomorrow', 'Your free retake of 70-298 opens today']);
  });

  it('are shown by the service worker on their day when the browser wakes it (Periodic Background Sync)', async () => {
    const { page, context, base } = session;
    await context.grantPermissions(['notifications'], { origin: base });
    await page.goto(base);
    await untilOfflineReady(page);
    // The browser's clock is faked for pages only: the service worker's day is the real one.
    const worker = context.serviceWorkers()[0];
    if (!worker) throw new Error('no service worker');
    const workerToday = await worker.evaluate(() => new Date().toLocaleDateString('en-CA'));
    await context.clock.setFixedTime(new Date(`${addDays(workerToday, -1)}T12:00:00Z`));
    await importHistoryFile(page, base, historyFile('ahead.json', {
      vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
      attempts: [{ id: 'a1', voucher: 'v1', exam: '70-291', provider: 'prometric', bookedOn: '2007-10-05', takenOn: addDays(workerToday, 1), result: 'scheduled' }],
    }));
    await page.getByText('Exam booked', { exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backup & link' }).click();
    await page.getByRole('button', { name: 'Turn on reminders' }).click();
    await page.getByRole('status').filter({ hasText: 'Reminders are on for this browser.' }).waitFor();
    // The app's day is the eve of the eve: only the service worker, on its day, has this reminder to show.
    // The app decides 90 days of reminders before keeping them: under CI's load that took over WAIT_MS.
    await expect
      .poll(async () => {
        await periodicSync(context, page, base);
        return notificationTitles(page);
      }, { timeout: 4 * WAIT_MS })
      .toEqual(['Exam 70-291 tomorrow']);
  });

  it('say so when the browser blocks notifications', async () => {
    const { page, base } = session;
    await page.goto(`${base}/backup`);
    await page.evaluate(() => Object.defineProperty(Notification, 'requestPermission', { value: () => Promise.resolve('denied') }));
    await page.getByRole('button', { name: 'Turn on reminders' }).click();
    await page.getByRole('status').filter({ hasText: 'This browser blocks notifications from Second Shot' }).waitFor();
  });
});
