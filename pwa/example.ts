// "Try with an example": a sample history for someone who has not entered anything yet, built
// from an offer in force so that it shows what the app does (a retake to book, an exam coming
// up, a voucher used, one not used yet). It is shown apart from the candidate's own data.
import { addDays, type IsoDate } from '../shared/dates.ts';
import type { RuleSet } from '../shared/engine/ruleset.ts';
import { normalizeExam } from '../shared/exam.ts';
import { type Attempt, emptyHistory, type History, type Voucher } from '../shared/history/format.ts';
import { byCodePoint } from './compare.ts';

/** Exam codes for the sample when the offer's own worked examples name fewer than three. */
const FALLBACK_EXAMS = ['70-298', '70-290', '70-291'];

interface OfferWindow {
  id: string;
  opens: IsoDate;
  firstAttemptBy: IsoDate;
  retakeBy: IsoDate;
  code: string | undefined;
  exams: string[];
  provider: string | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function windowOf(spec: ReturnType<RuleSet['offers']>[number]['spec']): OfferWindow | undefined {
  const { opens, firstAttemptBy, retakeBy, providers } = spec.parameters;
  if (typeof opens !== 'string' || typeof firstAttemptBy !== 'string' || typeof retakeBy !== 'string') return undefined;
  const records = spec.examples.flatMap((example) => [...(example.history.vouchers ?? []), ...(example.history.attempts ?? [])]);
  const field = (name: string): string[] => [...new Set(records.map((r) => text((r as Record<string, unknown>)[name])).filter((v): v is string => v !== undefined))];
  return {
    id: spec.id,
    opens,
    firstAttemptBy,
    retakeBy,
    code: spec.voucherCode?.example ?? field('code')[0],
    exams: [...new Set(field('exam').map(normalizeExam))],
    provider: Array.isArray(providers) ? providers[0] : field('provider')[0],
  };
}

/**
 * The offer the sample is built on: one open today if there is one (its dates then read as
 * they would for the candidate), else the one that ended last.
 */
function chooseOffer(ruleSet: Pick<RuleSet, 'offers'>, today: IsoDate): OfferWindow | undefined {
  const windows = ruleSet.offers().map((offer) => windowOf(offer.spec)).filter((w): w is OfferWindow => w !== undefined);
  const open = windows.filter((w) => w.opens <= today && today <= w.firstAttemptBy);
  const pool = open.length > 0 ? open : windows;
  return [...pool].sort((a, b) => byCodePoint(b.retakeBy, a.retakeBy))[0];
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

/**
 * A sample history on one offer: a failed exam whose retake opens today, an exam booked for
 * later, an exam passed, and a voucher not used yet. Its days are counted back from today
 * (or from the offer's last booking day when the offer has ended), never before the offer opens.
 */
export function exampleHistory(ruleSet: Pick<RuleSet, 'offers' | 'codeFormat'>, today: IsoDate, providers: readonly string[]): History | undefined {
  const offer = chooseOffer(ruleSet, today);
  const provider = offer?.provider ?? providers[0];
  if (!offer || !provider) return undefined;
  const anchor = earlier(later(today, addDays(offer.opens, 40)), offer.firstAttemptBy);
  const day = (offset: number): IsoDate => later(addDays(anchor, offset), offer.opens);
  const exams = [...offer.exams, ...FALLBACK_EXAMS.filter((e) => !offer.exams.includes(e))];
  const format = ruleSet.codeFormat(offer.id);
  // Counted from 1: a sample card never shows the code printed in the offer's own example.
  const code = (n: number): string => variant(offer.code ?? 'EXAMPLE-0000', n + 1, format?.pattern);
  const voucher = (n: number, obtainedOn: IsoDate): Voucher => ({ id: `example-v${n + 1}`, code: code(n), offer: offer.id, obtainedOn });
  const vouchers = [voucher(0, day(-40)), voucher(1, day(-35)), voucher(2, day(-45)), voucher(3, day(-5))];
  const attempt = (n: number, exam: string, bookedOn: IsoDate, takenOn: IsoDate, result: Attempt['result']): Attempt => ({
    id: `example-a${n + 1}`, voucher: `example-v${n + 1}`, exam, provider, bookedOn, takenOn,
    // A sample built before its offer opens has nothing behind it yet: every exam is still to come.
    result: takenOn > today ? 'scheduled' : result,
  });
  const attempts = [
    attempt(0, exams[0] ?? '', day(-30), day(-1), 'fail'),
    attempt(1, exams[1] ?? '', day(-20), day(12), 'scheduled'),
    attempt(2, exams[2] ?? '', day(-40), day(-20), 'pass'),
  ];
  return { ...emptyHistory(), vouchers, attempts };
}

/**
 * The n-th of distinct codes like the offer's printed example (its last digit counted on), so
 * each sample card has its own; the example itself when a changed code would not fit the format.
 */
function variant(example: string, n: number, pattern: RegExp | undefined): string {
  const last = example.search(/\d(?!.*\d)/);
  if (last === -1) return example;
  const changed = `${example.slice(0, last)}${(Number(example[last]) + n) % 10}${example.slice(last + 1)}`;
  return pattern && !pattern.test(changed) ? example : changed;
}
