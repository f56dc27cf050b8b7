// The seed's terms (Second Shot 2007–2008) written by hand in TypeScript: the yardstick the
// rule engine is measured against. Same facts, same decisions, and the same work on the answer:
// reason messages filled in, the opening and deadline dates computed, the retake policies
// considered; no rule file, no engine.

import { addDays, formatDate } from '../shared/dates.ts';
import { type BookingQuestion, computeFacts, type HistoryIndex } from '../shared/engine/facts.ts';
import { examMatchesAny, compileExamPattern } from '../shared/exam.ts';
import type { Voucher } from '../shared/history/format.ts';
import { providerDisplayName } from '../shared/providers.ts';

const COVERED = ['70-###', '71-###', '74-###', '75-###', '76-###', '78-###', '83-###', '88-###', 'MB#-###'].map(compileExamPattern);
const EXCLUDED = ['77-###', '72-###'].map(compileExamPattern);
const OPENS = '2007-09-15';
const END = '2008-06-30';
const NAME = 'Second Shot 2007–2008';

export interface BaselineAnswer {
  decision: string;
  reasons: { code: string; message: string }[];
  opensOn?: string;
  deadline?: string;
}

export function secondShot2007(index: HistoryIndex, voucher: Voucher, question: BookingQuestion): BaselineAnswer {
  const f = computeFacts(index, voucher, question);
  const retakeOpens = f.lastFailureOn === null ? null : addDays(f.lastFailureOn, 1);
  const refusals: BaselineAnswer['reasons'] = [];
  const say = (into: BaselineAnswer['reasons'], code: string, message: string): void => {
    into.push({ code, message });
  };
  if (f.provider !== 'prometric') say(refusals, 'provider-not-covered', `${NAME} covers exams booked with Prometric only, not with ${providerDisplayName(f.provider)}.`);
  if (!examMatchesAny(f.exam, COVERED) || examMatchesAny(f.exam, EXCLUDED)) say(refusals, 'exam-not-covered', `Exam ${f.exam} is not covered: ${NAME} covers Microsoft professional and developer exams (70-, 71-, 74-, 75-, 76-, 78-, 83-, 88- and MBx), not Microsoft Office Specialist (77-) or academic (72-) exams.`);
  if (f.bookingDate > END) say(refusals, 'offer-ended', `${NAME} ended on ${formatDate(END)}; bookings after that date are not covered.`);
  if (f.voucherFirstBookedOn !== null && f.voucherFirstBookedOn > END) say(refusals, 'first-booked-too-late', `The first exam with this voucher was booked on ${formatDate(f.voucherFirstBookedOn)}, after ${formatDate(END)}: ${NAME} does not cover it or its retake.`);
  const obtained = f.voucherObtainedOn ?? '';
  if ((f.voucherFirstBookedOn !== null && f.voucherFirstBookedOn < obtained) || (f.voucherAttempts === 0 && f.bookingDate < obtained)) {
    say(refusals, 'voucher-after-booking', `You must hold the Second Shot voucher before you book the exam; this voucher was obtained on ${formatDate(obtained)}.`);
  }
  if (f.voucherAttempts > 0 && f.exam !== f.voucherExam) say(refusals, 'different-exam', `This voucher is for ${f.voucherExam ?? ''}, not ${f.exam}: the free retake is for the same exam only.`);
  if (f.voucherPassed) say(refusals, 'already-passed', `You passed ${f.voucherExam ?? ''} with this voucher; there is nothing to retake.`);
  if (f.retakeUsed) say(refusals, 'retake-used', 'The free retake on this voucher has already been booked; each voucher gives one.');
  if (f.voucherLastResult === 'scheduled') say(refusals, 'attempt-pending', 'An exam booked with this voucher has no result yet; record its result first.');
  if (f.voucherLastResult === 'no-show') say(refusals, 'no-show-not-covered', 'The exam booked with this voucher was missed (no-show); only a failed exam earns the free retake.');
  const waits: BaselineAnswer['reasons'] = [];
  const opens: string[] = [];
  if (f.bookingDate < OPENS) {
    say(waits, 'offer-not-started', `${NAME} opens on ${formatDate(OPENS)}; book from then.`);
    opens.push(OPENS);
  }
  if (f.voucherLastResult === 'fail' && retakeOpens !== null && (f.daysSinceLastFailure ?? 0) < 1) {
    say(waits, 'retake-too-early', `Your free retake opens on ${formatDate(retakeOpens)}, the day after the failed exam on ${formatDate(f.lastFailureOn ?? '')}.`);
    opens.push(retakeOpens);
  }
  const tooEarly = f.voucherLastResult === 'fail' && (f.daysSinceLastFailure ?? 0) < 1;
  // A refusal outranks a wait: the waits are not said beside it.
  if (refusals.length > 0) return { decision: 'not-eligible', reasons: refusals };
  // Retake policies: the shipped ones (CompTIA's, Microsoft's) govern Pearson VUE bookings only,
  // and this offer pays for Prometric bookings only, so none holds back what it grants (the
  // engine, too, asks the policies only when the offer does not refuse). The check against the
  // file in core.bench.ts would show a policy that did.
  if (waits.length > 0) return { decision: 'wait', reasons: waits, opensOn: opens.sort().pop() ?? OPENS, ...(tooEarly ? { deadline: END } : {}) };
  if (f.voucherAttempts === 0) return { decision: 'first-attempt', reasons: [{ code: 'first-attempt-covered', message: `Book and pay for ${f.exam} at Prometric with voucher ${voucher.code} by ${formatDate(END)}; if you fail, the retake is free.` }], deadline: END };
  if (f.voucherLastResult === 'fail') return { decision: 'free-retake', reasons: [{ code: 'free-retake-covered', message: `Your free retake of ${f.exam} is covered: book it with voucher ${voucher.code} by ${formatDate(END)}.` }], deadline: END };
  return { decision: 'not-eligible', reasons: [{ code: 'no-rule-applies', message: 'None of this offer\'s rules covers this booking.' }] };
}
