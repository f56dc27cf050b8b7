// The catalogue of facts and operators, as program managers meet it: the words explanations use,
// which comparisons a rule file may make, what the guide (rules/README.md) says of each fact, and how a fact that
// does not apply compares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { FACT_NAMES, FACTS, type FactName, OPERATOR_NAMES, OPERATORS, type OperatorName, type ValueType } from '../../shared/engine/catalogue.ts';
import { evaluateBooking } from '../../shared/engine/evaluate.ts';
import { describeCondition } from '../../shared/engine/explain.ts';
import type { Condition } from '../../shared/engine/offer-file.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';
import { ALWAYS, rule, ruleFile, ruleSetOf, voucher } from '../support/offer-builder.ts';
import { history } from '../support/rules.ts';

const SAMPLE: Record<ValueType, unknown> = { date: '2026-03-10', number: 3, boolean: true, exam: '70-298', text: 'fail' };

/** One comparison, as a rule file writes it. */
const leaf = (fact: FactName, operator: OperatorName, value: unknown): Record<string, unknown> => ({ fact, operator, value });
const condition = (fact: FactName, operator: OperatorName, value: unknown): Condition => leaf(fact, operator, value) as Condition;

describe('the catalogue in plain words', () => {
  it('names every fact as explanations say it', () => {
    const said = Object.fromEntries(FACT_NAMES.map((fact) => [fact, describeCondition(condition(fact, 'equal', SAMPLE[FACTS[fact].type]), {})]));
    expect(said).toEqual({
      bookingDate: 'the booking date is 10 Mar 2026',
      examOn: 'the date of the exam booked is 10 Mar 2026',
      exam: 'the exam booked is "70-298"',
      provider: 'the test provider is "fail"',
      voucherObtainedOn: 'the date the voucher was obtained is 10 Mar 2026',
      voucherExam: 'the exam the voucher is for is "70-298"',
      voucherFirstBookedOn: 'the date the first exam with the voucher was booked is 10 Mar 2026',
      voucherAttempts: 'the number of exams booked with the voucher is 3',
      voucherLastResult: 'the result of the latest exam with the voucher is "fail"',
      voucherPassed: 'an exam with the voucher was passed',
      lastFailureOn: 'the date of the latest failed exam with the voucher is 10 Mar 2026',
      daysSinceLastFailure: 'the number of days since that failed exam is 3',
      retakeUsed: 'the retake was already booked',
      examAttempts: 'the number of attempts at this exam is 3',
      examPassed: 'this exam was passed',
      examFirstAttemptOn: 'the date of the first attempt at this exam is 10 Mar 2026',
      examLastAttemptOn: 'the date of the latest attempt at this exam is 10 Mar 2026',
      daysSinceExamLastAttempt: 'the number of days since the latest attempt at this exam is 3',
      daysSinceExamFirstAttempt: 'the number of days since the first attempt at this exam is 3',
    });
  });

  it('says every operator as a comparison a person reads', () => {
    const number = (operator: OperatorName) => describeCondition(condition('voucherAttempts', operator, 2), {});
    const date = (operator: OperatorName) => describeCondition(condition('bookingDate', operator, '2026-03-10'), {});
    expect(['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'].map((o) => number(o as OperatorName))).toEqual([
      'the number of exams booked with the voucher is 2',
      'the number of exams booked with the voucher is not 2',
      'the number of exams booked with the voucher is less than 2',
      'the number of exams booked with the voucher is at most 2',
      'the number of exams booked with the voucher is more than 2',
      'the number of exams booked with the voucher is at least 2',
    ]);
    expect(['before', 'after', 'onOrBefore', 'onOrAfter'].map((o) => date(o as OperatorName))).toEqual([
      'the booking date is before 10 Mar 2026',
      'the booking date is after 10 Mar 2026',
      'the booking date is on or before 10 Mar 2026',
      'the booking date is on or after 10 Mar 2026',
    ]);
    expect(describeCondition(condition('provider', 'in', ['prometric', 'pearson-vue']), {})).toBe('the test provider is one of prometric, pearson-vue');
    expect(describeCondition(condition('provider', 'notIn', ['prometric', 'pearson-vue']), {})).toBe('the test provider is none of prometric, pearson-vue');
    expect(describeCondition(condition('exam', 'examMatches', ['70-###']), {})).toBe('the exam booked matches one of 70-xxx');
    expect(describeCondition(condition('exam', 'examNotMatches', ['70-###']), {})).toBe('the exam booked matches none of 70-xxx');
  });
});

describe('which comparisons a rule file may make', () => {
  /** The kinds of fact each operator is accepted on, found by loading a one-rule file for every fact. */
  function acceptedKinds(operator: OperatorName): ValueType[] {
    const kinds = new Set<ValueType>();
    for (const fact of FACT_NAMES) {
      const kind = FACTS[fact].type;
      const operand = OPERATORS[operator].operand;
      const value = operand === 'list-of-same' ? [SAMPLE[kind]] : operand === 'exam-patterns' ? ['70-###'] : SAMPLE[kind];
      const { problems } = loadRuleSet([ruleFile('offer', [rule({ type: 'first-attempt', reason: 'r', when: [leaf(fact, operator, value)] })])]);
      if (problems.length === 0) kinds.add(kind);
    }
    return [...kinds].sort();
  }

  it('compares numbers by size, dates by the calendar, lists and patterns only of text and exams', () => {
    expect(Object.fromEntries(OPERATOR_NAMES.map((operator) => [operator, acceptedKinds(operator)]))).toEqual({
      equal: ['boolean', 'date', 'exam', 'number', 'text'],
      notEqual: ['boolean', 'date', 'exam', 'number', 'text'],
      lessThan: ['number'],
      lessThanInclusive: ['number'],
      greaterThan: ['number'],
      greaterThanInclusive: ['number'],
      in: ['exam', 'text'],
      notIn: ['exam', 'text'],
      before: ['date'],
      after: ['date'],
      onOrBefore: ['date'],
      onOrAfter: ['date'],
      examMatches: ['exam'],
      examNotMatches: ['exam'],
    });
  });

  it('refuses a list where one value is expected, and one value where a list is', () => {
    const problems = (operator: OperatorName, value: unknown) =>
      loadRuleSet([ruleFile('offer', [rule({ type: 'first-attempt', reason: 'r', when: [leaf('provider', operator, value)] })])]).problems.length;
    expect(problems('equal', ['prometric'])).toBeGreaterThan(0);
    expect(problems('in', 'prometric')).toBeGreaterThan(0);
    expect(problems('in', ['prometric'])).toBe(0);
  });
});

describe('the guide', () => {
  const WORDS: Record<ValueType, string> = { date: 'date', number: 'number', boolean: 'true/false', exam: 'exam', text: 'text' };

  it('gives each fact the kind of value the engine computes, "or none" exactly for the facts that may not apply', () => {
    const guide = readFileSync(join(ROOT, 'rules/README.md'), 'utf8');
    const kinds = Object.fromEntries([...guide.matchAll(/^\| `(\w+)` \| ([^|]+?) \|/gm)].filter(([, name]) => Object.hasOwn(FACTS, name!)).map(([, name, kind]) => [name, kind]));
    expect(kinds).toEqual(Object.fromEntries(FACT_NAMES.map((fact) => [fact, `${WORDS[FACTS[fact].type]}${FACTS[fact].nullable ? ' or none' : ''}`])));
  });

  it('says what each fact means in the catalogue\'s own words (code in backticks, quoted in the catalogue)', () => {
    const guide = readFileSync(join(ROOT, 'rules/README.md'), 'utf8');
    const meanings = Object.fromEntries(
      [...guide.matchAll(/^\| `(\w+)` \| [^|]+? \| ([^|]+?) \|/gm)].filter(([, name]) => Object.hasOwn(FACTS, name!)).map(([, name, meaning]) => [name, meaning!.replace(/`([^`]*)`/g, '"$1"')]),
    );
    expect(meanings).toEqual(Object.fromEntries(FACT_NAMES.map((fact) => [fact, FACTS[fact].description])));
  });
});

/** Whether a rule with this one condition decides a booking of 70-298 with a voucher not used yet. */
const fires = async (when: Record<string, unknown>): Promise<boolean> => {
  const ruleSet = ruleSetOf(ruleFile('offer', [rule({ type: 'free-retake', reason: 'fired', when: [when] }), rule({ type: 'first-attempt', reason: 'first', when: [ALWAYS] })]));
  const h = history({ vouchers: [voucher('offer')] });
  return (await evaluateBooking(ruleSet, h, h.vouchers[0]!, { exam: '70-298', provider: 'prometric', on: '2026-02-01' })).decision === 'free-retake';
};

describe('a fact that does not apply', () => {
  // No attempt yet: the latest failure and the voucher's exam are "none".
  it('is never before, after or on any date', async () => {
    for (const operator of ['before', 'after', 'onOrBefore', 'onOrAfter'] as const) {
      expect(await fires(leaf('lastFailureOn', operator, '2026-02-01')), operator).toBe(false);
    }
  });

  it('matches no exam pattern, and is not counted as matching none either', async () => {
    expect(await fires(leaf('voucherExam', 'examMatches', ['70-###']))).toBe(false);
    expect(await fires(leaf('voucherExam', 'examNotMatches', ['70-###']))).toBe(false);
    // Not even the pattern of every exam.
    expect(await fires(leaf('voucherExam', 'examMatches', ['*']))).toBe(false);
  });

  it('is different from every value', async () => {
    expect(await fires(leaf('lastFailureOn', 'notEqual', '2026-02-01'))).toBe(true);
    expect(await fires(leaf('lastFailureOn', 'equal', '2026-02-01'))).toBe(false);
  });
});

describe('exam patterns', () => {
  it('matches the exam booked against patterns as written or normalised, every time', async () => {
    for (let time = 0; time < 2; time++) {
      expect(await fires(leaf('exam', 'examMatches', ['070-###']))).toBe(true);
      expect(await fires(leaf('exam', 'examMatches', ['77-###', '70-2##']))).toBe(true);
      expect(await fires(leaf('exam', 'examMatches', ['77-###']))).toBe(false);
      expect(await fires(leaf('exam', 'examNotMatches', ['77-###']))).toBe(true);
      expect(await fires(leaf('exam', 'examNotMatches', ['70-###']))).toBe(false);
    }
  });
});
