// Card order and archive (which cards, in what order), and where "Book at …" leads.
import { describe, expect, it } from 'vitest';
import type { StatusResult } from '../../../shared/engine/evaluate.ts';
import type { Voucher } from '../../../shared/history/format.ts';
import { arrangeCards } from '../../../pwa/components/card-order.ts';
import { bookingSites, bookingUrl } from '../../../pwa/labels.ts';

const voucher = (id: string, extra: Partial<Voucher> = {}): Voucher => ({ id, code: id.toUpperCase(), offer: 'o', obtainedOn: '2007-10-01', ...extra });
const status = (id: string, s: StatusResult['status'], more: Partial<StatusResult> = {}, dates: Partial<StatusResult['dates']> = {}): StatusResult => ({
  voucher: id, voucherId: id, offer: 'o', status: s, label: s, nextStep: '', reasons: [], retakeName: 'free retake',
  dates: { obtainedOn: '2007-10-01', offerOpens: '2007-09-15', firstAttemptBy: '2008-06-30', retakeBy: '2008-06-30', ...dates }, ...more,
});

describe('card order', () => {
  const vouchers = [voucher('used'), voucher('late'), voucher('soon'), voucher('pending'), voucher('waiting'), voucher('exam'), voucher('expired')];
  const statusOf = new Map([
    status('used', 'used'),
    status('late', 'unused', { deadline: '2008-06-30' }),
    status('soon', 'retake-available', { deadline: '2007-12-01' }),
    status('waiting', 'retake-waiting', { opensOn: '2007-11-11', deadline: '2008-06-30' }),
    status('exam', 'booked', {}, { examOn: '2007-11-20' }),
    status('expired', 'expired'),
  ].map((s) => [s.voucherId, s]));

  it('keeps the order they were added in unless asked', () => {
    expect(arrangeCards(vouchers, statusOf, '2007-11-10', 'added', true).shown.map((v) => v.id)).toEqual(vouchers.map((v) => v.id));
  });

  it('most urgent first: soonest date to act on, then vouchers not checked yet, then those with nothing left to do', () => {
    expect(arrangeCards(vouchers, statusOf, '2007-11-10', 'urgent', true).shown.map((v) => v.id)).toEqual(['waiting', 'exam', 'soon', 'late', 'pending', 'used', 'expired']);
  });

  it('an exam already taken with no result yet is due today', () => {
    const past = new Map([status('exam', 'booked', {}, { examOn: '2007-11-01' }), status('soon', 'retake-available', { deadline: '2007-11-12' })].map((s) => [s.voucherId, s]));
    expect(arrangeCards([voucher('soon'), voucher('exam')], past, '2007-11-10', 'urgent', false).shown.map((v) => v.id)).toEqual(['exam', 'soon']);
  });

  it('leaves archived vouchers out, counted, until they are asked for', () => {
    const list = [voucher('a'), voucher('b', { archivedOn: '2007-11-10' }), voucher('c')];
    expect(arrangeCards(list, new Map(), '2007-11-10', 'added', false)).toEqual({ shown: [list[0], list[2]], archived: 1 });
    expect(arrangeCards(list, new Map(), '2007-11-10', 'added', true)).toEqual({ shown: list, archived: 1 });
  });
});

describe('booking sites', () => {
  it('starts at the site\'s first exam page when it is one address, else at the site', () => {
    expect(bookingUrl(['https://www.prometric.com'], [{ kind: 'exam-choice', paths: ['/Microsoft/Schedule/SelectExam.aspx'] }])).toBe('https://www.prometric.com/Microsoft/Schedule/SelectExam.aspx');
    expect(bookingUrl(['https://wsr.pearsonvue.com'], [{ kind: 'payment', paths: ['/pay'] }, { kind: 'exam-choice', paths: ['/testtaker/registration/ExamDetailsPage/*'] }])).toBe('https://wsr.pearsonvue.com/');
  });

  it('offers no link that is not https on the site\'s own origin', () => {
    expect(bookingUrl(['http://www.prometric.com'], [])).toBeUndefined();
    expect(bookingUrl(['javascript:alert(1)'], [])).toBeUndefined();
    expect(bookingUrl(['https://www.prometric.com'], [{ kind: 'exam-choice', paths: ['//evil.example/x'] }])).toBeUndefined();
    expect(bookingUrl([], [])).toBeUndefined();
  });

  it('lists the sites of the providers an offer allows, every site when it names none', () => {
    expect(bookingSites(['prometric']).map((s) => s.name)).toEqual(['Prometric']);
    expect(bookingSites(undefined).map((s) => s.name)).toEqual(['Pearson VUE', 'Prometric']);
    expect(bookingSites(['certiport'])).toEqual([]);
  });
});
