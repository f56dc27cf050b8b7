// The app's own reminders, for candidates who turn them on: while the app is open, and each
// time it comes back to the screen (a new day is noticed then), the reminders due today by the
// same rules as the extension's (shared/reminders.ts) are shown as notifications, each once.
import type { IsoDate } from '../shared/dates.ts';
import type { Reminder } from '../shared/reminders.ts';
import type { AppModel } from './model.ts';

const OPT_IN_KEY = 'second-shot:reminders';
/** Ids of the reminders already shown (ids carry their day, so only today's are kept). */
const SHOWN_KEY = 'second-shot:reminders-shown';

export type ReminderSetting = 'on' | 'off' | 'blocked' | 'unsupported';

/** The running checks, to run at once when reminders are turned on. */
const checks = new Set<() => void>();

export function reminderSetting(): ReminderSetting {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(OPT_IN_KEY) === 'on' ? 'on' : 'off';
}

/** Asks the browser (on the candidate's click) and turns the reminders on when it agrees. */
export async function turnOnReminders(): Promise<ReminderSetting> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'blocked';
  if (permission !== 'granted') return 'off';
  localStorage.setItem(OPT_IN_KEY, 'on');
  checks.forEach((check) => check());
  return 'on';
}

export function turnOffReminders(): void {
  localStorage.removeItem(OPT_IN_KEY);
}

function shownToday(today: IsoDate): Set<string> {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(SHOWN_KEY) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id.endsWith(`:${today}`)) : []);
  } catch {
    return new Set();
  }
}

async function show(reminder: Reminder): Promise<void> {
  // Through the service worker where there is one (Chrome on Android only shows those).
  const registration = 'serviceWorker' in navigator && navigator.serviceWorker ? await navigator.serviceWorker.getRegistration() : undefined;
  const options = { body: reminder.message, tag: reminder.id, icon: '/icons/icon-192.png' };
  if (registration) await registration.showNotification(reminder.title, options);
  else new Notification(reminder.title, options);
}

/**
 * Follows the app's state: whenever its history, rules or day change (and the candidate turned
 * reminders on), the reminders due today that were not shown yet are shown. The engine is
 * loaded only then, never for the first render. Not for a sample history being tried.
 */
export function startAppReminders(model: AppModel): () => void {
  let checked: unknown[] = [];
  const check = async (): Promise<void> => {
    const { history, rules, today, example } = model.state;
    if (!history || !rules || example || reminderSetting() !== 'on') return;
    const inputs = [history, rules, today];
    if (inputs.every((input, i) => input === checked[i])) return;
    checked = inputs;
    const { remindersOn } = await import('../shared/reminders.ts');
    const shown = shownToday(today);
    for (const reminder of await remindersOn(rules.ruleSet, history, today)) {
      if (shown.has(reminder.id)) continue;
      await show(reminder);
      shown.add(reminder.id);
      localStorage.setItem(SHOWN_KEY, JSON.stringify([...shown]));
    }
  };
  const run = (): void => void check().catch(() => undefined);
  run();
  checks.add(run);
  const unsubscribe = model.subscribe(run);
  return () => {
    checks.delete(run);
    unsubscribe();
  };
}

