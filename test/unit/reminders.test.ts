import { describe, expect, it } from 'vitest';
import type { History } from '../../shared/history/format.ts';
import { remindersAhead, remindersOn } from '../../shared/reminders.ts';
import { shippedRuleSet } from '../support/rules.ts';


const failed: History = {
  format: 'second-shot/history',
  version: 1,
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
};

async function titlesOn(history: History, today: string): Promise<string[]> {
  return (await remindersOn(shippedRuleSet(), history, today)).map((r) => r.title);
}

describe('reminders', () => {
  it('on the day the retake opens, a week and a day before the last day to book, and nothing between', async () => {
    expect(await titlesOn(failed, '2007-11-11')).toEqual(['Your free retake of 70-298 opens today']);
    expect(await titlesOn(failed, '2007-11-12')).toEqual([]);
    expect(await titlesOn(failed, '2008-06-23')).toEqual(['7 days left to book your free retake of 70-298']);
    expect(await titlesOn(failed, '2008-06-29')).toEqual(['1 day left to book your free retake of 70-298']);
    expect(await titlesOn(failed, '2008-06-30')).toEqual([]);
  });

  it('the day before a scheduled exam', async () => {
    const booked: History = { ...failed, attempts: [...failed.attempts, { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-11-20', result: 'scheduled' }] };
    expect(await titlesOn(booked, '2007-11-19')).toEqual(['Exam 70-298 tomorrow']);
    expect(await titlesOn(booked, '2007-11-20')).toEqual([]);
  });

  it('an unused voucher: a week before its first exam must be booked', async () => {
    expect(await titlesOn({ ...failed, attempts: [] }, '2008-06-23')).toEqual(['7 days left to book your first exam with voucher SS07-ABCD-1234']);
  });
});

describe('reminders ahead, for the days the app is not opened', () => {
  it('each day that carries a reminder after today, with the engine\'s reminders of that day', async () => {
    const ahead = await remindersAhead(shippedRuleSet(), failed, '2007-11-10', 366);
    expect(ahead.map((r) => [r.day, r.title])).toEqual([
      ['2007-11-11', 'Your free retake of 70-298 opens today'],
      ['2008-06-23', '7 days left to book your free retake of 70-298'],
      ['2008-06-29', '1 day left to book your free retake of 70-298'],
    ]);
    // The same reminders as asked on the day itself.
    for (const reminder of ahead) expect(await remindersOn(shippedRuleSet(), failed, reminder.day)).toContainEqual({ id: reminder.id, title: reminder.title, message: reminder.message });
  });

  it('only within the horizon, never today or before', async () => {
    expect((await remindersAhead(shippedRuleSet(), failed, '2007-11-10', 1)).map((r) => r.day)).toEqual(['2007-11-11']);
    expect((await remindersAhead(shippedRuleSet(), failed, '2007-11-11', 366)).map((r) => r.day)).toEqual(['2008-06-23', '2008-06-29']);
    expect(await remindersAhead(shippedRuleSet(), failed, '2008-06-29', 366)).toEqual([]);
  });

  it('the eve of a scheduled exam', async () => {
    const booked: History = { ...failed, attempts: [...failed.attempts, { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-11-20', result: 'scheduled' }] };
    expect((await remindersAhead(shippedRuleSet(), booked, '2007-11-12', 30)).map((r) => [r.day, r.title])).toEqual([['2007-11-19', 'Exam 70-298 tomorrow']]);
  });
});
