// Calendar dates ("YYYY-MM-DD") as plain day numbers. Rules speak of dates where the exam
// is taken, so nothing here may consult a time zone: no Date parsing of local time, ever.

import { quote } from './problems.ts';

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a date may have. Exams and vouchers live in a few decades; the bound keeps every
 * date the rules derive (a deadline a year after the last day accepted) written with four digits.
 */
export const YEARS = { first: 1900, last: 2999 } as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Why a string is not a real calendar date, or null when it is one. */
export function dateProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a date written YYYY-MM-DD';
  const m = ISO_DATE.exec(value);
  if (!m) return `${quote(value)} is not a date written YYYY-MM-DD`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `${quote(value)} has no month ${m[2]}`;
  if (day < 1 || day > daysInMonth(year, month)) return `${quote(value)} is not a day of ${year}-${m[2]}`;
  if (year < YEARS.first || year > YEARS.last) return `${quote(value)} is outside the years ${YEARS.first} to ${YEARS.last}`;
  return null;
}

export function isIsoDate(value: unknown): value is IsoDate {
  return dateProblem(value) === null;
}

// Days from civil (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
export function toDayNumber(date: IsoDate): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return isoDate(y, m, d);
}

/** A calendar date written YYYY-MM-DD, the year always with four digits. */
function isoDate(year: number, month: number, day: number): IsoDate {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2007-11-11" → "11 Nov 2007": unambiguous in every locale. */
export function formatDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/**
 * The calendar date at an instant in a given IANA time zone (the test centre's, or the
 * device's when none is known). The time zone is always explicit, so answers never depend
 * on the TZ of the machine running the code.
 */
export function dateInTimeZone(instant: Date, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Today's date on this device, in its own time zone: what "today" means to the person using it.
 * Read from the Date's local fields (the same zone Intl would take): a page's first Intl
 * formatter loads locale data, 50–270 ms in a new tab, and the app asks for today before its
 * first render.
 */
export function deviceToday(now: Date = new Date()): IsoDate {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
