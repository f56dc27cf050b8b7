// The engine's own semantics, on small rule files made for each test (never the shipped
// offers): which decision wins, which dates are reported, how retake policies overlay an
// offer, where a policy's bounds are, how date operators compare, and when a voucher expires.
import { describe, expect, it } from 'vitest';
import { evaluateBooking, evaluatePolicies, voucherStatus } from '../../shared/engine/evaluate.ts';
import { type BookingQuestion, computeFacts, indexHistory } from '../../shared/engine/facts.ts';
import type { RuleSet } from '../../shared/engine/ruleset.ts';
import type { Attempt } from '../../shared/history/format.ts';
import { ALWAYS, attempt, rule, ruleFile, ruleSetOf, voucher } from '../support/offer-builder.ts';
import { history } from '../support/rules.ts';

const on = (date: string): { fact: string; operator: string; value: string } => ({ fact: 'bookingDate', operator: 'onOrAfter', value: date });

async function ask(ruleSet: RuleSet, question: Partial<BookingQuestion> & Pick<BookingQuestion, 'on'>, attempts: Attempt[] = [], offer = 'offer') {
  const h = history({ vouchers: [voucher(offer)], attempts });
  const result = await evaluateBooking(ruleSet, h, h.vouchers[0]!, { exam: '70-298', provider: 'prometric', ...question });
  return { decision: result.decision, reasons: result.reasons.map((r) => `${r.source}:${r.code}`), opensOn: result.opensOn, deadline: result.deadline };
}

// Rule sets are built inside each test (not in describe bodies) so mutation testing sees which
// tests reach the loader.
describe('which decision wins', () => {
  const ruleSet = (): RuleSet => ruleSetOf(ruleFile('offer', [
    rule({ type: 'first-attempt', reason: 'first', when: [ALWAYS], deadline: '2026-06-30' }),
    rule({ type: 'free-retake', reason: 'free', when: [ALWAYS], deadline: '2026-07-31' }),
    rule({ type: 'wait', reason: 'too-early', when: [on('2026-02-01')], opensOn: '2026-04-01', deadline: '2026-05-31' }),
    rule({ type: 'not-eligible', reason: 'refused', when: [on('2026-03-01')] }),
  ]));

  it('a free retake outranks a first attempt, and only the winner\'s reasons and dates are given', async () => {
    expect(await ask(ruleSet(), { on: '2026-01-15' })).toEqual({ decision: 'free-retake', reasons: ['offer:free'], opensOn: undefined, deadline: '2026-07-31' });
  });

  it('a wait outranks any grant', async () => {
    expect(await ask(ruleSet(), { on: '2026-02-15' })).toEqual({ decision: 'wait', reasons: ['offer:too-early'], opensOn: '2026-04-01', deadline: '2026-05-31' });
  });

  it('a refusal outranks a wait, and the wait is not shown beside it', async () => {
    expect(await ask(ruleSet(), { on: '2026-03-15' })).toEqual({ decision: 'not-eligible', reasons: ['offer:refused'], opensOn: undefined, deadline: undefined });
  });

  it('when no rule fires, the booking is not covered, saying so', async () => {
    const none = ruleSetOf(ruleFile('offer', [rule({ type: 'free-retake', reason: 'free', when: [on('2030-01-01')] })]));
    expect(await ask(none, { on: '2026-01-15' })).toEqual({ decision: 'not-eligible', reasons: ['offer:no-rule-applies'], opensOn: undefined, deadline: undefined });
  });

  it('a reason fired by two rules is given once', async () => {
    const twice = ruleSetOf(ruleFile('offer', [
      rule({ type: 'not-eligible', reason: 'refused', when: [ALWAYS] }),
      rule({ type: 'not-eligible', reason: 'refused', when: [on('2026-01-01')] }),
      rule({ type: 'not-eligible', reason: 'also-refused', when: [ALWAYS] }),
    ]));
    expect((await ask(twice, { on: '2026-01-15' })).reasons).toEqual(['offer:refused', 'offer:also-refused']);
  });
});

describe('dates of several rules that fire together', () => {
  const waits = (order: number[]) => {
    const sketches = [
      rule({ type: 'wait', reason: 'middle', when: [ALWAYS], opensOn: '2026-03-01', deadline: '2026-05-15' }),
      rule({ type: 'wait', reason: 'latest', when: [ALWAYS], opensOn: '2026-04-01', deadline: '2026-06-15' }),
      rule({ type: 'wait', reason: 'earliest', when: [ALWAYS], opensOn: '2026-02-01', deadline: '2026-04-15' }),
    ];
    return ruleSetOf(ruleFile('offer', order.map((i) => sketches[i]!)));
  };

  it('a wait opens on the latest opening date and must be used by the earliest deadline, in any order of rules', async () => {
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2]]) {
      const answer = await ask(waits(order), { on: '2026-01-15' });
      expect(answer, order.join()).toMatchObject({ decision: 'wait', opensOn: '2026-04-01', deadline: '2026-04-15' });
      expect(answer.reasons.sort()).toEqual(['offer:earliest', 'offer:latest', 'offer:middle']);
    }
  });

  it('"earliest" and "latest" pick among the dates that exist, and a fact plus days counts calendar days', async () => {
    const ruleSet = ruleSetOf(ruleFile('offer', [
      rule({
        type: 'wait', reason: 'after-failure', when: [ALWAYS],
        opensOn: { latest: [{ fact: 'lastFailureOn', plusDays: { param: 'gap' } }, { fact: 'voucherObtainedOn', plusDays: 3 }, { fact: 'examFirstAttemptOn', plusDays: -400 }] },
        deadline: { earliest: [{ param: 'retakeBy' }, { fact: 'lastFailureOn', plusDays: 30 }, '2026-12-31'] },
      }),
    ], { parameters: { opens: '2026-01-01', firstAttemptBy: '2026-06-30', retakeBy: '2026-07-31', gap: 14 } }));
    // The failure on 20 Feb: 14 days later is 6 Mar (across February's 28 days); 30 days later is 22 Mar.
    expect(await ask(ruleSet, { on: '2026-02-21' }, [attempt({ takenOn: '2026-02-20', result: 'fail' })])).toMatchObject({ opensOn: '2026-03-06', deadline: '2026-03-22' });
    // No failure: lastFailureOn is none and drops out; the voucher (1 Jan) plus 3 days remains.
    expect(await ask(ruleSet, { on: '2026-01-02' })).toMatchObject({ opensOn: '2026-01-04', deadline: '2026-07-31' });
  });
});

describe('a retake policy over an offer', () => {
  const offer = (type: string, opensOn?: string) =>
    ruleFile('offer', [rule({ type, reason: `offer-${type}`, when: [ALWAYS], ...(opensOn ? { opensOn } : {}), deadline: '2026-07-31' })]);
  const policy = (type: string, opensOn?: unknown) =>
    ruleFile('policy', [rule({ type, reason: `policy-${type}`, when: [{ fact: 'daysSinceExamLastAttempt', operator: 'lessThan', value: 14 }], ...(opensOn ? { opensOn } : {}) })], {
      kind: 'retake-policy', appliesTo: { exams: ['70-###'] },
    });
  const failed = [attempt({ takenOn: '2026-02-01', result: 'fail' })];
  const fourteenDays = { fact: 'examLastAttemptOn', plusDays: 14 };

  it('holds back a booking the offer would pay for, with its own reason and opening date', async () => {
    const ruleSet = ruleSetOf(offer('free-retake'), policy('wait', fourteenDays));
    expect(await ask(ruleSet, { on: '2026-02-05' }, failed)).toEqual({ decision: 'wait', reasons: ['policy:policy-wait'], opensOn: '2026-02-15', deadline: '2026-07-31' });
    expect(await ask(ruleSet, { on: '2026-02-15' }, failed)).toMatchObject({ decision: 'free-retake', reasons: ['offer:offer-free-retake'] });
  });

  it('can refuse a booking the offer would pay for', async () => {
    const ruleSet = ruleSetOf(offer('first-attempt'), policy('not-eligible'));
    expect(await ask(ruleSet, { on: '2026-02-05' }, failed)).toMatchObject({ decision: 'not-eligible', reasons: ['policy:policy-not-eligible'] });
  });

  it('never turns the offer\'s refusal into a wait, nor adds its wait beside it', async () => {
    const ruleSet = ruleSetOf(offer('not-eligible'), policy('wait', fourteenDays));
    expect(await ask(ruleSet, { on: '2026-02-05' }, failed)).toEqual({ decision: 'not-eligible', reasons: ['offer:offer-not-eligible'], opensOn: undefined, deadline: '2026-07-31' });
  });

  it('refusing an offer\'s wait shows only the refusal', async () => {
    const ruleSet = ruleSetOf(offer('wait', '2026-03-01'), policy('not-eligible'));
    expect(await ask(ruleSet, { on: '2026-02-05' }, failed)).toMatchObject({ decision: 'not-eligible', reasons: ['policy:policy-not-eligible'], opensOn: undefined });
  });

  it('of two policies, the one that refuses speaks; the one that waits does not', async () => {
    const waiting = ruleFile('waiting', [rule({ type: 'wait', reason: 'policy-wait', when: [ALWAYS], opensOn: '2026-03-01' })], { kind: 'retake-policy', appliesTo: { exams: ['70-###'] } });
    const ruleSet = ruleSetOf(offer('free-retake'), waiting, policy('not-eligible'));
    expect(await ask(ruleSet, { on: '2026-02-05' }, failed)).toEqual({ decision: 'not-eligible', reasons: ['policy:policy-not-eligible'], opensOn: undefined, deadline: '2026-07-31' });
  });

  it('two waits: both reasons, and the later opening date', async () => {
    const later = ruleSetOf(offer('wait', '2026-03-01'), policy('wait', fourteenDays));
    expect(await ask(later, { on: '2026-02-05' }, failed)).toMatchObject({ decision: 'wait', reasons: ['offer:offer-wait', 'policy:policy-wait'], opensOn: '2026-03-01' });
    const earlier = ruleSetOf(offer('wait', '2026-02-10'), policy('wait', fourteenDays));
    expect(await ask(earlier, { on: '2026-02-05' }, failed)).toMatchObject({ decision: 'wait', opensOn: '2026-02-15' });
  });

  it('a policy that allows changes nothing', async () => {
    const ruleSet = ruleSetOf(offer('free-retake'), policy('allowed'));
    expect(await ask(ruleSet, { on: '2026-02-05' }, failed)).toMatchObject({ decision: 'free-retake', reasons: ['offer:offer-free-retake'] });
  });
});

describe('facts computed from a history', () => {
  it('count the attempts at the exam, with or without a voucher, and the days since the first and the latest', () => {
    const h = history({
      vouchers: [voucher('offer')],
      attempts: [
        attempt({ id: 'paid', paid: true, exam: '070-298', takenOn: '2026-01-10', result: 'fail' }),
        attempt({ id: 'a1', takenOn: '2026-02-01', bookedOn: '2026-01-20', result: 'fail' }),
        attempt({ id: 'gone', takenOn: '2026-02-20', result: 'cancelled' }),
        attempt({ id: 'other', exam: '70-299', paid: true, takenOn: '2026-02-25', result: 'pass' }),
      ],
    });
    const facts = computeFacts(indexHistory(h), h.vouchers[0]!, { exam: 'Exam 70-298', provider: 'prometric', on: '2026-03-01' });
    expect(facts).toMatchObject({
      exam: '70-298', examAttempts: 2, examPassed: false, examFirstAttemptOn: '2026-01-10', examLastAttemptOn: '2026-02-01',
      daysSinceExamFirstAttempt: 50, daysSinceExamLastAttempt: 28,
      voucherAttempts: 1, voucherFirstBookedOn: '2026-01-20', lastFailureOn: '2026-02-01', daysSinceLastFailure: 28, retakeUsed: false, voucherExam: '70-298',
    });
  });
});

describe('facts of a voucher\'s attempts, however the history lists them', () => {
  const factsOf = (attempts: Attempt[]) => {
    const h = history({ vouchers: [voucher('offer')], attempts });
    return computeFacts(indexHistory(h), h.vouchers[0]!, { exam: '70-298', provider: 'prometric', on: '2026-03-01' });
  };
  const both = (attempts: Attempt[]) => [factsOf(attempts), factsOf([...attempts].reverse())];

  it('the latest attempt is the latest taken; on one day, the latest booked; booked the same day too, the last by id', () => {
    // Ids that sort the other way: the booking date decides.
    const sameDay = [attempt({ id: 'b', takenOn: '2026-02-10', bookedOn: '2026-02-01', result: 'fail' }), attempt({ id: 'a', takenOn: '2026-02-10', bookedOn: '2026-02-05', result: 'no-show' })];
    expect(both(sameDay).map((f) => f.voucherLastResult)).toEqual(['no-show', 'no-show']);
    const sameBooking = [attempt({ id: 'z1', takenOn: '2026-02-20', bookedOn: '2026-02-15', result: 'fail' }), attempt({ id: 'z2', takenOn: '2026-02-20', bookedOn: '2026-02-15', result: 'pass' })];
    expect(both(sameBooking).map((f) => f.voucherLastResult)).toEqual(['pass', 'pass']);
  });

  it('the first booking is the earliest booked, even of an exam taken later', () => {
    const attempts = [attempt({ id: 'x', takenOn: '2026-02-10', bookedOn: '2026-02-05', result: 'fail' }), attempt({ id: 'y', takenOn: '2026-02-20', bookedOn: '2026-02-01', result: 'pass' })];
    expect(both(attempts).map((f) => f.voucherFirstBookedOn)).toEqual(['2026-02-01', '2026-02-01']);
  });

  it('a retake is used only by an attempt after a failure', () => {
    expect(factsOf([attempt({ id: 'x', takenOn: '2026-02-10', result: 'no-show' }), attempt({ id: 'y', takenOn: '2026-02-20', result: 'pass' })]).retakeUsed).toBe(false);
    expect(factsOf([attempt({ id: 'x', takenOn: '2026-02-10', result: 'fail' }), attempt({ id: 'y', takenOn: '2026-02-20', result: 'pass' })]).retakeUsed).toBe(true);
    expect(factsOf([attempt({ id: 'x', takenOn: '2026-02-10', result: 'fail' })]).retakeUsed).toBe(false);
  });
});

describe('where a retake policy applies', () => {
  const ruleSet = (): RuleSet => ruleSetOf(ruleFile('policy', [rule({ type: 'not-eligible', reason: 'held', when: [{ fact: 'examAttempts', operator: 'greaterThanInclusive', value: 0 }] })], {
    kind: 'retake-policy',
    appliesTo: { exams: ['70-###'], excludeExams: ['70-299'], providers: ['prometric'], from: '2026-02-01', until: '2026-02-28' },
  }));
  const applies = async (question: Partial<BookingQuestion>) =>
    (await evaluatePolicies(ruleSet(), history({}), { exam: '70-298', provider: 'prometric', on: '2026-02-10', ...question })).map((p) => p.decision);

  it('from its first day to its last day, both included', async () => {
    expect(await applies({ on: '2026-01-31' })).toEqual([]);
    expect(await applies({ on: '2026-02-01' })).toEqual(['not-eligible']);
    expect(await applies({ on: '2026-02-28' })).toEqual(['not-eligible']);
    expect(await applies({ on: '2026-03-01' })).toEqual([]);
  });

  it('to its exams but not the excluded ones, with its providers only', async () => {
    expect(await applies({ exam: 'Exam 070-298' })).toEqual(['not-eligible']);
    expect(await applies({ exam: '70-299' })).toEqual([]);
    expect(await applies({ exam: '71-298' })).toEqual([]);
    expect(await applies({ provider: 'pearson-vue' })).toEqual([]);
  });

  it('an open-ended policy applies on any date', async () => {
    const open = ruleSetOf(ruleFile('policy', [rule({ type: 'not-eligible', reason: 'held', when: [{ fact: 'examAttempts', operator: 'greaterThanInclusive', value: 0 }] })], {
      kind: 'retake-policy', appliesTo: { exams: ['*'] },
    }));
    for (const date of ['1999-01-01', '2099-12-31']) {
      expect((await evaluatePolicies(open, history({}), { exam: 'AZ-900', provider: 'anyone', on: date })).map((p) => p.decision)).toEqual(['not-eligible']);
    }
  });
});

describe('date operators compare calendar dates', () => {
  const fires = async (operator: string, date: string, fact = 'bookingDate') => {
    const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'free-retake', reason: 'fired', when: [{ fact, operator, value: '2026-03-10' }] })]));
    return (await ask(ruleSet, { on: date })).decision === 'free-retake';
  };
  const table: [string, boolean, boolean, boolean][] = [
    // operator, on 9 Mar, on 10 Mar, on 11 Mar
    ['before', true, false, false],
    ['onOrBefore', true, true, false],
    ['onOrAfter', false, true, true],
    ['after', false, false, true],
    ['equal', false, true, false],
    ['notEqual', true, false, true],
  ];
  for (const [operator, day9, day10, day11] of table) {
    it(`${operator}: the day before, the day itself, the day after`, async () => {
      expect([await fires(operator, '2026-03-09'), await fires(operator, '2026-03-10'), await fires(operator, '2026-03-11')]).toEqual([day9, day10, day11]);
    });
  }

  it('a date fact that is none is never before, after or on any date', async () => {
    for (const operator of ['before', 'onOrBefore', 'onOrAfter', 'after']) {
      expect(await fires(operator, '2026-03-10', 'voucherFirstBookedOn'), operator).toBe(false);
    }
  });
});

describe('when a voucher expires', () => {
  const ruleSet = (): RuleSet => ruleSetOf(ruleFile('offer', [
    rule({ type: 'not-eligible', reason: 'offer-ended', when: [{ fact: 'bookingDate', operator: 'after', value: { param: 'retakeBy' } }] }),
    rule({ type: 'free-retake', reason: 'free', when: [{ fact: 'voucherLastResult', operator: 'equal', value: 'fail' }], deadline: { param: 'retakeBy' } }),
  ]));
  const status = async (date: string, attempts: Attempt[] = []) => {
    const h = history({ vouchers: [voucher('offer')], attempts });
    const s = await voucherStatus(ruleSet(), h, h.vouchers[0]!, date);
    return { status: s.status, deadline: s.deadline };
  };

  it('an unused voucher is usable on the last day to book the first exam, and expired the day after', async () => {
    expect(await status('2025-12-31')).toEqual({ status: 'unused', deadline: '2026-06-30' });
    expect(await status('2026-06-30')).toEqual({ status: 'unused', deadline: '2026-06-30' });
    expect(await status('2026-07-01')).toMatchObject({ status: 'expired' });
  });

  it('a free retake is available on the last day to book it, and expired the day after', async () => {
    const failed = [attempt({ takenOn: '2026-06-20', result: 'fail' })];
    expect(await status('2026-07-31', failed)).toEqual({ status: 'retake-available', deadline: '2026-07-31' });
    expect(await status('2026-08-01', failed)).toMatchObject({ status: 'expired' });
  });

  it('a booked exam is booked; a passed one used', async () => {
    expect(await status('2026-02-01', [attempt({ takenOn: '2026-02-10', result: 'scheduled' })])).toMatchObject({ status: 'booked' });
    expect(await status('2026-02-11', [attempt({ takenOn: '2026-02-10', result: 'pass' })])).toMatchObject({ status: 'used' });
  });
});

describe('status wording comes from the offer file', () => {
  const failedOn = (date: string) => [attempt({ takenOn: date, result: 'fail' })];
  const rules = [
    rule({ type: 'not-eligible', reason: 'window-closed', when: [{ fact: 'daysSinceLastFailure', operator: 'greaterThan', value: 30 }] }),
    rule({ type: 'not-eligible', reason: 'offer-ended', when: [{ fact: 'voucherLastResult', operator: 'equal', value: 'no-show' }] }),
    rule({ type: 'wait', reason: 'too-early', when: [{ fact: 'daysSinceLastFailure', operator: 'lessThan', value: 1 }], opensOn: { fact: 'lastFailureOn', plusDays: 1 }, deadline: { fact: 'lastFailureOn', plusDays: 30 } }),
    rule({ type: 'free-retake', reason: 'retake', when: [{ fact: 'voucherLastResult', operator: 'equal', value: 'fail' }], deadline: { fact: 'lastFailureOn', plusDays: 30 } }),
    rule({ type: 'first-attempt', reason: 'first', when: [{ fact: 'voucherAttempts', operator: 'equal', value: 0 }, { fact: 'examOn', operator: 'onOrBefore', value: '2026-06-30' }] }),
  ];
  const replay = (): RuleSet => ruleSetOf(ruleFile('offer', rules, {
    title: 'Exam Replay',
    statuses: {
      'retake-available': { label: 'Paid retake available', nextStep: 'Book your paid retake of {exam} by {deadline} with {voucherCode} ({title}).' },
      'retake-waiting': { nextStep: 'Your paid retake of {exam} opens on {opensOn}.' },
      expired: { reasons: ['window-closed'], nextStep: 'Too late for {exam}: {reason}' },
      used: { labelsByReason: { 'offer-ended': 'Missed: no paid retake' } },
    },
  }));
  const plain = (): RuleSet => ruleSetOf(ruleFile('offer', rules));
  const status = async (ruleSet: RuleSet, date: string, attempts: Attempt[] = []) => {
    const h = history({ vouchers: [voucher('offer')], attempts });
    const s = await voucherStatus(ruleSet, h, h.vouchers[0]!, date);
    return { status: s.status, label: s.label, nextStep: s.nextStep };
  };

  it('a file words its own statuses, with its placeholders filled in', async () => {
    expect(await status(replay(), '2026-02-02', failedOn('2026-02-01'))).toEqual({ status: 'retake-available', label: 'Paid retake available', nextStep: 'Book your paid retake of 70-298 by 3 Mar 2026 with CODE-1 (Exam Replay).' });
    expect(await status(replay(), '2026-02-01', failedOn('2026-02-01'))).toEqual({ status: 'retake-waiting', label: 'Retake not open yet', nextStep: 'Your paid retake of 70-298 opens on 2 Feb 2026.' });
  });

  it('without wording of its own, a file gets the defaults', async () => {
    expect(await status(plain(), '2026-02-02', failedOn('2026-02-01'))).toEqual({ status: 'retake-available', label: 'Free retake available', nextStep: 'Book your free retake of 70-298 by 3 Mar 2026.' });
    expect(await status(plain(), '2025-12-31')).toMatchObject({ label: 'Not used yet', nextStep: 'Book your first exam with this voucher from 1 Jan 2026 by 30 Jun 2026.' });
    expect(await status(plain(), '2026-01-01')).toMatchObject({ nextStep: 'Book your first exam with this voucher by 30 Jun 2026.' });
    expect(await status(plain(), '2026-07-01')).toMatchObject({ status: 'expired', label: 'Expired unused', nextStep: 'This voucher expired: the first exam had to be booked by 30 Jun 2026.' });
    const booked = [attempt({ takenOn: '2026-02-10', result: 'scheduled' })];
    expect(await status(plain(), '2026-02-10', booked)).toMatchObject({ label: 'Exam booked', nextStep: 'Take 70-298 on 10 Feb 2026.' });
    expect(await status(plain(), '2026-02-11', booked)).toMatchObject({ nextStep: 'Record the result of 70-298, taken on 10 Feb 2026.' });
    // A booking is checked as it was made, for its exam date: one the rules do not cover says so.
    const late = [attempt({ bookedOn: '2026-02-10', takenOn: '2026-07-01', result: 'scheduled' })];
    expect(await status(plain(), '2026-02-11', late)).toMatchObject({ status: 'booked', nextStep: '70-298 on 1 Jul 2026 is booked, but this voucher does not cover it: None of this offer\'s rules covers this booking.' });
    expect(await status(plain(), '2026-02-11', [attempt({ takenOn: '2026-02-10', result: 'pass' })])).toMatchObject({ status: 'used', label: 'Passed: voucher used', nextStep: 'You passed 70-298 on 10 Feb 2026; this voucher is used.' });
  });

  it('which refusals mean "expired" rather than "used" is the file\'s word, not a reason code\'s name', async () => {
    expect(await status(replay(), '2026-03-10', failedOn('2026-02-01'))).toEqual({ status: 'expired', label: 'Expired', nextStep: 'Too late for 70-298: message for window-closed' });
    expect(await status(plain(), '2026-03-10', failedOn('2026-02-01'))).toMatchObject({ status: 'used', nextStep: 'No free retake of 70-298: message for window-closed' });
    // A reason named "offer-ended" means nothing special unless the file says so; its label is the file's.
    expect(await status(replay(), '2026-02-10', [attempt({ takenOn: '2026-02-01', result: 'no-show' })])).toMatchObject({ status: 'used', label: 'Missed: no paid retake' });
    expect(await status(plain(), '2026-02-10', [attempt({ takenOn: '2026-02-01', result: 'no-show' })])).toMatchObject({ status: 'used', label: 'Used' });
  });

  it('an expired voucher\'s label names what happened: the label of the first of its reasons the file labels', async () => {
    const late = { fact: 'daysSinceLastFailure', operator: 'greaterThan', value: 30 };
    const twoReasons = ruleSetOf(ruleFile('offer', [
      rule({ type: 'not-eligible', reason: 'too-late', when: [late] }),
      rule({ type: 'not-eligible', reason: 'window-closed', when: [late] }),
    ], { statuses: { expired: { reasons: ['too-late', 'window-closed'], labelsByReason: { 'window-closed': 'Expired: retake window closed' } } } }));
    expect(await status(twoReasons, '2026-03-10', failedOn('2026-02-01'))).toMatchObject({ status: 'expired', label: 'Expired: retake window closed' });
  });

  it('any refusal after the offer\'s last day means the voucher expired', async () => {
    expect(await status(plain(), '2026-08-01', failedOn('2026-07-20'))).toMatchObject({ status: 'retake-available' });
    expect(await status(plain(), '2026-08-01', [attempt({ takenOn: '2026-07-20', result: 'no-show' })])).toMatchObject({ status: 'expired' });
    expect(await status(plain(), '2026-07-31', [attempt({ takenOn: '2026-07-20', result: 'no-show' })])).toMatchObject({ status: 'used' });
  });
});
