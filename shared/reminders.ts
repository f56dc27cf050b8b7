// What a candidate should be reminded of on a given day, whoever does the reminding (the
// extension's daily alarm, the app's notifications): a retake opening today, the last week
// and the last day to book, an exam tomorrow.

import { addDays, daysBetween, formatDate, type IsoDate } from './dates.ts';
import { checkStatus, type StatusResult } from './engine/evaluate.ts';
import type { RuleSet } from './engine/ruleset.ts';
import type { History } from './history/format.ts';

export interface Reminder {
  /** The same reminder on the same day has the same id: it is shown once. */
  id: string;
  title: string;
  message: string;
}

/** Days before a deadline on which to remind: a week to arrange things, a day to act. */
export const DEADLINE_REMINDERS = [7, 1] as const;

/** A reminder and the day it is due. */
export interface DatedReminder extends Reminder {
  day: IsoDate;
}

/** The reminders due on `today`, by the engine's answers for today (and yesterday, to see what opens today). */
export async function remindersOn(ruleSet: RuleSet, history: History, today: IsoDate): Promise<Reminder[]> {
  const [now, yesterday] = await Promise.all([checkStatus(ruleSet, history, today), checkStatus(ruleSet, history, addDays(today, -1))]);
  const opensToday = new Set(yesterday.filter((s) => s.status === 'retake-waiting' && s.opensOn === today).map((s) => s.voucherId));
  return dueReminders(now, opensToday, history, today);
}

/**
 * The reminders due on the days after `today` (up to `horizonDays` ahead), for whoever shows them
 * when the app is not open. The days that can carry one come from today's answers (a week and a
 * day before each deadline, the day a retake opens, the eve of each scheduled exam); the engine
 * decides each of those days as it would on the day. A changed history is worked out again.
 */
export async function remindersAhead(ruleSet: RuleSet, history: History, today: IsoDate, horizonDays: number): Promise<DatedReminder[]> {
  const days = new Set<IsoDate>();
  for (const status of await checkStatus(ruleSet, history, today)) {
    if (status.deadline) DEADLINE_REMINDERS.forEach((before) => days.add(addDays(status.deadline ?? today, -before)));
    if (status.status === 'retake-waiting' && status.opensOn) days.add(status.opensOn);
  }
  for (const attempt of history.attempts) if (attempt.result === 'scheduled') days.add(addDays(attempt.takenOn, -1));
  const ahead = [...days].filter((day) => day > today && daysBetween(today, day) <= horizonDays).sort();
  const reminders: DatedReminder[] = [];
  for (const day of ahead) for (const reminder of await remindersOn(ruleSet, history, day)) reminders.push({ ...reminder, day });
  return reminders;
}

function dueReminders(statuses: readonly StatusResult[], opensToday: ReadonlySet<string>, history: History, today: IsoDate): Reminder[] {
  const reminders: Reminder[] = [];
  for (const status of statuses) {
    const exam = status.exam ? ` of ${status.exam}` : '';
    if (opensToday.has(status.voucherId) && status.status === 'retake-available') {
      reminders.push({ id: `opens:${status.voucherId}:${today}`, title: `Your ${status.retakeName}${exam} opens today`, message: status.nextStep });
    }
    const booking = status.status === 'unused' || status.status === 'retake-available' || status.status === 'retake-waiting';
    const left = booking && status.deadline ? daysBetween(today, status.deadline) : null;
    if (left !== null && (DEADLINE_REMINDERS as readonly number[]).includes(left)) {
      const what = status.status === 'unused' ? `your first exam with voucher ${status.voucher}` : `your ${status.retakeName}${exam}`;
      reminders.push({
        id: `deadline:${status.voucherId}:${today}`,
        title: `${left === 1 ? '1 day' : `${left} days`} left to book ${what}`,
        message: `The last day to book is ${formatDate(status.deadline ?? today)}. ${status.nextStep}`,
      });
    }
  }
  const tomorrow = addDays(today, 1);
  for (const attempt of history.attempts) {
    if (attempt.result !== 'scheduled' || attempt.takenOn !== tomorrow) continue;
    reminders.push({ id: `exam:${attempt.id}:${today}`, title: `Exam ${attempt.exam} tomorrow`, message: `Your ${attempt.exam} exam is on ${formatDate(attempt.takenOn)}.` });
  }
  return reminders;
}
