// The app's reminders: only once turned on, each reminder once a day, never for a sample history.
import { cleanup, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remindersSettled, startAppReminders, turnOffReminders, turnOnReminders } from '../../../pwa/notify.ts';
import { REMINDER_SYNC_TAG, REMINDERS_DB, takeDueAhead } from '../../../pwa/storage/reminder-store.ts';
import { example, renderApp } from './support.tsx';

const shown: string[] = [];

/** The browser's notifications, as far as the app can tell: permission given, each one recorded. */
class RecordedNotification {
  static permission: NotificationPermission = 'granted';
  static requestPermission = (): Promise<NotificationPermission> => Promise.resolve('granted');
  constructor(title: string) {
    shown.push(title);
  }
}

beforeEach(async () => {
  shown.length = 0;
  localStorage.clear();
  await new Promise((done) => {
    const request = indexedDB.deleteDatabase(REMINDERS_DB);
    request.onsuccess = request.onerror = done;
  });
  Object.defineProperty(globalThis, 'Notification', { value: RecordedNotification, configurable: true });
  Object.defineProperty(navigator, 'serviceWorker', { value: undefined, configurable: true });
});
afterEach(cleanup);

const dueToday = {
  ...example,
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-11', result: 'scheduled' as const }],
};

describe('app reminders', () => {
  it('show nothing until turned on, then each reminder due today once, even after a reload', async () => {
    const first = await renderApp({ history: dueToday, today: '2007-11-10' });
    const stop = startAppReminders(first.model);
    await first.findByText('Take 70-298 on 11 Nov 2007.');
    expect(shown).toEqual([]);
    await turnOnReminders();
    await waitFor(() => expect(shown).toEqual(['Exam 70-298 tomorrow']));
    stop();
    cleanup();
    const again = await renderApp({ history: dueToday, today: '2007-11-10' });
    const stopAgain = startAppReminders(again.model);
    await again.findByText('Take 70-298 on 11 Nov 2007.');
    // A change made now is checked too; the reminder already shown today is not shown again.
    await again.model.saveVoucher({ id: 'v3', code: 'SS07-NEWW-0003', offer: 'ms-second-shot-2007', obtainedOn: '2007-11-01' });
    await again.findByRole('heading', { name: /SS07-NEWW-0003/ });
    expect(shown).toEqual(['Exam 70-298 tomorrow']);
    stopAgain();
  });

  it('are not shown for a sample history being tried', async () => {
    localStorage.setItem('second-shot:reminders', 'on');
    const { model, findByText } = await renderApp({ history: { ...example, attempts: [] }, today: '2007-11-10' });
    const stop = startAppReminders(model);
    const sample = { ...dueToday, attempts: [{ ...dueToday.attempts[0]!, id: 'a9', exam: '70-291' }] };
    await model.tryExample(sample);
    await findByText('Take 70-291 on 11 Nov 2007.');
    await model.leaveExample();
    // The candidate's own exam tomorrow is reminded of: checks ran, and the sample's exam was never among them.
    await model.saveAttempt(dueToday.attempts[0]!);
    await waitFor(() => expect(shown).toContain('Exam 70-298 tomorrow'));
    expect(shown).toEqual(['Exam 70-298 tomorrow']);
    stop();
  });
});

describe('app reminders on the days the app is not opened (Periodic Background Sync)', () => {
  /** A service worker registration in a browser that has Periodic Background Sync but refuses it for now. */
  function registrationWithPeriodicSync(): { tags: Set<string> } {
    const tags = new Set<string>();
    const periodicSync = {
      register: (tag: string) => {
        tags.add(tag);
        return Promise.reject(new DOMException('Permission denied.', 'NotAllowedError'));
      },
      unregister: (tag: string) => Promise.resolve(void tags.delete(tag)),
    };
    const registration = { periodicSync, showNotification: (title: string) => Promise.resolve(void shown.push(title)) };
    Object.defineProperty(navigator, 'serviceWorker', { value: { getRegistration: () => Promise.resolve(registration) }, configurable: true });
    return { tags };
  }

  it('keep the coming days\' reminders for the service worker, asked for daily even when the browser says not yet', async () => {
    const { tags } = registrationWithPeriodicSync();
    const { model, findByText } = await renderApp({ history: dueToday, today: '2007-11-09' });
    const stop = startAppReminders(model);
    await findByText('Take 70-298 on 11 Nov 2007.');
    await turnOnReminders();
    await waitFor(async () => expect((await takeDueAhead('2007-11-10')).map((r) => r.title)).toEqual(['Exam 70-298 tomorrow']));
    expect(tags).toEqual(new Set([REMINDER_SYNC_TAG]));
    expect(shown).toEqual([]);
    stop();
  });

  it('turned off: nothing kept, no more wake-ups', async () => {
    const { tags } = registrationWithPeriodicSync();
    const twoExams = { ...dueToday, attempts: [...dueToday.attempts, { ...dueToday.attempts[0]!, id: 'a2', exam: '70-291', takenOn: '2007-11-13' }] };
    const { model } = await renderApp({ history: twoExams, today: '2007-11-09' });
    const stop = startAppReminders(model);
    await turnOnReminders();
    await waitFor(async () => expect((await takeDueAhead('2007-11-10')).map((r) => r.title)).toEqual(['Exam 70-298 tomorrow']));
    await turnOffReminders();
    expect(tags.size).toBe(0);
    expect(await takeDueAhead('2007-11-12')).toEqual([]);
    // Turned off while the reminders are still being worked out: none is kept when that ends.
    await turnOnReminders();
    await turnOffReminders();
    await remindersSettled();
    expect(tags.size).toBe(0);
    expect(await takeDueAhead('2007-11-12')).toEqual([]);
    // Turned on again, the same day and history: kept again.
    await turnOnReminders();
    await remindersSettled();
    expect(tags.size).toBe(1);
    expect((await takeDueAhead('2007-11-12')).map((r) => r.title)).toEqual(['Exam 70-291 tomorrow']);
    stop();
  });
});
