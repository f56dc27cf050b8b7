// Exam dates as booking pages print them, read into calendar dates without any Date parsing,
// so the machine's time zone never moves a day. Machine-readable values first (`<time
// datetime>`, ISO text, data attributes), then month names in the page's language (and
// English), then all-number dates. An all-number date that both orders could read
// (12/11/2007: 12 Nov or 11 Dec) is settled only by the page itself (another date on it that
// only one order can read, or the same day written another way); otherwise both readings are
// kept for the candidate to pick. The page's language only decides which reading is offered first.

import { type IsoDate, isIsoDate } from '../dates.ts';
import type { DateOrder } from './profile.ts';

/** A date-holding text the content script saw, with the words next to it. */
export interface DateSeen {
  text: string;
  /** A datetime or data attribute's value, when the element carries one. */
  machine: string | null;
  label: string;
  via: 'profile' | 'fallback';
}

/** How the exam date reads: surely, two or more ways (the candidate picks), or not at all. */
export type ExamDate =
  | { kind: 'none' }
  | { kind: 'sure'; date: IsoDate; shown: string }
  | { kind: 'choice'; dates: IsoDate[]; shown: string; why: 'order' | 'several' };

/** One date in a text: settled, or all-number with both parts ≤ 12 (day-month or month-day). */
type Parsed = { date: IsoDate } | { numeric: { first: number; second: number; year: number; separator: string } };

function iso(year: number, month: number, day: number): IsoDate | null {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

const fold = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').replace(/\.$/, '').toLowerCase();

const monthCache = new Map<string, Map<string, number>>();

/** Month names (long, short, and the forms used inside a date, as "grudnia") of a language, folded. */
function monthNames(lang: string): Map<string, number> {
  const known = monthCache.get(lang);
  if (known) return known;
  const names = new Map<string, number>();
  const locales = [...(lang ? [lang] : []), 'en'];
  for (const locale of locales) {
    for (const month of ['long', 'short'] as const) {
      let format: Intl.DateTimeFormat;
      try {
        format = new Intl.DateTimeFormat(locale, { day: 'numeric', month, timeZone: 'UTC' });
      } catch {
        continue;
      }
      for (let m = 1; m <= 12; m++) {
        const part = format.formatToParts(Date.UTC(2001, m - 1, 15)).find((p) => p.type === 'month')?.value;
        if (part && /\p{L}/u.test(part)) names.set(fold(part), m);
        const standalone = new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' }).format(Date.UTC(2001, m - 1, 15));
        if (/\p{L}/u.test(standalone)) names.set(fold(standalone), m);
      }
    }
  }
  // English short forms people write that Intl does not ("Sept").
  names.set('sept', 9);
  monthCache.set(lang, names);
  return names;
}

const YEAR = '(\\d{4})';
const MACHINE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;
const ISO_TEXT = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const CJK = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/;
const MONTH_FIRST = new RegExp(`(\\p{L}+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+${YEAR}(?!\\d)`, 'gu');
const DAY_FIRST = new RegExp(`(?<!\\d)(\\d{1,2})(?:\\.|st|nd|rd|th|er)?\\s*(?:de\\s+)?(\\p{L}+)\\.?,?\\s+(?:de\\s+)?${YEAR}(?!\\d)`, 'gu');
const NUMERIC = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)/;

function byMonthName(text: string, lang: string): IsoDate | null {
  const names = monthNames(lang);
  for (const m of text.matchAll(MONTH_FIRST)) {
    const month = names.get(fold(m[1] ?? ''));
    if (month) return iso(Number(m[3]), month, Number(m[2]));
  }
  for (const m of text.matchAll(DAY_FIRST)) {
    const month = names.get(fold(m[2] ?? ''));
    if (month) return iso(Number(m[3]), month, Number(m[1]));
  }
  return null;
}

/** The first date in a text, or null. */
function parse(text: string, machine: string | null, lang: string): Parsed | null {
  const fromMachine = machine ? MACHINE.exec(machine.trim()) : null;
  if (fromMachine) {
    const date = iso(Number(fromMachine[1]), Number(fromMachine[2]), Number(fromMachine[3]));
    if (date) return { date };
  }
  for (const pattern of [ISO_TEXT, CJK]) {
    const m = pattern.exec(text);
    const date = m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (date) return { date };
  }
  const named = byMonthName(text, lang);
  if (named) return { date: named };
  const m = NUMERIC.exec(text);
  if (!m) return null;
  const [first, second, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const dayFirst = iso(year, second, first);
  const monthFirst = iso(year, first, second);
  if (dayFirst && monthFirst && dayFirst !== monthFirst) return { numeric: { first, second, year, separator: m[2] ?? '/' } };
  const date = dayFirst ?? monthFirst;
  return date ? { date } : null;
}

/** How the language writes all-number dates: day first (en-GB, de, fr) or month first (en-US). */
export function languageOrder(lang: string): DateOrder | null {
  if (!lang) return null;
  try {
    const kinds = new Intl.DateTimeFormat(lang, { timeZone: 'UTC' }).formatToParts(0).map((p) => p.type).filter((t) => t === 'day' || t === 'month' || t === 'year');
    return kinds[0] === 'year' ? 'YMD' : kinds[0] === 'month' ? 'MDY' : 'DMY';
  } catch {
    return null;
  }
}

/** Which order the page itself writes all-number dates in, when one of them can be read only one way. */
function pageOrder(seen: readonly DateSeen[]): 'DMY' | 'MDY' | null {
  for (const { text } of seen) {
    const m = NUMERIC.exec(text);
    if (!m) continue;
    const [first, second] = [Number(m[1]), Number(m[3])];
    if (first > 12 && second <= 12) return 'DMY';
    if (second > 12 && first <= 12) return 'MDY';
  }
  return null;
}

// Whole words ("candidate" is not "date"), in the languages the sites are shown in.
const EXAM_WORDS = /\b(?:appointments?|exams?|test date|scheduled|session|termin|prüfung\w*|examen|rendez-vous|fecha|cita|esame|prova)\b|予約|試験|日時|시험/iu;
const OTHER_WORDS = /\b(?:order\w*|purchased?|booked on|booking date|birth\w*|born|expir\w*|valid|issued|created|today|paid|payment|member since|bestell\w*|geburt\w*|commande|naissance|pedido|nacimiento)\b|注文|生年月日|購入/iu;
const DATE_WORDS = /\b(?:date|datum|fecha|data)\b|日/iu;

/**
 * How much the words next to a date say it is the exam's, negative for another date (order,
 * birth, expiry). The label lists the nearest words first, and the nearest telling word decides.
 */
function labelScore(label: string): number {
  const exam = label.search(EXAM_WORDS);
  const other = label.search(OTHER_WORDS);
  if (other >= 0 && (exam < 0 || other < exam)) return -1;
  return exam >= 0 ? 2 : DATE_WORDS.test(label) ? 1 : 0;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

/**
 * The exam date among the dates a page shows: the profile's places first, else the fallback
 * places whose words say most clearly it is the exam's. Dates that are not the exam's
 * (ordered on, born on) never count.
 */
export function readExamDate(seen: readonly DateSeen[], lang: string, siteOrder: DateOrder): ExamDate {
  const parsed = seen.map((s) => ({ seen: s, parsed: parse(s.text, s.machine, lang), score: s.via === 'profile' ? 10 : labelScore(s.label) }))
    .filter((c): c is typeof c & { parsed: Parsed } => c.parsed !== null && c.score >= 0);
  if (parsed.length === 0) return { kind: 'none' };
  const best = Math.max(...parsed.map((c) => c.score));
  const top = parsed.filter((c) => c.score === best);
  const settledDates = parsed.flatMap((c) => ('date' in c.parsed ? [c.parsed.date] : []));
  const order = pageOrder(seen);
  const preferred = languageOrder(lang) ?? siteOrder;
  const readingsOf = (p: Parsed): IsoDate[] => {
    if ('date' in p) return [p.date];
    const { first, second, year } = p.numeric;
    const dayFirst = iso(year, second, first) as IsoDate;
    const monthFirst = iso(year, first, second) as IsoDate;
    if (order) return [order === 'DMY' ? dayFirst : monthFirst];
    // The same day written another way on the page settles it.
    const confirmed = [dayFirst, monthFirst].filter((d) => settledDates.includes(d));
    if (confirmed.length === 1) return confirmed;
    return preferred === 'MDY' ? [monthFirst, dayFirst] : [dayFirst, monthFirst];
  };
  const dates = unique(top.flatMap((c) => readingsOf(c.parsed))).slice(0, 4);
  const shown = unique(top.map((c) => c.seen.text)).join(' / ');
  if (dates.length === 1) return { kind: 'sure', date: dates[0] as IsoDate, shown };
  return { kind: 'choice', dates, shown, why: top.length === 1 || unique(top.map((c) => c.seen.text)).length === 1 ? 'order' : 'several' };
}
