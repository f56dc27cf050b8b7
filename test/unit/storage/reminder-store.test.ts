// The reminders the app and its service worker share: each shown once by whichever shows it first.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DatedReminder } from '../../../shared/reminders.ts';
import { keepAhead, REMINDERS_DB, takeDueAhead, takeUnshown } from '../../../pwa/storage/reminder-store.ts';

const reminder = (id: string, day: string): DatedReminder => ({ id: `${id}:${day}`, title: `Title ${id}`, message: `Message ${id}`, day });
const undated = ({ id, title, message }: DatedReminder) => ({ id, title, message });

beforeEach(async () => {
  await new Promise((done) => {
    const request = indexedDB.deleteDatabase(REMINDERS_DB);
    request.onsuccess = request.onerror = done;
  });
});

describe('reminder store', () => {
  it('gives each reminder of the day once', async () => {
    const due = [reminder('a', '2007-11-11'), reminder('b', '2007-11-11')].map(undated);
    expect(await takeUnshown(due, '2007-11-11')).toEqual(due);
    expect(await takeUnshown(due, '2007-11-11')).toEqual([]);
    const later = reminder('c', '2007-11-11');
    expect(await takeUnshown([...due, undated(later)], '2007-11-11')).toEqual([undated(later)]);
  });

  it('the service worker takes the reminders kept for its day only, and not one the app already showed', async () => {
    const tomorrow = [reminder('a', '2007-11-11'), reminder('b', '2007-11-11')];
    await keepAhead([...tomorrow, reminder('c', '2007-11-12')]);
    await takeUnshown([undated(tomorrow[0]!)], '2007-11-11');
    expect(await takeDueAhead('2007-11-10')).toEqual([]);
    expect(await takeDueAhead('2007-11-11')).toEqual([undated(tomorrow[1]!)]);
    expect(await takeDueAhead('2007-11-11')).toEqual([]);
    expect(await takeDueAhead('2007-11-12')).toEqual([undated(reminder('c', '2007-11-12'))]);
  });

  it('keeping reminders ahead replaces the ones kept before (none once reminders are off)', async () => {
    await keepAhead([reminder('a', '2007-11-11')]);
    await keepAhead([reminder('b', '2007-11-11')]);
    expect(await takeDueAhead('2007-11-11')).toEqual([undated(reminder('b', '2007-11-11'))]);
    await keepAhead([reminder('c', '2007-11-12')]);
    await keepAhead([]);
    expect(await takeDueAhead('2007-11-12')).toEqual([]);
  });

  it('forgets the marks of past days', async () => {
    const a = undated(reminder('a', '2007-11-11'));
    await takeUnshown([a], '2007-11-11');
    await takeUnshown([], '2007-11-12');
    // Not a real case (ids carry their day), but it shows the old mark is gone.
    expect(await takeUnshown([a], '2007-11-12')).toEqual([a]);
  });
});
