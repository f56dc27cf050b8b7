// The seed's terms (Second Shot 2007–2008) written by hand in TypeScript: the yardstick the
// rule engine is measured against. Same facts, same decisions; no rule file, no engine.

import { type BookingQuestion, computeFacts, indexHistory } from '../shared/engine/facts.ts';
import { examMatchesAny, compileExamPattern } from '../shared/exam.ts';
import type { History, Voucher } from '../shared/history/format.ts';

const COVERED = ['70-###', '71-###', '74-###', '75-###', '76-###', '78-###', '83-###', '88-###', 'MB#-###'].map(compileExamPattern);
const EXCLUDED = ['77-###', '72-###'].map(compileExamPattern);
const OPENS = '2007-09-15';
const END = '2008-06-30';

export function secondShot2007(history: History, voucher: Voucher, question: BookingQuestion): { decision: string; reasons: string[] } {
  const f = computeFacts(indexHistory(history), voucher, question);
  const refusals: string[] = [];
  if (f.provider !== 'prometric') refusals.push('provider-not-covered');
  if (!examMatchesAny(f.exam, COVERED) || examMatchesAny(f.exam, EXCLUDED)) refusals.push('exam-not-covered');
  if (f.bookingDate > END) refusals.push('offer-ended');
  const obtained = f.voucherObtainedOn ?? '';
  if ((f.voucherFirstBookedOn !== null && f.voucherFirstBookedOn < obtained) || (f.voucherAttempts === 0 && f.bookingDate < obtained)) refusals.push('voucher-after-booking');
  if (f.voucherAttempts > 0 && f.exam !== f.voucherExam) refusals.push('different-exam');
  if (f.voucherPassed) refusals.push('already-passed');
  if (f.retakeUsed) refusals.push('retake-used');
  if (f.voucherLastResult === 'scheduled') refusals.push('attempt-pending');
  if (f.voucherLastResult === 'no-show') refusals.push('no-show-not-covered');
  const waits: string[] = [];
  if (f.bookingDate < OPENS) waits.push('offer-not-started');
  if (f.voucherLastResult === 'fail' && (f.daysSinceLastFailure ?? 0) < 1) waits.push('retake-too-early');
  if (refusals.length > 0) return { decision: 'not-eligible', reasons: [...refusals, ...waits] };
  if (waits.length > 0) return { decision: 'wait', reasons: waits };
  if (f.voucherAttempts === 0) return { decision: 'first-attempt', reasons: ['first-attempt-covered'] };
  if (f.voucherLastResult === 'fail') return { decision: 'free-retake', reasons: ['free-retake-covered'] };
  return { decision: 'not-eligible', reasons: ['no-rule-applies'] };
}
