// The hint's verdict from what the content script read, against the shipped rule files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { pageVerdict, type VerdictInput } from '../../../extension/background/verdict.ts';
import type { PageReading } from '../../../shared/messages.ts';
import { loadSiteProfiles, type SiteProfile } from '../../../shared/sites/profile.ts';
import { history, shippedRuleSet } from '../../support/rules.ts';

const [prometric] = loadSiteProfiles([{ file: 'prometric.json', text: readFileSync(join(ROOT, 'rules/sites/prometric.json'), 'utf8') }]).profiles as [SiteProfile];
const step = (kind: string) => prometric.steps.find((s) => s.kind === kind) ?? prometric.steps[0]!;
const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const A1 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };

function reading(exam: string, extra: Partial<PageReading> = {}): PageReading {
  return {
    url: 'https://www.prometric.com/Microsoft/Schedule/Payment.aspx', version: prometric.version, step: 'payment', lang: 'en', exam: [{ text: `${exam} Designing Security`, where: 'profile' }], examShown: true,
    dates: [{ text: 'December 3, 2007', machine: null, label: '', via: 'profile' }], voucherField: 'profile', voucherProblem: null, applyButton: 'profile', ...extra,
  };
}

function input(partial: Partial<VerdictInput>): VerdictInput {
  return { ruleSet: shippedRuleSet(), history: history({ vouchers: [V1], attempts: [A1] }), profile: prometric, step: step('payment'), reading: reading('070-298'), today: '2007-11-11', filled: null, ...partial };
}

describe('pageVerdict', () => {
  it('covered free retake on payment: fill the voucher', async () => {
    const v = await pageVerdict(input({}));
    expect([v.tone, v.title, v.action, v.voucher?.id]).toEqual(['ok', 'Covered (free retake): use voucher SS07-ABCD-1234', 'fill', 'v1']);
  });

  it('covered, but the voucher field is missing: no fill, and the diagnostics say so', async () => {
    const v = await pageVerdict(input({ reading: reading('070-298', { voucherField: null, applyButton: null }) }));
    expect(v.action).toBe('none');
    expect(v.lines).toContain('The voucher field is not on this page, so it cannot be filled here.');
    expect(v.diagnostics.map((d) => `${d.target}: ${d.message}`)).toEqual([
      'voucherField: not found: neither the profile\'s selectors (input#VoucherNumber) nor the fallback cues match',
      'applyButton: not found: neither the profile\'s selectors (#ValidateVoucher) nor the fallback cues match',
    ]);
  });

  it('the day of the failure: wait', async () => {
    const v = await pageVerdict(input({ today: '2007-11-10' }));
    expect([v.tone, v.title, v.action]).toEqual(['warn', 'Wait until 11 Nov 2007', 'none']);
  });

  it('the exam code is found by the fallback cues when the profile selector misses', async () => {
    const v = await pageVerdict(input({ reading: reading('', { exam: [{ text: 'Exam 070-298', where: 'heading' }] }) }));
    expect(v.exam).toBe('70-298');
    expect(v.diagnostics.map((d) => d.target)).toEqual(['exam']);
  });

  it('no exam on the exam-choice page yet: said, and no false site diagnostic, whether or not the profile sees the exam list', async () => {
    const v = await pageVerdict(input({ step: step('exam-choice'), reading: reading('', { exam: [] }) }));
    expect([v.tone, v.title, v.diagnostics, v.missing]).toEqual(['info', 'Second Shot: no exam found yet', [], []]);
    const otherList = await pageVerdict(input({ step: step('exam-choice'), reading: reading('', { exam: [], examShown: false }) }));
    expect([otherList.diagnostics, otherList.missing]).toEqual([[], []]);
    // Once an exam is chosen, a profile that misses it is stale again.
    const chosen = await pageVerdict(input({ step: step('exam-choice'), reading: reading('', { exam: [{ text: '070-298 Designing Security', where: 'select' }], examShown: false }) }));
    expect(chosen.diagnostics.map((d) => d.target)).toEqual(['exam']);
  });

  it('what neither the profile nor the fallback cues found is a self-report; what the fallback found is not', async () => {
    const lost = await pageVerdict(input({ reading: reading('', { exam: [], voucherField: null, applyButton: null }) }));
    expect(lost.missing).toEqual(['exam', 'voucherField', 'applyButton']);
    const fallback = await pageVerdict(input({ reading: reading('', { exam: [{ text: 'Exam 070-298', where: 'heading' }], voucherField: 'fallback' }) }));
    expect(fallback.missing).toEqual([]);
  });

  it('several different exams on one page: said, not guessed, nothing to fill', async () => {
    const v = await pageVerdict(input({ reading: reading('070-298', { exam: [{ text: 'Exam 70-298', where: 'profile' }, { text: '070-299 Implementing', where: 'table' }] }) }));
    expect([v.title, v.action, v.exam]).toEqual(['Several exams on this page', 'none', null]);
    expect(v.lines[0]).toContain('70-298, 70-299');
  });

  it('the same exam written two ways is one exam; headings count only when firmer places name none', async () => {
    const same = await pageVerdict(input({ reading: reading('070-298', { exam: [{ text: 'Exam 070-298', where: 'table' }, { text: '70-298', where: 'data' }, { text: 'You may also like 70-299', where: 'heading' }] }) }));
    expect(same.exam).toBe('70-298');
    const order = await pageVerdict(input({ reading: reading('', { exam: [{ text: 'Order summary 70-298 Designing Security', where: 'table' }] }) }));
    expect(order.exam).toBe('70-298');
  });

  it('confirmation: record with the voucher filled in this tab, unless already recorded', async () => {
    const second = { ...V1, id: 'v2', code: 'SS07-WXYZ-9876' };
    const v = await pageVerdict(input({ step: step('confirmation'), history: history({ vouchers: [V1, second], attempts: [A1] }), filled: { voucherId: 'v2', exam: '70-298' } }));
    expect([v.title, v.action, v.voucher?.id, v.examDates]).toEqual(['Booked: 70-298 on 3 Dec 2007', 'record', 'v2', ['2007-12-03']]);
    // A voucher filled for another exam in this tab did not pay for this booking.
    const elsewhere = await pageVerdict(input({ step: step('confirmation'), history: history({ vouchers: [V1, second], attempts: [A1] }), filled: { voucherId: 'v2', exam: '70-299' } }));
    expect(elsewhere.voucher?.id).not.toBe('v2');
    const scheduled = { ...A1, id: 'a2', takenOn: '2007-12-03', result: 'scheduled' as const };
    const again = await pageVerdict(input({ step: step('confirmation'), history: history({ vouchers: [V1], attempts: [A1, scheduled] }) }));
    expect([again.action, again.lines.at(-1)]).toEqual(['none', 'This attempt is already in your history.']);
  });

  it('confirmation without a readable date offers nothing to record', async () => {
    const v = await pageVerdict(input({ step: step('confirmation'), reading: reading('070-298', { dates: [{ text: 'to be confirmed', machine: null, label: '', via: 'profile' }] }) }));
    expect(v.action).toBe('none');
  });

  it.each(['en-GB', 'en-US'])('confirmation with a date both orders can read (%s): the candidate picks, both readings offered', async (lang) => {
    const v = await pageVerdict(input({ step: step('confirmation'), reading: reading('070-298', { lang, dates: [{ text: '12/11/2007', machine: null, label: '', via: 'profile' }] }) }));
    expect(v.action).toBe('record');
    expect(v.title).toBe('Booked: 70-298. Which day is your exam?');
    expect(v.choices.map((c) => c.label).sort()).toEqual(['11 Dec 2007', '12 Nov 2007']);
    expect(v.examDates.sort()).toEqual(['2007-11-12', '2007-12-11']);
    expect(v.lines).toContain('The page shows the date as 12/11/2007, which reads as ' + (lang === 'en-GB' ? '12 Nov 2007 or 11 Dec 2007.' : '11 Dec 2007 or 12 Nov 2007.'));
  });

  it('no voucher and no offer for the exam', async () => {
    const v = await pageVerdict(input({ history: history({}), reading: reading('077-601') }));
    expect([v.tone, v.title]).toEqual(['info', 'No offer covers 77-601']);
  });
});

describe('the whole hint a candidate sees', () => {
  const V2 = { ...V1, id: 'v2', code: 'SS07-WXYZ-9876' };
  const A2 = { ...A1, id: 'a2', takenOn: '2007-11-12' };
  const onPage = 'On this page: 070-298 Designing Security';
  const allFound = { examDates: ['2007-12-03'], choices: [], diagnostics: [], fine: ['exam', 'voucherField', 'applyButton'], missing: [], exam: '70-298' };
  const dated = (...texts: string[]) => texts.map((text) => ({ text, machine: null, label: '', via: 'profile' as const }));

  it('payment, first exam on a voucher held: fill it', async () => {
    expect(await pageVerdict(input({ history: history({ vouchers: [V1] }) }))).toEqual({
      ...allFound, voucher: V1, tone: 'ok', title: 'Covered (first exam): use voucher SS07-ABCD-1234', action: 'fill',
      lines: [onPage, 'Book and pay for 70-298 at Prometric with voucher SS07-ABCD-1234 by 30 Jun 2008; if you fail, the retake is free.'],
    });
  });

  it('payment, free retake with a voucher field the page says is unusable: the page\'s reason, nothing to fill', async () => {
    const v = await pageVerdict(input({ reading: reading('070-298', { voucherField: null, voucherProblem: 'The voucher field is disabled on this page.' }) }));
    expect([v.tone, v.title, v.action, v.voucher]).toEqual(['ok', 'Covered (free retake): use voucher SS07-ABCD-1234', 'none', V1]);
    expect(v.lines).toEqual([onPage, 'Your free retake of 70-298 is covered: book it with voucher SS07-ABCD-1234 by 30 Jun 2008.', 'The voucher field is disabled on this page.']);
  });

  it('no voucher yet for an offer that would cover the exam: get it first', async () => {
    expect(await pageVerdict(input({ history: history({}) }))).toEqual({
      ...allFound, voucher: null, tone: 'warn', title: 'Get your voucher before you book', action: 'none',
      lines: [onPage, 'Microsoft Second Shot, 2007–2008 covers 70-298, but you must hold its voucher before you book: a booking made first is not covered.'],
    });
  });

  it('no voucher and no offer for the exam: said whole', async () => {
    const v = await pageVerdict(input({ history: history({}), reading: reading('077-601') }));
    expect([v.exam, v.voucher, v.action, v.lines]).toEqual(['77-601', null, 'none', ['On this page: 077-601 Designing Security', 'You hold no voucher, and no offer Second Shot knows covers this exam today.']]);
  });

  it('the wait: until when, and why', async () => {
    const v = await pageVerdict(input({ today: '2007-11-10' }));
    expect([v.voucher, v.lines[0], v.lines.length]).toEqual([V1, onPage, 2]);
  });

  it('one voucher not covering: its reason; several: a shared reason once, the others named by code', async () => {
    expect(await pageVerdict(input({ history: history({ vouchers: [V1], attempts: [A1, A2] }), today: '2007-11-20' }))).toEqual({
      ...allFound, voucher: null, tone: 'stop', title: 'Not covered: 70-298', action: 'none',
      lines: [onPage, 'The free retake on this voucher has already been booked; each voucher gives one.'],
    });
    const several = await pageVerdict(input({ history: history({ vouchers: [V1, V2], attempts: [A1, A2] }), today: '2008-08-20' }));
    expect([several.title, several.lines]).toEqual(['None of your vouchers covers 70-298', [
      onPage,
      'Second Shot 2007–2008 ended on 30 Jun 2008; bookings after that date are not covered.',
      'SS07-ABCD-1234: The free retake on this voucher has already been booked; each voucher gives one.',
    ]]);
  });

  it('a long exam text is shown on one line, cut at 160 characters', async () => {
    const exact = `070-298 ${'y'.repeat(152)}`;
    expect((await pageVerdict(input({ reading: reading('', { exam: [{ text: exact, where: 'profile' }] }) }))).lines[0]).toBe(`On this page: ${exact}`);
    const long = await pageVerdict(input({ reading: reading('', { exam: [{ text: `  070-298\n\tDesigning  ${'y'.repeat(160)}`, where: 'profile' }] }) }));
    expect(long.lines[0]).toBe(`On this page: 070-298 Designing ${'y'.repeat(141)}…`);
  });

  it('a payment page with no exam found: said, and reported as a miss of the profile', async () => {
    expect(await pageVerdict(input({ reading: reading('', { exam: [] }) }))).toEqual({
      examDates: ['2007-12-03'], choices: [], voucher: null, exam: null, tone: 'info', title: 'Second Shot: no exam found yet', action: 'none',
      lines: ['Second Shot could not find the exam code on this page.'],
      diagnostics: [{ site: 'prometric', step: 'payment', target: 'exam', url: reading('').url, seenOn: '2007-11-11', message: 'not found: neither the profile\'s selectors (#examSelected, select#ExamCode) nor the fallback cues match' }],
      fine: ['voucherField', 'applyButton'], missing: ['exam'],
    });
    expect((await pageVerdict(input({ step: step('exam-choice'), reading: reading('', { exam: [] }) }))).lines).toEqual(['Choose an exam: this hint then says whether your vouchers cover it.']);
  });

  it('several exams on the page: named, none guessed', async () => {
    const v = await pageVerdict(input({ reading: reading('070-298', { exam: [{ text: 'Exam 70-298', where: 'profile' }, { text: '070-299 Implementing', where: 'table' }] }) }));
    expect([v.tone, v.lines, v.voucher, v.examDates]).toEqual(['info', ['This page names 70-298, 70-299: Second Shot cannot tell which one you are booking, so it says nothing about coverage and fills nothing.'], null, ['2007-12-03']]);
  });

  it('confirmation with a date to record: the voucher that covers it, or none when two could have', async () => {
    expect(await pageVerdict(input({ step: step('confirmation') }))).toEqual({
      examDates: ['2007-12-03'], choices: [], diagnostics: [], fine: ['exam', 'examDate'], missing: [], exam: '70-298', voucher: V1, tone: 'info', title: 'Booked: 70-298 on 3 Dec 2007', action: 'record',
      lines: [onPage, 'Add it to your attempts as scheduled (paid with voucher SS07-ABCD-1234) so Second Shot can track the result and any free retake.'],
    });
    const two = await pageVerdict(input({ step: step('confirmation'), history: history({ vouchers: [V1, V2], attempts: [A1, { ...A1, id: 'a9', voucher: 'v2' }] }) }));
    expect([two.voucher, two.lines[1]]).toEqual([null, 'Add it to your attempts as scheduled (paid without a voucher) so Second Shot can track the result and any free retake.']);
    // Not covered (the offer has ended): no voucher is said to have paid.
    expect((await pageVerdict(input({ step: step('confirmation'), today: '2008-08-20' }))).voucher).toBeNull();
    const again = await pageVerdict(input({ step: step('confirmation'), history: history({ vouchers: [V1], attempts: [A1, { ...A1, id: 'a2', takenOn: '2007-12-03', result: 'scheduled' }] }) }));
    expect([again.tone, again.title, again.lines]).toEqual(['ok', 'Booked: 70-298 on 3 Dec 2007', [onPage, 'This attempt is already in your history.']]);
    // A cancelled booking on that day, or one at another provider, is no reason not to record.
    for (const other of [{ result: 'cancelled' as const }, { provider: 'pearson-vue' }, { takenOn: '2007-12-04' }, { exam: '70-299' }]) {
      const v = await pageVerdict(input({ step: step('confirmation'), history: history({ vouchers: [V1], attempts: [A1, { ...A1, id: 'a2', takenOn: '2007-12-03', result: 'scheduled', ...other }] }) }));
      expect(v.action, JSON.stringify(other)).toBe('record');
    }
  });

  it('confirmation with several dates or none: the candidate picks, or adds it by hand', async () => {
    expect(await pageVerdict(input({ step: step('confirmation'), reading: reading('070-298', { dates: dated('December 3, 2007', 'December 4, 2007') }) }))).toEqual({
      examDates: ['2007-12-03', '2007-12-04'], choices: [{ date: '2007-12-03', label: '3 Dec 2007' }, { date: '2007-12-04', label: '4 Dec 2007' }],
      diagnostics: [], fine: ['exam', 'examDate'], missing: [], exam: '70-298', voucher: V1, tone: 'warn', title: 'Booked: 70-298. Which day is your exam?', action: 'record',
      lines: [onPage, 'The page shows several dates (December 3, 2007 / December 4, 2007).', 'Pick your exam\'s date to add it to your attempts as scheduled (paid with voucher SS07-ABCD-1234).'],
    });
    const unread = await pageVerdict(input({ step: step('confirmation'), reading: reading('070-298', { dates: [] }) }));
    expect([unread.tone, unread.title, unread.action, unread.examDates, unread.lines, unread.missing]).toEqual([
      'info', 'Booked: 70-298', 'none', [], [onPage, 'The exam date could not be read on this page; add the attempt in Second Shot yourself.'], ['examDate'],
    ]);
    const byFallback = await pageVerdict(input({ step: step('confirmation'), reading: reading('070-298', { dates: [{ text: 'December 3, 2007', machine: null, label: '', via: 'fallback' }] }) }));
    expect([byFallback.examDates, byFallback.fine, byFallback.missing, byFallback.diagnostics.map((d) => d.message)]).toEqual([
      ['2007-12-03'], ['exam'], [], ['the profile\'s selectors (#apptDate) no longer match; found by the fallback cues instead'],
    ]);
  });
});
