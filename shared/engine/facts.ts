// Facts computed from a history for one question ("book this exam with this provider on
// this date, using this voucher"). Flat, precomputed values keep rule evaluation cheap.

import { daysBetween, type IsoDate } from '../dates.ts';
import { normalizeExam } from '../exam.ts';
import type { Attempt, History, Voucher } from '../history/format.ts';
import type { FactValues } from './catalogue.ts';

export interface BookingQuestion {
  exam: string;
  provider: string;
  /** The booking date asked about. */
  on: IsoDate;
  /** The date the exam is taken, when the question gives it (a booking page shows it). */
  examOn?: IsoDate;
}

const TAKEN: ReadonlySet<string> = new Set(['pass', 'fail', 'no-show']);

/** Attempts in the order they happened: exam date, then booking date, then id. */
export function chronological(attempts: readonly Attempt[]): Attempt[] {
  // Plain code-unit order: dates are YYYY-MM-DD, and ids only need a stable tie-break.
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return [...attempts].sort((a, b) => order(a.takenOn, b.takenOn) || order(a.bookedOn, b.bookedOn) || order(a.id, b.id));
}

/**
 * A history's attempts grouped once for many questions: by voucher (all but the cancelled)
 * and by normalised exam (those taken), each in the order they happened. Built per call of
 * the evaluation functions, from the history as it is then.
 */
export interface HistoryIndex {
  byVoucher: Map<string, Attempt[]>;
  takenByExam: Map<string, Attempt[]>;
}

export function indexHistory(history: History): HistoryIndex {
  const index: HistoryIndex = { byVoucher: new Map(), takenByExam: new Map() };
  for (const attempt of chronological(history.attempts)) addToIndex(index, attempt);
  return index;
}

/** Adds an attempt that happened after every attempt already in the index (an index grown one booking at a time). */
export function addToIndex(index: HistoryIndex, attempt: Attempt): void {
  const add = (map: Map<string, Attempt[]>, key: string): void => {
    const list = map.get(key);
    if (list) list.push(attempt);
    else map.set(key, [attempt]);
  };
  if (attempt.voucher !== undefined && attempt.result !== 'cancelled') add(index.byVoucher, attempt.voucher);
  if (TAKEN.has(attempt.result)) add(index.takenByExam, normalizeExam(attempt.exam));
}

/** The voucher's attempts that count: every one but the cancelled, in order. */
export function voucherAttempts(index: HistoryIndex, voucherId: string): Attempt[] {
  return index.byVoucher.get(voucherId) ?? [];
}

/**
 * What a voucher's status (voucherStatus in evaluate.ts) reads of a history: the voucher, its
 * attempts that count, and the taken attempts of the exam of its last one. Histories giving
 * lists equal element by element give the voucher the same status on a date under the same
 * rules, so an app whose unchanged records keep their identity can keep that status.
 */
export function statusReads(index: HistoryIndex, voucher: Voucher): readonly unknown[] {
  const attempts = voucherAttempts(index, voucher.id);
  const last = attempts[attempts.length - 1];
  const examTaken = last ? (index.takenByExam.get(normalizeExam(last.exam)) ?? []) : [];
  return [voucher, attempts.length, ...attempts, ...examTaken];
}

function daysSince(date: IsoDate | null, on: IsoDate): number | null {
  return date === null ? null : daysBetween(date, on);
}

export function computeFacts(index: HistoryIndex, voucher: Voucher | null, question: BookingQuestion): FactValues {
  const exam = normalizeExam(question.exam);
  const onVoucher = voucher ? voucherAttempts(index, voucher.id) : [];
  const first = onVoucher[0];
  const last = onVoucher[onVoucher.length - 1];
  const firstFailure = onVoucher.findIndex((a) => a.result === 'fail');
  let lastFailureOn: IsoDate | null = null;
  for (const attempt of onVoucher) if (attempt.result === 'fail') lastFailureOn = attempt.takenOn;
  let firstBookedOn: IsoDate | null = null;
  for (const attempt of onVoucher) if (firstBookedOn === null || attempt.bookedOn < firstBookedOn) firstBookedOn = attempt.bookedOn;

  const examTaken = index.takenByExam.get(exam) ?? [];
  const examFirstAttemptOn = examTaken[0]?.takenOn ?? null;
  const examLastAttemptOn = examTaken[examTaken.length - 1]?.takenOn ?? null;

  return {
    bookingDate: question.on,
    examOn: question.examOn ?? null,
    exam,
    provider: question.provider,
    voucherObtainedOn: voucher?.obtainedOn ?? null,
    voucherExam: first ? normalizeExam(first.exam) : null,
    voucherFirstBookedOn: firstBookedOn,
    voucherAttempts: onVoucher.length,
    voucherLastResult: last?.result ?? null,
    voucherPassed: onVoucher.some((a) => a.result === 'pass'),
    lastFailureOn,
    daysSinceLastFailure: daysSince(lastFailureOn, question.on),
    retakeUsed: firstFailure >= 0 && firstFailure < onVoucher.length - 1,
    examAttempts: examTaken.length,
    examPassed: examTaken.some((a) => a.result === 'pass'),
    examFirstAttemptOn,
    examLastAttemptOn,
    daysSinceExamLastAttempt: daysSince(examLastAttemptOn, question.on),
    daysSinceExamFirstAttempt: daysSince(examFirstAttemptOn, question.on),
  };
}
