// What the app says before a record is saved (shared/engine/draft.ts): a booking the voucher
// would not pay for, in the offer's words, judged against the attempts that came before it.
import { describe, expect, it } from 'vitest';
import { attemptWarning, voucherWarning } from '../../shared/engine/draft.ts';
import { examPatterns } from '../../shared/engine/exam-patterns.ts';
import type { OfferSpec } from '../../shared/engine/offer-file.ts';
import { capitalized, decisionLabel } from '../../shared/engine/wording.ts';
import type { Attempt, Voucher } from '../../shared/history/format.ts';
import { ALWAYS, rule, ruleFile, ruleSetOf } from '../support/offer-builder.ts';
import { history, shippedRuleSet } from '../support/rules.ts';

const VOUCHER: Voucher = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-09-20' };
const FAILED: Attempt = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-01', takenOn: '2007-11-10', result: 'fail' };
const RETAKE: Attempt = { id: 'a2', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-11', takenOn: '2007-11-20', result: 'scheduled' };
const WONT_PAY = 'Voucher SS07-ABCD-1234 would not pay for this booking: ';

describe('a booking about to be saved', () => {
  it('covered: nothing to say', async () => {
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER] }), FAILED)).toBeNull();
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER], attempts: [FAILED] }), RETAKE)).toBeNull();
  });

  it('with another provider, or an exam the offer leaves out: said in the offer\'s words', async () => {
    const rules = shippedRuleSet();
    expect(await attemptWarning(rules, history({ vouchers: [VOUCHER] }), { ...FAILED, provider: 'pearson-vue' })).toBe(
      `${WONT_PAY}Second Shot 2007–2008 covers exams booked with Prometric only, not with Pearson VUE.`,
    );
    expect(await attemptWarning(rules, history({ vouchers: [VOUCHER] }), { ...FAILED, exam: '77-601' })).toMatch(new RegExp(`^${WONT_PAY}Exam 77-601 is not covered: `));
  });

  it('booked before the voucher was held', async () => {
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER] }), { ...FAILED, bookedOn: '2007-09-19' })).toBe(
      `${WONT_PAY}You must hold the Second Shot voucher before you book the exam; this voucher was obtained on 20 Sep 2007.`,
    );
  });

  it('a retake judged against the attempts before it, in whatever order they are listed', async () => {
    const sameDay = { ...RETAKE, bookedOn: '2007-11-10' };
    const early = `${WONT_PAY}Your free retake opens on 11 Nov 2007, the day after the failed exam on 10 Nov 2007.`;
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER], attempts: [FAILED] }), sameDay)).toBe(early);
    // A later attempt listed first is not "before" the retake: the first exam is judged alone, and covered.
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER], attempts: [sameDay] }), FAILED)).toBeNull();
  });

  it('an attempt edited is judged in place of its saved version, not beside it', async () => {
    // Saved as a failure; edited to another provider: the saved failure must not count as an attempt before it.
    const edited = { ...FAILED, provider: 'pearson-vue' };
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER], attempts: [FAILED] }), edited)).toMatch(/Prometric only, not with Pearson VUE\.$/);
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER], attempts: [FAILED, RETAKE] }), { ...RETAKE })).toBeNull();
  });

  it('names the attempt\'s own voucher among several', async () => {
    const other: Voucher = { ...VOUCHER, id: 'v0', code: 'SS07-WXYZ-0000', obtainedOn: '2007-09-01' };
    const late = { ...FAILED, bookedOn: '2007-09-10' };
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [other, VOUCHER] }), late)).toMatch(/^Voucher SS07-ABCD-1234 would not pay/);
  });

  it('nothing at stake: no voucher, or a cancelled booking', async () => {
    expect(await attemptWarning(shippedRuleSet(), history({}), FAILED)).toBeNull();
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [VOUCHER] }), { ...FAILED, provider: 'pearson-vue', result: 'cancelled' })).toBeNull();
  });

  it('a voucher of an offer this version does not know', async () => {
    expect(await attemptWarning(shippedRuleSet(), history({ vouchers: [{ ...VOUCHER, offer: 'no-such-offer' }] }), { ...FAILED })).toBe(
      `${WONT_PAY}This voucher's offer is not known to this version of Second Shot: update the app, or edit the voucher to choose its offer.`,
    );
  });
});

describe('a voucher about to be saved', () => {
  it('obtained after its offer ended: covers nothing; obtained on the last day: fine', async () => {
    expect(await voucherWarning(shippedRuleSet(), history({}), { ...VOUCHER, obtainedOn: '2008-07-01' })).toBe(
      'Microsoft Second Shot, 2007–2008 ended on 30 Jun 2008, before this voucher was obtained (1 Jul 2008): it would not cover any exam.',
    );
    expect(await voucherWarning(shippedRuleSet(), history({}), { ...VOUCHER, obtainedOn: '2008-06-30' })).toBeNull();
  });

  it('its date moved after a booking already recorded with it', async () => {
    const rules = shippedRuleSet();
    expect(await voucherWarning(rules, history({ attempts: [FAILED] }), { ...VOUCHER, obtainedOn: '2007-10-02' })).toBe(
      'The 70-298 exam booked on 1 Oct 2007 would no longer be covered: You must hold the Second Shot voucher before you book the exam; this voucher was obtained on 2 Oct 2007.',
    );
    expect(await voucherWarning(rules, history({ attempts: [FAILED] }), VOUCHER)).toBeNull();
    // Another voucher's booking is not this voucher's.
    expect(await voucherWarning(rules, history({ attempts: [{ ...FAILED, voucher: 'v2' }] }), { ...VOUCHER, obtainedOn: '2007-10-02' })).toBeNull();
  });

  it('an offer it cannot judge (unknown, or a retake policy): nothing said, even of its bookings', async () => {
    const booked = history({ attempts: [FAILED] });
    expect(await voucherWarning(shippedRuleSet(), booked, { ...VOUCHER, offer: 'no-such-offer', obtainedOn: '2030-01-01' })).toBeNull();
    expect(await voucherWarning(shippedRuleSet(), booked, { ...VOUCHER, offer: 'microsoft-retake-policy', obtainedOn: '2030-01-01' })).toBeNull();
  });

  it('the offer ends with the later of its two deadlines, whichever it is', async () => {
    // Dates of the builder's offer: first attempts by 30 Jun 2026, retakes by 31 Jul 2026.
    const offer = ruleFile('offer', [rule({ type: 'first-attempt', reason: 'ok', when: [ALWAYS] })]);
    const held = (obtainedOn: string): Voucher => ({ ...VOUCHER, offer: 'offer', obtainedOn });
    expect(await voucherWarning(ruleSetOf(offer), history({}), held('2026-07-15'))).toBeNull();
    expect(await voucherWarning(ruleSetOf(offer), history({}), held('2026-08-01'))).toMatch(/ended on 31 Jul 2026, before this voucher was obtained/);
    const firstLater = ruleFile('offer', [rule({ type: 'first-attempt', reason: 'ok', when: [ALWAYS] })], { parameters: { opens: '2026-01-01', firstAttemptBy: '2026-08-31', retakeBy: '2026-07-31' } });
    expect(await voucherWarning(ruleSetOf(firstLater), history({}), held('2026-08-15'))).toBeNull();
    expect(await voucherWarning(ruleSetOf(firstLater), history({}), held('2026-09-01'))).toMatch(/ended on 31 Aug 2026/);
  });
});

describe('words for answers', () => {
  it('each decision named; a retake as its offer names it', () => {
    expect(decisionLabel({ decision: 'first-attempt', retakeName: 'free retake' })).toBe('Covered as a first attempt');
    expect(decisionLabel({ decision: 'free-retake', retakeName: 'paid retake' })).toBe('Paid retake');
    expect(decisionLabel({ decision: 'wait', retakeName: 'free retake' })).toBe('Not yet: wait');
    expect(decisionLabel({ decision: 'not-eligible', retakeName: 'free retake' })).toBe('Not covered');
    expect(capitalized('')).toBe('');
  });
});

describe('the exam patterns the rules speak of (for "did you mean")', () => {
  it('from conditions at any depth, literal or through a parameter, and the exams policies apply to, each once', () => {
    const spec = {
      parameters: { covered: ['MB#-###', '70-###'], opens: '2026-01-01' },
      appliesTo: { exams: ['DP-###', '70-###'] },
      rules: [
        { conditions: { any: [
          { not: { fact: 'exam', operator: 'examMatches', value: ['AZ-###'] } },
          { all: [{ fact: 'exam', operator: 'equal', value: '70-298' }, { fact: 'bookingDate', operator: 'after', value: { param: 'opens' } }] },
          { fact: 'exam', operator: 'examMatches', value: { param: 'covered' } },
          { fact: 'voucherExam', operator: 'equal', value: 'SC-900' },
          { fact: 'exam', operator: 'equal', value: { fact: 'voucherExam' } },
        ] }, event: { type: 'wait', params: { reason: 'x' } } },
      ],
    } as unknown as Pick<OfferSpec, 'rules' | 'parameters' | 'appliesTo'>;
    expect(examPatterns([spec])).toEqual(['AZ-###', '70-298', 'MB#-###', '70-###', 'DP-###']);
  });

  it('a voucher offer (no "appliesTo"): the exams its rules name, nothing else', () => {
    const offer = { parameters: {}, rules: [{ conditions: { all: [{ fact: 'exam', operator: 'equal', value: '77-601' }] }, event: { type: 'first-attempt', params: { reason: 'x' } } }] } as unknown as Pick<OfferSpec, 'rules' | 'parameters' | 'appliesTo'>;
    expect(examPatterns([offer])).toEqual(['77-601']);
  });

  it('of the shipped rules: the seed offer\'s covered exams and the policies\' exams', () => {
    const specs = [...shippedRuleSet().offers(), ...shippedRuleSet().policies()].map((offer) => offer.spec);
    expect(examPatterns(specs)).toEqual(expect.arrayContaining(['70-###', 'MB#-###', '77-###', 'AZ-###']));
  });
});
