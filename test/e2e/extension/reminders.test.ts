/// <reference types="chrome" />
// The extension's daily reminder check in real Chromium: its alarm fires and a notification is
// raised, on the date set as "check as of" (the faked today). The badge counts the vouchers
// that need the candidate to book, redrawn when the history, the date or the link changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { history, seed, type Session, startSession } from './support.ts';

const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const FAILED = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };
const RETAKE = { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-11-20', result: 'scheduled' as const };

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  await session?.close();
});

/** Fires the extension's own daily alarm now, as Chromium would once the day comes. */
async function fireDailyAlarm(): Promise<void> {
  await session.worker.evaluate(async () => {
    const daily = await chrome.alarms.get('second-shot/reminders');
    if (!daily) throw new Error('the daily reminder alarm is not set');
    await chrome.alarms.create('second-shot/reminders', { when: Date.now() + 50, periodInMinutes: daily.periodInMinutes ?? 1440 });
  });
}

const notifications = (): Promise<string[]> => session.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
const badge = (): Promise<string> => session.worker.evaluate(() => chrome.action.getBadgeText({}));

async function clearNotifications(): Promise<void> {
  await session.worker.evaluate(async () => {
    for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
  });
}

describe('reminders from the extension', () => {
  it('the day the retake opens: a notification, once, and the badge counts the voucher to book with', async () => {
    await seed(session, history([V1], [FAILED]), '2007-11-11');
    await fireDailyAlarm();
    await expect.poll(notifications).toEqual(['opens:v1:2007-11-11']);
    expect(await badge()).toBe('1');
    // The same day again: nothing shown twice. The check keeps only today's ids, so a stale id
    // left beside them is gone once the second check has run: that is the signal to look.
    await clearNotifications();
    await session.worker.evaluate(() => chrome.storage.local.set({ remindersShown: ['opens:v1:2007-11-11', 'stale:earlier-day'] }));
    await fireDailyAlarm();
    await expect.poll(() => session.worker.evaluate(async () => (await chrome.storage.local.get('remindersShown'))['remindersShown'])).toEqual(['opens:v1:2007-11-11']);
    expect(await notifications()).toEqual([]);
    expect(await badge()).toBe('1');
  });

  it('the day before the exam, and a week before the last day to book', async () => {
    await clearNotifications();
    await seed(session, history([V1], [FAILED, RETAKE]), '2007-11-19');
    await fireDailyAlarm();
    await expect.poll(notifications).toEqual(['exam:a2:2007-11-19']);
    await clearNotifications();
    await seed(session, history([V1], [FAILED]), '2008-06-23');
    await fireDailyAlarm();
    await expect.poll(notifications).toEqual(['deadline:v1:2008-06-23']);
  });

  it('the badge follows the history, the date and the link without waiting for the alarm', async () => {
    await clearNotifications();
    await seed(session, history([V1], [FAILED]), '2007-12-01');
    await expect.poll(badge).toBe('1');
    // The retake booked: nothing left to book.
    await seed(session, history([V1], [FAILED, RETAKE]), '2007-12-01');
    await expect.poll(badge).toBe('');
    // A waiting link request shows until it is answered.
    await session.worker.evaluate(() => chrome.storage.local.set({ link: { linkedOrigin: null, pairing: null, pending: { origin: 'http://localhost:4173', tabId: 1 }, conflicts: [], shared: [] } }));
    await expect.poll(badge).toBe('link');
    await session.worker.evaluate(() => chrome.storage.local.remove('link'));
    await expect.poll(badge).toBe('');
    // The offer over (checked as of a later date): nothing left to book with the voucher.
    await seed(session, history([V1], [FAILED]), '2008-06-30');
    await expect.poll(badge).toBe('1');
    await seed(session, history([V1], [FAILED]), '2008-07-01');
    await expect.poll(badge).toBe('');
    expect(await notifications()).toEqual([]);
  });
});
