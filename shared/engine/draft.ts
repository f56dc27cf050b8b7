// A record about to be saved, checked by the engine first: an entry that would leave a
// booking uncovered (another provider, another exam, before the voucher was held, outside
// the offer) is said in one sentence before it is saved, in the offer's own words.

import { formatDate } from '../dates.ts';
import type { Attempt, History, Voucher } from '../history/format.ts';
import { evaluateBooking } from './evaluate.ts';
import { chronological } from './facts.ts';
import type { RuleSet } from './ruleset.ts';

/**
 * Why the voucher would not pay for this attempt's booking, as one sentence; null when it
 * would, or when nothing is at stake (no voucher, or a cancelled booking, which uses nothing).
 * The booking is judged as it was made: against the attempts that came before it.
 */
export async function attemptWarning(ruleSet: RuleSet, history: History, attempt: Attempt): Promise<string | null> {
  const voucher = history.vouchers.find((v) => v.id === attempt.voucher);
  const why = voucher ? await uncoveredBecause(ruleSet, history, voucher, attempt) : null;
  return voucher && why ? `Voucher ${voucher.code} would not pay for this booking: ${why}` : null;
}

/** The offer's reason the voucher would not pay for the attempt's booking, or null. */
async function uncoveredBecause(ruleSet: RuleSet, history: History, voucher: Voucher, attempt: Attempt): Promise<string | null> {
  if (attempt.result === 'cancelled') return null;
  const others = history.attempts.filter((a) => a.id !== attempt.id);
  const ordered = chronological([...others, attempt]);
  const before = ordered.slice(0, ordered.indexOf(attempt));
  const result = await evaluateBooking(ruleSet, { ...history, attempts: before }, voucher, { exam: attempt.exam, provider: attempt.provider, on: attempt.bookedOn });
  if (result.decision === 'first-attempt' || result.decision === 'free-retake') return null;
  return result.reasons[0]?.message ?? 'its offer does not cover it.';
}

/**
 * Why this voucher, as it would be saved, would not cover what it is for: obtained after its
 * offer ended or before it opened, or an attempt already recorded with it no longer covered.
 */
export async function voucherWarning(ruleSet: RuleSet, history: History, voucher: Voucher): Promise<string | null> {
  const offer = ruleSet.get(voucher.offer);
  if (!offer || offer.spec.kind !== 'voucher-offer') return null;
  const { parameters, title } = offer.spec;
  const lastDay = [parameters['firstAttemptBy'], parameters['retakeBy']].filter((d): d is string => typeof d === 'string').sort().pop();
  if (lastDay && voucher.obtainedOn > lastDay) {
    return `${title} ended on ${formatDate(lastDay)}, before this voucher was obtained (${formatDate(voucher.obtainedOn)}): it would not cover any exam.`;
  }
  for (const attempt of chronological(history.attempts.filter((a) => a.voucher === voucher.id))) {
    const why = await uncoveredBecause(ruleSet, history, voucher, attempt);
    if (why) return `The ${attempt.exam} exam booked on ${formatDate(attempt.bookedOn)} would no longer be covered: ${why}`;
  }
  return null;
}
