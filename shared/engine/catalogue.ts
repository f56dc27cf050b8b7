// The catalogue: every fact and operator a rule file may use. Facts are computed in code
// (facts.ts) from the history and the question asked; rules only compare them. A rule
// naming anything outside this catalogue is rejected when the file is validated.

import type { IsoDate } from '../dates.ts';
import { compileExamPattern, examMatchesAny } from '../exam.ts';

export type ValueType = 'date' | 'number' | 'boolean' | 'exam' | 'text';

/** The value of every fact, as computed for one question. `null` means "does not apply". */
export interface FactValues {
  bookingDate: IsoDate;
  examOn: IsoDate | null;
  exam: string;
  provider: string;
  voucherObtainedOn: IsoDate | null;
  voucherExam: string | null;
  voucherFirstBookedOn: IsoDate | null;
  voucherAttempts: number;
  voucherLastResult: string | null;
  voucherPassed: boolean;
  lastFailureOn: IsoDate | null;
  daysSinceLastFailure: number | null;
  retakeUsed: boolean;
  examAttempts: number;
  examPassed: boolean;
  examFirstAttemptOn: IsoDate | null;
  examLastAttemptOn: IsoDate | null;
  daysSinceExamLastAttempt: number | null;
  daysSinceExamFirstAttempt: number | null;
}

export type FactName = keyof FactValues;

export interface FactSpec {
  type: ValueType;
  nullable: boolean;
  /** How plain-English renderings name the fact; for true/false facts, the statement itself. */
  label: string;
  description: string;
}

// A total record: adding a fact to FactValues without describing it here is a compile error.
export const FACTS: { readonly [K in FactName]: FactSpec } = {
  bookingDate: { type: 'date', nullable: false, label: 'the booking date', description: 'the date the booking is made (the date asked about)' },
  examOn: { type: 'date', nullable: true, label: 'the date of the exam booked', description: 'the date the exam being booked is taken, when the question gives it: the booking page shows it, the app asks for it, "check --exam-on" passes it; for an exam already booked, its date' },
  exam: { type: 'exam', nullable: false, label: 'the exam booked', description: 'the exam being booked, normalised ("070-298" is "70-298", "az-900" is "AZ-900")' },
  provider: { type: 'text', nullable: false, label: 'the test provider', description: 'the test provider: "prometric", "pearson-vue", …' },
  voucherObtainedOn: { type: 'date', nullable: true, label: 'the date the voucher was obtained', description: 'the date the voucher was obtained' },
  voucherExam: { type: 'exam', nullable: true, label: 'the exam the voucher is for', description: 'the exam the voucher is bound to: the exam of its first attempt' },
  voucherFirstBookedOn: { type: 'date', nullable: true, label: 'the date the first exam with the voucher was booked', description: 'the date the first exam with this voucher was booked' },
  voucherAttempts: { type: 'number', nullable: false, label: 'the number of exams booked with the voucher', description: 'attempts booked with this voucher, cancelled ones not counted' },
  voucherLastResult: { type: 'text', nullable: true, label: 'the result of the latest exam with the voucher', description: 'the result of the latest attempt with this voucher: "scheduled", "pass", "fail" or "no-show"' },
  voucherPassed: { type: 'boolean', nullable: false, label: 'an exam with the voucher was passed', description: 'an attempt with this voucher was passed' },
  lastFailureOn: { type: 'date', nullable: true, label: 'the date of the latest failed exam with the voucher', description: 'the date of the latest failed attempt with this voucher' },
  daysSinceLastFailure: { type: 'number', nullable: true, label: 'the number of days since that failed exam', description: 'calendar days from the latest failure with this voucher to the booking date' },
  retakeUsed: { type: 'boolean', nullable: false, label: 'the retake was already booked', description: 'an attempt was already booked with this voucher after a failure' },
  examAttempts: { type: 'number', nullable: false, label: 'the number of attempts at this exam', description: 'attempts at this exam taken (pass, fail or no-show), with or without a voucher' },
  examPassed: { type: 'boolean', nullable: false, label: 'this exam was passed', description: 'this exam was passed, with or without a voucher' },
  examFirstAttemptOn: { type: 'date', nullable: true, label: 'the date of the first attempt at this exam', description: 'the date of the first attempt at this exam' },
  examLastAttemptOn: { type: 'date', nullable: true, label: 'the date of the latest attempt at this exam', description: 'the date of the latest attempt at this exam' },
  daysSinceExamLastAttempt: { type: 'number', nullable: true, label: 'the number of days since the latest attempt at this exam', description: 'calendar days from the latest attempt at this exam to the booking date' },
  daysSinceExamFirstAttempt: { type: 'number', nullable: true, label: 'the number of days since the first attempt at this exam', description: 'calendar days from the first attempt at this exam to the booking date' },
};

export const FACT_NAMES = Object.keys(FACTS) as FactName[];

/** What an operator compares a fact with: a value of the fact's own type, or a list. */
export type OperandKind = 'same' | 'list-of-same' | 'exam-patterns';

export interface OperatorSpec {
  /** Fact types the operator accepts on its left. */
  accepts: readonly ValueType[];
  operand: OperandKind;
  /** Plain words for explanations: "<fact> is on or before <value>". */
  words: string;
  description: string;
  /** Our own operators; json-rules-engine's built-ins have none here. */
  evaluate?: (factValue: unknown, operand: unknown) => boolean;
}

const isDate = (v: unknown): v is string => typeof v === 'string';
const patternCache = new Map<string, RegExp>();
function patterns(list: unknown): RegExp[] {
  if (!Array.isArray(list)) return [];
  return list.map((p: unknown) => {
    const key = String(p);
    let compiled = patternCache.get(key);
    if (!compiled) {
      compiled = compileExamPattern(key);
      patternCache.set(key, compiled);
    }
    return compiled;
  });
}

export const OPERATORS = {
  equal: { accepts: ['date', 'number', 'boolean', 'exam', 'text'], operand: 'same', words: 'is', description: 'the same value' },
  notEqual: { accepts: ['date', 'number', 'boolean', 'exam', 'text'], operand: 'same', words: 'is not', description: 'a different value (a missing value is different too)' },
  lessThan: { accepts: ['number'], operand: 'same', words: 'is less than', description: 'a smaller number' },
  lessThanInclusive: { accepts: ['number'], operand: 'same', words: 'is at most', description: 'a number no larger' },
  greaterThan: { accepts: ['number'], operand: 'same', words: 'is more than', description: 'a larger number' },
  greaterThanInclusive: { accepts: ['number'], operand: 'same', words: 'is at least', description: 'a number no smaller' },
  in: { accepts: ['text', 'exam'], operand: 'list-of-same', words: 'is one of', description: 'one of a list of values' },
  notIn: { accepts: ['text', 'exam'], operand: 'list-of-same', words: 'is none of', description: 'none of a list of values' },
  before: {
    accepts: ['date'], operand: 'same', words: 'is before', description: 'an earlier calendar date (false when the fact has no date)',
    evaluate: (a, b) => isDate(a) && isDate(b) && a < b,
  },
  after: {
    accepts: ['date'], operand: 'same', words: 'is after', description: 'a later calendar date (false when the fact has no date)',
    evaluate: (a, b) => isDate(a) && isDate(b) && a > b,
  },
  onOrBefore: {
    accepts: ['date'], operand: 'same', words: 'is on or before', description: 'the same or an earlier calendar date',
    evaluate: (a, b) => isDate(a) && isDate(b) && a <= b,
  },
  onOrAfter: {
    accepts: ['date'], operand: 'same', words: 'is on or after', description: 'the same or a later calendar date',
    evaluate: (a, b) => isDate(a) && isDate(b) && a >= b,
  },
  examMatches: {
    accepts: ['exam'], operand: 'exam-patterns', words: 'matches one of', description: 'an exam code matching one of the patterns ("70-*", "MB#-###")',
    evaluate: (a, b) => typeof a === 'string' && examMatchesAny(a, patterns(b)),
  },
  examNotMatches: {
    accepts: ['exam'], operand: 'exam-patterns', words: 'matches none of', description: 'an exam code matching none of the patterns',
    evaluate: (a, b) => typeof a === 'string' && !examMatchesAny(a, patterns(b)),
  },
} as const satisfies Record<string, OperatorSpec>;

export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

export function isFactName(name: string): name is FactName {
  return Object.hasOwn(FACTS, name);
}

export function isOperatorName(name: string): name is OperatorName {
  return Object.hasOwn(OPERATORS, name);
}
