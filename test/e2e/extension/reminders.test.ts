/// <reference types="chrome" />
// The extension's daily reminder check in real Chromium: its alarm fires, a notification is
// raised and the badge counts what is due, on the date set as "check as of" (the faked today).
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
  it('the day the retake opens: a notification and the badge, once', async () => {
    await seed(session, history([V1], [FAILED]), '2007-11-11');
    await fireDailyAlarm();
    await expect.poll(notifications).toEqual(['opens:v1:2007-11-11']);
    expect(await badge()).toBe('1');
    // The same day again: nothing shown twice.
    await clearNotifications();
    await fireDailyAlarm();
    await expect.poll(badge).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await notifications()).toEqual([]);
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

  it('nothing due: no notification, and the badge is cleared', async () => {
    await clearNotifications();
    await seed(session, history([V1], [FAILED]), '2007-12-01');
    await fireDailyAlarm();
    await expect.poll(badge).toBe('');
    expect(await notifications()).toEqual([]);
  });
});
