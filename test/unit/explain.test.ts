import { describe, expect, it } from 'vitest';
import { describeCondition, describeDate, describeOffer, describeRule } from '../../shared/engine/explain.ts';
import type { Condition, DateExpression, RuleSpec } from '../../shared/engine/offer-file.ts';
import { shippedRuleSet } from '../support/rules.ts';

describe('rules in plain English', () => {
  const text = (reason: string) => describeOffer(shippedRuleSet().get('ms-second-shot-2007')!.spec).find((d) => d.reason === reason)?.text;

  it('renders the retake wait from the rule\'s own conditions and dates', () => {
    expect(text('retake-too-early')).toBe(
      'The booking must wait when the result of the latest exam with the voucher is "fail"; and the number of days since that failed exam is less than 1; it opens 1 calendar day after the date of the latest failed exam with the voucher; book by 30 Jun 2008.',
    );
  });

  it('brackets nested groups so "and" and "or" never blur', () => {
    expect(text('offer-ended')).toBe(
      'The booking is not covered when (the number of exams booked with the voucher is 0 and the booking date is after 30 Jun 2008); or the booking date is after 30 Jun 2008.',
    );
  });

  it('describes every rule of every shipped file', () => {
    for (const offer of shippedRuleSet().all()) {
      const lines = describeOffer(offer.spec);
      expect(lines).toHaveLength(offer.spec.rules.length);
      for (const line of lines) expect(line.text).not.toMatch(/undefined|\[object|nothing/);
    }
  });

  it('follows an edited parameter: the text is what the engine runs', () => {
    const spec = structuredClone(shippedRuleSet().get('ms-second-shot-2007')!.spec);
    spec.parameters['retakeBy'] = '2008-01-31';
    expect(describeOffer(spec).find((d) => d.reason === 'free-retake-covered')?.text).toBe(
      'A free retake is available when the result of the latest exam with the voucher is "fail"; book by 31 Jan 2008.',
    );
  });
});

describe('each shape of condition in plain English', () => {
  const say = (condition: Record<string, unknown>, params: Record<string, string | number | string[]> = {}) => describeCondition(condition as Condition, params);
  const failed = { fact: 'voucherLastResult', operator: 'equal', value: 'fail' };
  const early = { fact: 'daysSinceLastFailure', operator: 'lessThan', value: 1 };

  it('reads a group of one as its one condition, and a negation as such', () => {
    expect(say({ all: [failed] })).toBe('the result of the latest exam with the voucher is "fail"');
    expect(say({ any: [failed] })).toBe('the result of the latest exam with the voucher is "fail"');
    expect(say({ not: failed })).toBe('it is not so that the result of the latest exam with the voucher is "fail"');
    expect(say({ not: { all: [failed, early] } })).toBe('it is not so that (the result of the latest exam with the voucher is "fail" and the number of days since that failed exam is less than 1)');
  });

  it('says a true/false fact as a statement, or its denial', () => {
    const passed = (operator: string, value: boolean) => say({ fact: 'voucherPassed', operator, value });
    expect(passed('equal', true)).toBe('an exam with the voucher was passed');
    expect(passed('notEqual', false)).toBe('an exam with the voucher was passed');
    expect(passed('equal', false)).toBe('it is not so that an exam with the voucher was passed');
    expect(passed('notEqual', true)).toBe('it is not so that an exam with the voucher was passed');
  });

  it('reads a one-item list as a plain comparison, written out or from a parameter', () => {
    expect(say({ fact: 'provider', operator: 'in', value: ['prometric'] })).toBe('the test provider is "prometric"');
    expect(say({ fact: 'provider', operator: 'notIn', value: ['prometric'] })).toBe('the test provider is not "prometric"');
    expect(say({ fact: 'provider', operator: 'in', value: { param: 'providers' } }, { providers: ['prometric'] })).toBe('the test provider is "prometric"');
    expect(say({ fact: 'provider', operator: 'in', value: { param: 'providers' } }, { providers: ['prometric', 'pearson-vue'] })).toBe('the test provider is one of prometric, pearson-vue');
  });

  it('names a parameter\'s value, another fact, or says that a parameter has none', () => {
    expect(say({ fact: 'bookingDate', operator: 'after', value: { param: 'retakeBy' } }, { retakeBy: '2008-06-30' })).toBe('the booking date is after 30 Jun 2008');
    expect(say({ fact: 'exam', operator: 'notEqual', value: { fact: 'voucherExam' } })).toBe('the exam booked is not the exam the voucher is for');
    expect(say({ fact: 'bookingDate', operator: 'after', value: { param: 'retakeBy' } })).toBe('the booking date is after nothing');
    expect(say({ fact: 'voucherLastResult', operator: 'equal', value: '2008-6-30' })).toBe('the result of the latest exam with the voucher is "2008-6-30"');
  });
});

describe('dates in plain English', () => {
  const date = (expression: unknown, params: Record<string, string | number> = {}) => describeDate(expression as DateExpression, params);

  it('says a date, a parameter, and the earlier or later of several', () => {
    expect(date('2008-06-30')).toBe('30 Jun 2008');
    expect(date({ param: 'retakeBy' }, { retakeBy: '2008-06-30' })).toBe('30 Jun 2008');
    expect(date({ earliest: ['2008-06-30', { fact: 'lastFailureOn', plusDays: 30 }] })).toBe('the earlier of 30 Jun 2008 and 30 calendar days after the date of the latest failed exam with the voucher');
    expect(date({ latest: ['2008-01-01', { param: 'opens' }] }, { opens: '2007-09-15' })).toBe('the later of 1 Jan 2008 and 15 Sep 2007');
  });

  it('counts calendar days after a fact\'s date, one day in the singular, from the file\'s parameter', () => {
    expect(date({ fact: 'lastFailureOn' })).toBe('the date of the latest failed exam with the voucher');
    expect(date({ fact: 'lastFailureOn', plusDays: 0 })).toBe('the date of the latest failed exam with the voucher');
    expect(date({ fact: 'lastFailureOn', plusDays: 1 })).toBe('1 calendar day after the date of the latest failed exam with the voucher');
    expect(date({ fact: 'lastFailureOn', plusDays: -1 })).toBe('-1 calendar day after the date of the latest failed exam with the voucher');
    expect(date({ fact: 'examLastAttemptOn', plusDays: { param: 'waitDays' } }, { waitDays: 14 })).toBe('14 calendar days after the date of the latest attempt at this exam');
  });
});

describe('a rule in plain English', () => {
  const rule = (type: string, params: Record<string, unknown>) =>
    describeRule({ conditions: { all: [{ fact: 'voucherAttempts', operator: 'equal', value: 0 }] }, event: { type, params: { reason: 'r', ...params } } } as RuleSpec, { parameters: { opens: '2007-09-15', retakeBy: '2008-06-30' } });

  it('starts with what the rule decides, for each decision', () => {
    expect(['first-attempt', 'free-retake', 'wait', 'not-eligible', 'allowed'].map((type) => rule(type, {}).text)).toEqual([
      'The first exam is covered when the number of exams booked with the voucher is 0.',
      'A free retake is available when the number of exams booked with the voucher is 0.',
      'The booking must wait when the number of exams booked with the voucher is 0.',
      'The booking is not covered when the number of exams booked with the voucher is 0.',
      'The booking is allowed when the number of exams booked with the voucher is 0.',
    ]);
    expect(rule('wait', {})).toMatchObject({ decision: 'wait', reason: 'r' });
  });

  it('says when a booking opens ("on" a date, or days after one) and by when to book', () => {
    expect(rule('wait', { opensOn: '2007-10-01', deadline: { param: 'retakeBy' } }).text).toBe('The booking must wait when the number of exams booked with the voucher is 0; it opens on 1 Oct 2007; book by 30 Jun 2008.');
    expect(rule('wait', { opensOn: { param: 'opens' } }).text).toBe('The booking must wait when the number of exams booked with the voucher is 0; it opens on 15 Sep 2007.');
    expect(rule('wait', { opensOn: { fact: 'lastFailureOn', plusDays: 1 } }).text).toBe('The booking must wait when the number of exams booked with the voucher is 0; it opens 1 calendar day after the date of the latest failed exam with the voucher.');
  });
});

