// The app's own reminders, for candidates who turn them on: while the app is open, and each
// time it comes back to the screen (a new day is noticed then), the reminders due today by the
// same rules as the extension's (shared/reminders.ts) are shown as notifications, each once.
// Where the browser has Periodic Background Sync (an installed app in Chrome), the reminders of
// the coming days are worked out too, and the service worker shows them on their day.
import type { Reminder } from '../shared/reminders.ts';
import type { AppModel } from './model.ts';
import { keepAhead, REMINDER_SYNC_TAG, takeUnshown } from './storage/reminder-store.ts';

const OPT_IN_KEY = 'second-shot:reminders';
/** How far ahead reminders are worked out: the app is opened again well before, or the candidate has moved on. */
const AHEAD_DAYS = 90;
/** The browser wakes the service worker at most this often; daily is what reminders need. */
const SYNC_INTERVAL_MS = 12 * 60 * 60 * 1000;

export type ReminderSetting = 'on' | 'off' | 'blocked' | 'unsupported';

/** The running checks, to run at once when reminders are turned on. */
const checks = new Set<() => void>();
/** Counts the times reminders were turned on: turned on again, everything is checked again. */
let timesTurnedOn = 0;
/** Checks under way, which turning off waits for, so none keeps reminders or wake-ups after it. */
const inFlight = new Set<Promise<void>>();

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
  timesTurnedOn++;
  checks.forEach((check) => check());
  return 'on';
}

/** Resolves when no check is under way. */
export async function remindersSettled(): Promise<void> {
  await Promise.all(inFlight);
}

export async function turnOffReminders(): Promise<void> {
  localStorage.removeItem(OPT_IN_KEY);
  await remindersSettled();
  await keepAhead([]);
  await (await periodicSync())?.unregister(REMINDER_SYNC_TAG);
}

/** The part of the Periodic Background Sync API used here (not in TypeScript's DOM types yet). */
interface PeriodicSyncManager {
  register(tag: string, options: { minInterval: number }): Promise<void>;
  unregister(tag: string): Promise<void>;
}

function isPeriodicSyncManager(value: unknown): value is PeriodicSyncManager {
  return typeof value === 'object' && value !== null && 'register' in value && typeof value.register === 'function' && 'unregister' in value && typeof value.unregister === 'function';
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  return 'serviceWorker' in navigator && navigator.serviceWorker ? navigator.serviceWorker.getRegistration() : undefined;
}

async function periodicSync(): Promise<PeriodicSyncManager | undefined> {
  const current = await registration();
  const manager: unknown = current && 'periodicSync' in current ? current.periodicSync : undefined;
  return isPeriodicSyncManager(manager) ? manager : undefined;
}

/**
 * Asks the browser to wake the service worker about daily, and says whether this browser can
 * at all. The browser decides (Chrome: only for an installed app, and it may say no now and yes
 * later), so the reminders ahead are kept wherever the API exists, granted or not yet.
 */
async function wakeServiceWorker(): Promise<boolean> {
  const manager = await periodicSync();
  await manager?.register(REMINDER_SYNC_TAG, { minInterval: SYNC_INTERVAL_MS }).catch(() => undefined);
  return manager !== undefined;
}

async function show(reminder: Reminder): Promise<void> {
  // Through the service worker where there is one (Chrome on Android only shows those).
  const current = await registration();
  const options = { body: reminder.message, tag: reminder.id, icon: '/icons/icon-192.png' };
  if (current) await current.showNotification(reminder.title, options);
  else new Notification(reminder.title, options);
}

/**
 * Follows the app's state: whenever its history, rules or day change (and the candidate turned
 * reminders on), the reminders due today that were not shown yet are shown, and those of the
 * coming days kept for the service worker. The engine is loaded only then, never for the first
 * render. Not for a sample history being tried.
 */
export function startAppReminders(model: AppModel): () => void {
  let checked: unknown[] = [];
  const check = async (): Promise<void> => {
    const { history, rules, today, example } = model.state;
    // Called on every change of the app's state: the opt-in (read in the page) before the permission.
    if (!history || !rules || example || localStorage.getItem(OPT_IN_KEY) !== 'on' || reminderSetting() !== 'on') return;
    const inputs = [history, rules, today, timesTurnedOn];
    if (inputs.every((input, i) => input === checked[i])) return;
    checked = inputs;
    const { remindersAhead, remindersOn } = await import('../shared/reminders.ts');
    for (const reminder of await takeUnshown(await remindersOn(rules.ruleSet, history, today), today)) await show(reminder);
    if (await wakeServiceWorker()) await keepAhead(await remindersAhead(rules.ruleSet, history, today, AHEAD_DAYS));
  };
  const run = (): void => {
    const checking = check().catch(() => undefined);
    inFlight.add(checking);
    void checking.finally(() => inFlight.delete(checking));
  };
  run();
  checks.add(run);
  const unsubscribe = model.subscribe(run);
  return () => {
    checks.delete(run);
    unsubscribe();
  };
}

