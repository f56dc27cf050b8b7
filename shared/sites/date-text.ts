// Exam dates as booking pages print them ("Saturday, November 10, 2007", "10 Nov 2007",
// "11/10/2007", "2007-11-10"), read into calendar dates without any Date parsing, so the
// machine's time zone never moves a day.

import { type IsoDate, isIsoDate } from '../dates.ts';
import type { DateOrder } from './profile.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): IsoDate | null {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

function monthNumber(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

/** The first date in the text, or null. `order` says how the site writes all-number dates. */
export function readDateText(text: string, order: DateOrder): IsoDate | null {
  const isoMatch = /\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(text);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  const monthFirst = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(text);
  if (monthFirst && monthNumber(monthFirst[1] ?? '') > 0) return iso(Number(monthFirst[3]), monthNumber(monthFirst[1] ?? ''), Number(monthFirst[2]));
  const dayFirst = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(text);
  if (dayFirst && monthNumber(dayFirst[2] ?? '') > 0) return iso(Number(dayFirst[3]), monthNumber(dayFirst[2] ?? ''), Number(dayFirst[1]));
  const numeric = /\b(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})\b/.exec(text);
  if (!numeric) return null;
  const [a, b, c] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  if (order === 'YMD') return iso(a, b, c);
  return order === 'MDY' ? iso(c, a, b) : iso(c, b, a);
}
