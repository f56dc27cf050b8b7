// The reminders the app and its service worker share: the ones worked out ahead for days the
// app may not be opened (shown by the service worker on a periodic background sync), and the
// ones already shown, so that a reminder shown by either is never shown again by the other.
// Its own database: the candidate's history is never opened by the service worker.

import { type DBSchema, openDB } from 'idb';
import type { IsoDate } from '../../shared/dates.ts';
import type { DatedReminder, Reminder } from '../../shared/reminders.ts';

export const REMINDERS_DB = 'second-shot-reminders';
/** The periodic sync the app registers and the service worker answers. */
export const REMINDER_SYNC_TAG = 'second-shot-reminders';

interface ReminderSchema extends DBSchema {
  ahead: { key: string; value: DatedReminder; indexes: { day: IsoDate } };
  /** Ids of the reminders shown; an id carries its day. */
  shown: { key: string; value: { id: string; day: IsoDate } };
}

const open = () =>
  openDB<ReminderSchema>(REMINDERS_DB, 1, {
    upgrade(db) {
      db.createObjectStore('ahead', { keyPath: 'id' }).createIndex('day', 'day');
      db.createObjectStore('shown', { keyPath: 'id' });
    },
  });

/**
 * Of `reminders` due on `today`, those not shown yet, now marked shown (in one transaction, so
 * the app and the service worker never both take the same one). Older marks are dropped.
 */
export async function takeUnshown(reminders: readonly Reminder[], today: IsoDate): Promise<Reminder[]> {
  const db = await open();
  try {
    const tx = db.transaction('shown', 'readwrite');
    const taken: Reminder[] = [];
    for (const mark of await tx.store.getAll()) if (mark.day < today) await tx.store.delete(mark.id);
    for (const reminder of reminders) {
      if (await tx.store.get(reminder.id)) continue;
      await tx.store.put({ id: reminder.id, day: today });
      taken.push(reminder);
    }
    await tx.done;
    return taken;
  } finally {
    db.close();
  }
}

/** Replaces the reminders worked out ahead (none when reminders are turned off). */
export async function keepAhead(reminders: readonly DatedReminder[]): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction('ahead', 'readwrite');
    await tx.store.clear();
    for (const reminder of reminders) await tx.store.put(reminder);
    await tx.done;
  } finally {
    db.close();
  }
}

/** The reminders worked out ahead for `today` that neither the app nor the service worker has shown. */
export async function takeDueAhead(today: IsoDate): Promise<Reminder[]> {
  const db = await open();
  let due: DatedReminder[];
  try {
    due = await db.getAllFromIndex('ahead', 'day', today);
  } finally {
    db.close();
  }
  return takeUnshown(due.map(({ id, title, message }) => ({ id, title, message })), today);
}
