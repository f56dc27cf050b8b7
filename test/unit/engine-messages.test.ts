// What the engine says, on small rule files made for each test: reason messages with their
// placeholders filled, offers it does not know, policies with nothing against a booking, and the
// key dates a voucher's status carries.
import { describe, expect, it } from 'vitest';
import { evaluateBooking, evaluatePolicies, renderMessage, voucherStatus } from '../../shared/engine/evaluate.ts';
import { ALWAYS, attempt, rule, ruleFile, ruleSetOf, voucher } from '../support/offer-builder.ts';
import { history } from '../support/rules.ts';

const question = { exam: '70-298', provider: 'prometric', on: '2026-02-10' };

describe('reason messages', () => {
  const refusedWith = async (message: string, extra: Record<string, unknown> = {}) => {
    const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'not-eligible', reason: 'said', when: [ALWAYS], deadline: { param: 'retakeBy' } })], { reasons: { said: message }, ...extra }));
    const h = history({ vouchers: [voucher('offer')], attempts: [attempt({ takenOn: '2026-02-01', result: 'fail' })] });
    return (await evaluateBooking(ruleSet, h, h.vouchers[0]!, question)).reasons.map((r) => r.message);
  };

  it('fill in facts, parameters, the voucher code and the dates the rules give, dates as people write them', async () => {
    expect(await refusedWith('Asked {bookingDate} about {exam}; failed {lastFailureOn}, {daysSinceLastFailure} days ago; book by {deadline}; the offer ends {retakeBy}; voucher {voucherCode}.')).toEqual([
      'Asked 10 Feb 2026 about 70-298; failed 1 Feb 2026, 9 days ago; book by 31 Jul 2026; the offer ends 31 Jul 2026; voucher CODE-1.',
    ]);
  });

  it('say "none" for a fact that does not apply, list a parameter\'s values, and say true/false facts', async () => {
    const extra = { parameters: { opens: '2026-01-01', firstAttemptBy: '2026-06-30', retakeBy: '2026-07-31', providers: ['prometric', 'pearson-vue'] } };
    expect(await refusedWith('Exam date {examOn}; with {providers}; passed: {voucherPassed}.', extra)).toEqual(['Exam date none; with Prometric, Pearson VUE; passed: false.']);
  });

  it('say "none" for a date the rule gives that comes to nothing, as for a fact', async () => {
    const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'not-eligible', reason: 'said', when: [ALWAYS], deadline: { fact: 'examOn' } })], { reasons: { said: 'Book by {deadline}.' } }));
    const h = history({ vouchers: [voucher('offer')] });
    // Asked without the exam's date: the deadline the rule gives is that date, so there is none.
    expect((await evaluateBooking(ruleSet, h, h.vouchers[0]!, question)).reasons.map((r) => r.message)).toEqual(['Book by none.']);
  });

  it('leave a name the engine does not know as it is written (the loader refuses it before any file runs)', () => {
    const values: Record<string, string | number | null | string[]> = { on: '2026-02-10', days: 9, none: null, list: ['a', 'b'], code: '2026-02-10X' };
    expect(renderMessage('{on} {days} {none} {list} {code} {nope} {}', (name) => values[name])).toBe('10 Feb 2026 9 none a, b 2026-02-10X {nope} {}');
  });

  it('may name only what the engine can fill in: a misspelt name is refused when the file is loaded', async () => {
    await expect(refusedWith('Book by {dedline}.')).rejects.toThrow('rules/offers/offer.json#/reasons/said: unknown placeholder {dedline}');
  });

  it('give a wait\'s opening date, the latest of the rules that hold it back', async () => {
    const ruleSet = ruleSetOf(ruleFile('offer', [
      rule({ type: 'wait', reason: 'soon', when: [ALWAYS], opensOn: '2026-03-01', deadline: '2026-05-31' }),
      rule({ type: 'wait', reason: 'later', when: [ALWAYS], opensOn: '2026-04-01', deadline: '2026-06-30' }),
    ], { reasons: { soon: 'Opens {opensOn}, book by {deadline}.', later: 'Later.' } }));
    const h = history({ vouchers: [voucher('offer')] });
    const result = await evaluateBooking(ruleSet, h, h.vouchers[0]!, question);
    expect(result).toMatchObject({ decision: 'wait', opensOn: '2026-04-01', deadline: '2026-05-31' });
    expect(result.reasons.map((r) => r.message)).toEqual(['Opens 1 Apr 2026, book by 31 May 2026.', 'Later.']);
  });
});

describe('answers asked together', () => {
  const examOffer = () => ruleSetOf(ruleFile('offer', [
    rule({ type: 'not-eligible', reason: 'other-exam', when: [{ fact: 'exam', operator: 'notEqual', value: '70-298' }] }),
    rule({ type: 'first-attempt', reason: 'covered', when: [{ fact: 'exam', operator: 'equal', value: '70-298' }] }),
  ], { reasons: { 'other-exam': 'Exam {exam}, asked {bookingDate}, is not covered.', covered: 'Exam {exam}, asked {bookingDate}, is covered.' } }));
  const exams = ['70-298', '70-299', '70-298', '77-601', '70-300', '70-298'];
  const asked = (i: number) => ({ exam: exams[i]!, provider: 'prometric', on: `2026-02-1${i}` });

  it('each answer comes from its own question, even when the questions run at the same time on one file', async () => {
    const ruleSet = examOffer();
    const h = history({ vouchers: [voucher('offer')] });
    const results = await Promise.all(exams.map((_, i) => evaluateBooking(ruleSet, h, h.vouchers[0]!, asked(i))));
    expect(results.map((r) => r.decision)).toEqual(['first-attempt', 'not-eligible', 'first-attempt', 'not-eligible', 'not-eligible', 'first-attempt']);
    // Read only after every question was answered: each message still says its own question.
    expect(results.map((r) => r.reasons[0]?.message)).toEqual([
      'Exam 70-298, asked 10 Feb 2026, is covered.',
      'Exam 70-299, asked 11 Feb 2026, is not covered.',
      'Exam 70-298, asked 12 Feb 2026, is covered.',
      'Exam 77-601, asked 13 Feb 2026, is not covered.',
      'Exam 70-300, asked 14 Feb 2026, is not covered.',
      'Exam 70-298, asked 15 Feb 2026, is covered.',
    ]);
  });

  it('carry their messages as text when copied, sent as JSON or stored (structured clone)', async () => {
    const ruleSet = examOffer();
    const h = history({ vouchers: [voucher('offer')] });
    const result = await evaluateBooking(ruleSet, h, h.vouchers[0]!, asked(1));
    const reason = { code: 'other-exam', message: 'Exam 70-299, asked 11 Feb 2026, is not covered.', source: 'offer' };
    expect(structuredClone(result).reasons).toEqual([reason]);
    expect((JSON.parse(JSON.stringify(result)) as typeof result).reasons).toEqual([reason]);
    expect({ ...result.reasons[0] }).toEqual(reason);
  });
});

describe('an offer the engine does not know', () => {
  const policy = ruleFile('policy', [rule({ type: 'wait', reason: 'held', when: [ALWAYS], opensOn: '2026-03-01' })], { kind: 'retake-policy', appliesTo: { exams: ['77-###'] } });
  const offer = ruleFile('offer', [rule({ type: 'first-attempt', reason: 'first', when: [ALWAYS] })]);

  it('covers nothing, saying so in words (the id stays in offer and source, not in the message), and a retake policy is not an offer', async () => {
    for (const id of ['gone', 'policy']) {
      const h = history({ vouchers: [{ ...voucher(id), code: 'CODE-9' }] });
      const result = await evaluateBooking(ruleSetOf(offer, policy), h, h.vouchers[0]!, question);
      expect(result).toEqual({ voucher: 'CODE-9', voucherId: 'v1', offer: id, decision: 'not-eligible', retakeName: 'free retake', reasons: [{ code: 'unknown-offer', message: 'This voucher\'s offer is not known to this version of Second Shot: update the app, or edit the voucher to choose its offer.', source: id }] });
    }
  });

  it('leaves the voucher expired on the dashboard, saying why', async () => {
    const h = history({ vouchers: [voucher('gone')] });
    expect(await voucherStatus(ruleSetOf(offer), h, h.vouchers[0]!, '2026-02-10')).toMatchObject({
      status: 'expired',
      nextStep: 'This voucher\'s offer is not known to this version of Second Shot: update the app, or edit the voucher to choose its offer.',
      reasons: [],
    });
  });
});

describe('an offer none of whose rules holds', () => {
  it('does not cover the booking, and says so', async () => {
    const never = { fact: 'voucherAttempts', operator: 'greaterThan', value: 99 };
    const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'first-attempt', reason: 'covered', when: [never] })]));
    const h = history({ vouchers: [voucher('offer')] });
    const result = await evaluateBooking(ruleSet, h, h.vouchers[0]!, question);
    expect(result.decision).toBe('not-eligible');
    expect(result.reasons.map((r) => r.message)).toEqual(['None of this offer\'s rules covers this booking.']);
  });
});

describe('the dates a decision carries', () => {
  it('a wait opens on the latest date its rules give; a rule whose date is unknown (no failure yet) gives none', async () => {
    const ruleSet = ruleSetOf(ruleFile('offer', [
      rule({ type: 'wait', reason: 'after-failure', when: [ALWAYS], opensOn: { fact: 'lastFailureOn', plusDays: 1 } }),
      rule({ type: 'wait', reason: 'fixed', when: [ALWAYS], opensOn: '2026-03-01' }),
    ]));
    const h = history({ vouchers: [voucher('offer')] });
    expect((await evaluateBooking(ruleSet, h, h.vouchers[0]!, question)).opensOn).toBe('2026-03-01');
  });

  it('only a wait\'s date is the answer\'s opening date; a refusal may still name its date in words', async () => {
    const refusal = rule({ type: 'not-eligible', reason: 'not-yet', when: [ALWAYS], opensOn: '2026-03-01' });
    const ruleSet = ruleSetOf(ruleFile('offer', [refusal], { reasons: { 'not-yet': 'Not before {opensOn}.' } }));
    const h = history({ vouchers: [voucher('offer')] });
    const result = await evaluateBooking(ruleSet, h, h.vouchers[0]!, question);
    expect(result).toMatchObject({ decision: 'not-eligible', reasons: [{ message: 'Not before 1 Mar 2026.' }] });
    expect(result.opensOn).toBeUndefined();
    const policy = ruleFile('policy', [refusal], { kind: 'retake-policy', appliesTo: { exams: ['70-###'] }, reasons: { 'not-yet': 'Not before {opensOn}.' } });
    expect(await evaluatePolicies(ruleSetOf(policy), history({}), question)).toEqual([
      { policy: 'policy', decision: 'not-eligible', reasons: [expect.objectContaining({ message: 'Not before 1 Mar 2026.' })] },
    ]);
  });
});

describe('a retake policy with nothing against a booking', () => {
  it('allows it, with no reasons', async () => {
    const policy = ruleFile('policy', [rule({ type: 'wait', reason: 'held', when: [{ fact: 'examAttempts', operator: 'greaterThan', value: 5 }], opensOn: '2026-03-01' })], { kind: 'retake-policy', appliesTo: { exams: ['70-###'] } });
    expect(await evaluatePolicies(ruleSetOf(policy), history({}), question)).toEqual([{ policy: 'policy', decision: 'allowed', reasons: [] }]);
  });
});

describe('the key dates of a voucher', () => {
  it('are the offer\'s dates, the first booking, the latest failure and the latest exam', async () => {
    const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'not-eligible', reason: 'no', when: [ALWAYS] })]));
    const h = history({
      vouchers: [voucher('offer', '2026-01-05')],
      attempts: [
        attempt({ bookedOn: '2026-01-20', takenOn: '2026-02-01', result: 'fail' }),
        attempt({ bookedOn: '2026-01-10', takenOn: '2026-02-15', result: 'fail' }),
        attempt({ bookedOn: '2026-02-20', takenOn: '2026-03-01', result: 'no-show' }),
      ],
    });
    expect((await voucherStatus(ruleSet, h, h.vouchers[0]!, '2026-03-05')).dates).toEqual({
      obtainedOn: '2026-01-05',
      offerOpens: '2026-01-01',
      firstAttemptBy: '2026-06-30',
      retakeBy: '2026-07-31',
      firstBookedOn: '2026-01-10',
      lastFailureOn: '2026-02-15',
      examOn: '2026-03-01',
    });
  });

  it('end with the later of the first-attempt and retake deadlines', async () => {
    const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'not-eligible', reason: 'no', when: [ALWAYS] })], {
      parameters: { opens: '2026-01-01', firstAttemptBy: '2026-08-31', retakeBy: '2026-07-31' },
    }));
    const h = history({ vouchers: [voucher('offer')], attempts: [attempt({ takenOn: '2026-02-01', result: 'fail' })] });
    expect(await voucherStatus(ruleSet, h, h.vouchers[0]!, '2026-08-31')).toMatchObject({ status: 'used' });
    expect(await voucherStatus(ruleSet, h, h.vouchers[0]!, '2026-09-01')).toMatchObject({ status: 'expired', deadline: '2026-08-31' });
  });
});
