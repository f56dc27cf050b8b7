// Exam dates read from what a booking page shows: machine-readable first, month names in the
// page's language, all-number dates by what the page itself settles. A date both orders can
// read is never guessed: both readings are offered, the page language's first.
import { describe, expect, it } from 'vitest';
import { type DateSeen, languageOrder, readExamDate } from '../../../shared/sites/date-text.ts';

const seen = (text: string, extra: Partial<DateSeen> = {}): DateSeen => ({ text, machine: null, label: '', via: 'profile', ...extra });
const one = (text: string, lang = 'en', extra: Partial<DateSeen> = {}) => readExamDate([seen(text, extra)], lang, 'MDY');

describe('dates that read one way only', () => {
  it.each([
    ['Monday, December 3, 2007', 'en', '2007-12-03'],
    ['3 December 2007', 'en-GB', '2007-12-03'],
    ['Mar. 10th, 2015', 'en', '2015-03-10'],
    ['2015-03-10T10:00', 'en', '2015-03-10'],
    ['2007/12/03', 'ja', '2007-12-03'],
    ['2007年12月3日 10:00', 'ja', '2007-12-03'],
    ['3. Dezember 2007', 'de-DE', '2007-12-03'],
    ['3 décembre 2007', 'fr-FR', '2007-12-03'],
    ['3 de diciembre de 2007', 'es', '2007-12-03'],
    ['3 grudnia 2007', 'pl', '2007-12-03'],
    ['25/11/2007', 'en-US', '2007-11-25'],
    ['11/25/2007', 'en-GB', '2007-11-25'],
    ['05.05.2007', 'de', '2007-05-05'],
  ])('%s (%s) is %s', (text, lang, date) => {
    expect(one(text, lang)).toMatchObject({ kind: 'sure', date });
  });

  it('a datetime attribute wins over the text', () => {
    expect(one('12/11/2007', 'en-GB', { machine: '2007-11-12T09:00:00+00:00' })).toMatchObject({ kind: 'sure', date: '2007-11-12' });
  });

  it('no date, or an impossible one, reads as none', () => {
    expect(one('To be confirmed').kind).toBe('none');
    expect(one('February 30, 2008').kind).toBe('none');
    expect(one('31/31/2008').kind).toBe('none');
  });
});

describe('an all-number date both orders can read', () => {
  it('is offered both ways, the page language\'s reading first (en-GB: day first; en-US: month first)', () => {
    expect(one('12/11/2007', 'en-GB')).toEqual({ kind: 'choice', dates: ['2007-11-12', '2007-12-11'], shown: '12/11/2007', why: 'order' });
    expect(one('12/11/2007', 'en-US')).toEqual({ kind: 'choice', dates: ['2007-12-11', '2007-11-12'], shown: '12/11/2007', why: 'order' });
  });

  it('with no language, the site\'s order comes first, still both', () => {
    expect(readExamDate([seen('12/11/2007')], '', 'DMY')).toMatchObject({ kind: 'choice', dates: ['2007-11-12', '2007-12-11'] });
  });

  it('is settled by another date on the page that only one order can read', () => {
    const page = [seen('12/11/2007'), seen('Booked on 25/10/2007', { via: 'fallback', label: 'Booked on' })];
    expect(readExamDate(page, 'en-US', 'MDY')).toMatchObject({ kind: 'sure', date: '2007-11-12' });
    const us = [seen('12/11/2007'), seen('Order placed 10/25/2007', { via: 'fallback', label: 'Order placed' })];
    expect(readExamDate(us, 'en-GB', 'DMY')).toMatchObject({ kind: 'sure', date: '2007-12-11' });
  });

  it('is settled by the same day written with a month name elsewhere on the page', () => {
    const page = [seen('12/11/2007'), seen('Monday 12 November 2007', { via: 'fallback', label: 'Your exam' })];
    expect(readExamDate(page, 'en-US', 'MDY')).toMatchObject({ kind: 'sure', date: '2007-11-12' });
  });
});

describe('which date on a page is the exam\'s', () => {
  it('the words next to it: an appointment beats an order date and a member-since date that come first', () => {
    const page = [
      seen('Member since 03/04/2005', { via: 'fallback', label: 'candidate card Member since' }),
      seen('Ordered: 1 November 2007', { via: 'fallback', label: 'Order date' }),
      seen('3 December 2007', { via: 'fallback', label: 'Appointment date' }),
    ];
    expect(readExamDate(page, 'en-GB', 'MDY')).toMatchObject({ kind: 'sure', date: '2007-12-03' });
  });

  it('"candidate" is not the word "date"', () => {
    const page = [seen('Candidate: 01/05/1990', { via: 'fallback', label: 'candidate card' }), seen('December 3, 2007', { via: 'fallback', label: 'Exam appointment' })];
    expect(readExamDate(page, 'en', 'MDY')).toMatchObject({ kind: 'sure', date: '2007-12-03' });
  });

  it('two different dates with equally good words are offered, not chosen between', () => {
    const page = [seen('3 December 2007', { via: 'fallback', label: 'Exam' }), seen('4 December 2007', { via: 'fallback', label: 'Exam' })];
    expect(readExamDate(page, 'en', 'MDY')).toMatchObject({ kind: 'choice', dates: ['2007-12-03', '2007-12-04'], why: 'several' });
  });

  it('the profile\'s place comes before every fallback cue', () => {
    const page = [seen('4 December 2007', { via: 'fallback', label: 'Appointment' }), seen('3 December 2007')];
    expect(readExamDate(page, 'en', 'MDY')).toMatchObject({ kind: 'sure', date: '2007-12-03' });
  });
});

describe('languages', () => {
  it('how each writes all-number dates', () => {
    expect([languageOrder('en-US'), languageOrder('en-GB'), languageOrder('de'), languageOrder('ja'), languageOrder(''), languageOrder('not a language!')]).toEqual(['MDY', 'DMY', 'DMY', 'YMD', null, null]);
  });
});

describe('the nearest telling word decides', () => {
  it('an exam caption beats an order number further away; a birth date caption beats an exam word further away', () => {
    expect(readExamDate([seen('3 December 2007', { via: 'fallback', label: 'Appointment Order number: 0123' })], 'en', 'MDY')).toMatchObject({ kind: 'sure' });
    expect(readExamDate([seen('12 May 1985', { via: 'fallback', label: 'Date of birth Exam candidate' })], 'en', 'MDY')).toEqual({ kind: 'none' });
  });
});
