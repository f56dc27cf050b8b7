// A paid retake bundle (Exam Replay) names its retake in its file: the status sentences, the
// booking answer's title and the calendar entries say "paid retake", never "free retake".
import { cleanup, screen, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { evaluateBooking, voucherStatus } from '../../../shared/engine/evaluate.ts';
import { describeOffer } from '../../../shared/engine/explain.ts';
import { loadRuleSet } from '../../../shared/engine/ruleset.ts';
import { decisionLabel } from '../../../shared/engine/wording.ts';
import type { History } from '../../../shared/history/format.ts';
import { calendarEvents } from '../../../pwa/ics.ts';
import { formatProblem } from '../../../shared/problems.ts';
import { ALWAYS, rule, ruleFile, ruleSetOf, voucher } from '../../support/offer-builder.ts';
import { renderApp } from './support.tsx';

const FAILED = { fact: 'voucherLastResult', operator: 'equal', value: 'fail' };
const rules = [
  rule({ type: 'first-attempt', reason: 'first-attempt-covered', when: [{ fact: 'voucherAttempts', operator: 'equal', value: 0 }] }),
  rule({ type: 'free-retake', reason: 'free-retake-covered', when: [FAILED], deadline: { param: 'retakeBy' } }),
  rule({ type: 'wait', reason: 'retake-too-early', when: [FAILED, { fact: 'daysSinceLastFailure', operator: 'lessThan', value: 3 }], opensOn: { fact: 'lastFailureOn', plusDays: 3 }, deadline: { param: 'retakeBy' } }),
];
const history: History = {
  format: 'second-shot/history',
  version: 1,
  vouchers: [voucher('exam-replay-test')],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2026-02-01', takenOn: '2026-03-10', result: 'fail' }],
};

describe('a retake named by its offer file', () => {
  it('is the paid retake in every status sentence, in the answer\'s title and in the calendar', async () => {
    const ruleSet = ruleSetOf(ruleFile('exam-replay-test', rules, { retakeName: 'paid retake' }));
    const waiting = await voucherStatus(ruleSet, history, history.vouchers[0]!, '2026-03-11');
    expect(waiting).toMatchObject({ status: 'retake-waiting', retakeName: 'paid retake', nextStep: 'Book your paid retake of 70-298 from 13 Mar 2026, by 31 Jul 2026.' });
    const available = await voucherStatus(ruleSet, history, history.vouchers[0]!, '2026-03-20');
    expect(available.nextStep).toBe('Book your paid retake of 70-298 by 31 Jul 2026.');
    const answer = await evaluateBooking(ruleSet, history, history.vouchers[0]!, { exam: '70-298', provider: 'prometric', on: '2026-03-20' });
    expect(answer).toMatchObject({ decision: 'free-retake', retakeName: 'paid retake' });
    expect(decisionLabel(answer)).toBe('Paid retake');
    expect(describeOffer(ruleSet.get('exam-replay-test')!.spec)[1]?.text).toMatch(/^A paid retake is available when /);
    expect(calendarEvents([waiting], history).map((e) => e.summary)).toEqual([
      'Paid retake of 70-298 opens (voucher CODE-1)',
      'Last day to book your paid retake of 70-298 (voucher CODE-1)',
    ]);
  });

  it('is a free retake when the file says nothing', async () => {
    const ruleSet = ruleSetOf(ruleFile('second-shot-test', rules));
    const waiting = await voucherStatus(ruleSet, { ...history, vouchers: [voucher('second-shot-test')] }, voucher('second-shot-test'), '2026-03-11');
    expect(waiting.nextStep).toBe('Book your free retake of 70-298 from 13 Mar 2026, by 31 Jul 2026.');
    expect(decisionLabel({ decision: 'free-retake', retakeName: waiting.retakeName })).toBe('Free retake');
    expect(calendarEvents([waiting], history)[0]?.summary).toBe('Free retake of 70-298 opens (voucher CODE-1)');
  });

  it('must be text, and only in a voucher offer', () => {
    const problems = (files: { file: string; text: string }[]): string[] => loadRuleSet(files).problems.map(formatProblem);
    expect(problems([ruleFile('exam-replay-test', rules, { retakeName: '' })])).toEqual(['rules/offers/exam-replay-test.json#/retakeName: "retakeName" must be non-empty text']);
    const policy = ruleFile('policy-test', [rule({ type: 'allowed', reason: 'fine', when: [ALWAYS] })], { kind: 'retake-policy', appliesTo: { exams: ['70-###'] }, retakeName: 'paid retake' });
    expect(problems([policy])).toContain('rules/offers/policy-test.json#/retakeName: "retakeName" names a voucher offer\'s retake; a retake policy gives none');
  });
});

describe('the offers screen', () => {
  afterEach(cleanup);

  /** The 2007 offer, published again as a paid retake bundle. */
  const publishPaid = async (path: string): Promise<string> => {
    if (path === '/rules/index.json') return JSON.stringify({ files: ['offers/ms-second-shot-2007.json'] });
    const offer = JSON.parse(readFileSync(join(ROOT, 'rules/offers/ms-second-shot-2007.json'), 'utf8')) as Record<string, unknown>;
    return JSON.stringify({ ...offer, retakeName: 'paid retake' });
  };

  it('names the last day for the retake by the offer\'s own name', async () => {
    await renderApp({ path: '/offers', publish: publishPaid });
    const card = (await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' })).closest('article');
    if (!card) throw new Error('no offer card');
    expect(within(card).getByText('Paid retake booked by').nextElementSibling?.textContent).toBe('30 Jun 2008');
    expect(within(card).queryByText(/free retake booked by/i)).toBeNull();
  });

  it('says "Free retake" when the file names none', async () => {
    await renderApp({ path: '/offers' });
    const card = (await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' })).closest('article');
    if (!card) throw new Error('no offer card');
    expect(within(card).getByText('Free retake booked by').nextElementSibling?.textContent).toBe('30 Jun 2008');
  });
});
