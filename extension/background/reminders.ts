// Reminders from the extension, which runs whether or not the app is open: a daily alarm
// checks the history (as of the "check as of" date when one is set) and raises a notification
// for a retake opening today, a week and a day left to book, an exam tomorrow. Each reminder
// is shown once per day. A new day may change what needs action: the badge (badge.ts) is redrawn.

import { remindersOn } from '../../shared/reminders.ts';
import { updateBadge } from './badge.ts';
import { today } from './booking.ts';
import { rulesInForce } from './rules.ts';
import { readHistory } from './store.ts';

export const REMINDER_ALARM = 'second-shot/reminders';
const DAY_MINUTES = 24 * 60;
const SHOWN = 'remindersShown';

async function remind(): Promise<void> {
  const ruleSet = await rulesInForce();
  const on = await today();
  const due = await remindersOn(ruleSet, await readHistory(ruleSet), on);
  const stored = (await chrome.storage.local.get(SHOWN))[SHOWN];
  const shown = new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  const iconUrl = chrome.runtime.getURL(chrome.runtime.getManifest().icons?.['128'] ?? '');
  for (const reminder of due) {
    if (shown.has(reminder.id)) continue;
    await chrome.notifications.create(reminder.id, { type: 'basic', iconUrl, title: reminder.title, message: reminder.message, priority: 1 });
  }
  // Only today's ids are kept: the list never grows.
  await chrome.storage.local.set({ [SHOWN]: due.map((r) => r.id) });
  await updateBadge();
}

function remindSafely(): void {
  remind().catch((error: unknown) => console.warn(`Second Shot could not check for reminders: ${error instanceof Error ? error.message : String(error)}`));
}

/** The daily check: on every alarm, and when the service worker starts (a missed day is caught up). */
export function registerReminders(): void {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM) remindSafely();
  });
  void chrome.alarms.get(REMINDER_ALARM).then((alarm) => {
    if (!alarm) void chrome.alarms.create(REMINDER_ALARM, { periodInMinutes: DAY_MINUTES, delayInMinutes: 1 });
  });
  remindSafely();
}
