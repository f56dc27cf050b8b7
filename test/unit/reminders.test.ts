import { describe, expect, it } from 'vitest';
import type { History } from '../../shared/history/format.ts';
import { remindersOn } from '../../shared/reminders.ts';
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
