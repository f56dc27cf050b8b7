// What a candidate enters, as every entry point (app, extension, command line) should take
// it: results only for exams that have happened, the test provider an offer allows, voucher
// codes in the form the offer prints them.

import { formatDate, type IsoDate } from '../dates.ts';
import type { AttemptResult } from './format.ts';

/**
 * Why a result cannot be recorded for this exam date yet, or null: an exam after today
 * can only be scheduled (a "Failed" in the future would start a retake wait that never was).
 */
export function resultDateProblem(result: AttemptResult, takenOn: IsoDate, today: IsoDate): string | null {
  if (result === 'scheduled' || takenOn <= today) return null;
  return `The exam on ${formatDate(takenOn)} has not happened yet (today is ${formatDate(today)}), so its result can only be Scheduled for now.`;
}

/** The test providers an offer's parameters name ("providers"), or none when it names none. */
export function offerProviders(parameters: Readonly<Record<string, unknown>>): string[] {
  const named = parameters['providers'];
  return Array.isArray(named) ? named.filter((id): id is string => typeof id === 'string' && id !== '') : [];
}

/** The provider to pre-fill for an offer: its only one, never a guess among several. */
export function soleProvider(parameters: Readonly<Record<string, unknown>>): string | undefined {
  const providers = offerProviders(parameters);
  return providers.length === 1 ? providers[0] : undefined;
}

// Characters people paste or type that change nothing in a code: zero-width and bidi marks,
// the byte-order mark, the soft hyphen.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
// Separators between a code's groups as people write them: spaces, dots, underscores, slashes
// and every kind of dash.
const SEPARATOR = /[\s._/\\\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]+/g;

/**
 * A voucher code as the offer prints it: "ss07 abcd 1234", "SS07_ABCD_1234" or a pasted
 * "ＳＳ07–ABCD–1234" become "SS07-ABCD-1234" when that is what the offer's pattern accepts,
 * with the separators where its example has them. Anything that still does not fit is
 * returned trimmed, unchanged otherwise, for validation to refuse with the offer's example.
 */
export function normalizeVoucherCode(raw: string, format: { pattern: RegExp; example: string } | undefined): string {
  const trimmed = raw.trim();
  if (!format || format.pattern.test(trimmed)) return trimmed;
  const folded = trimmed.normalize('NFKC').replace(INVISIBLE, '').trim();
  const candidates = [folded, folded.toUpperCase()];
  // The example's layout: where its separators stand between the letters and digits.
  const characters = folded.replace(SEPARATOR, '');
  const layout = format.example.split(/([^A-Za-z0-9]+)/);
  const lengths = layout.filter((_, i) => i % 2 === 0).map((group) => group.length);
  if (lengths.reduce((sum, n) => sum + n, 0) === characters.length) {
    let at = 0;
    const rebuilt = layout.map((part, i) => {
      if (i % 2 === 1) return part;
      const group = characters.slice(at, at + part.length);
      at += part.length;
      return group;
    }).join('');
    candidates.push(rebuilt, rebuilt.toUpperCase());
  }
  candidates.push(characters, characters.toUpperCase());
  return candidates.find((code) => format.pattern.test(code)) ?? trimmed;
}
