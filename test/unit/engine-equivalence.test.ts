// The fast path (each distinct comparison evaluated once by json-rules-engine, the file's
// all/any/not structure combined from the results, answers remembered by fact values) must fire
// exactly the rules that json-rules-engine fires when it runs each rule of a file as written.
import fc from 'fast-check';
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { FACTS, type FactName, type FactValues, OPERATORS, type OperatorName, type ValueType } from '../../shared/engine/catalogue.ts';
import type { Condition, ParamValue, RuleEvent } from '../../shared/engine/offer-file.ts';
import { type CompiledOffer, firedEvents, loadRuleSet, REMEMBERED_ANSWERS } from '../../shared/engine/ruleset.ts';
import { addDays } from '../../shared/dates.ts';
import { readRuleFiles } from '../../cli/rules-on-disk.ts';
import { shippedRuleSet } from '../support/rules.ts';

/** Parameters filled in, as the file's author means them; nothing else changed. */
function asWritten(condition: Condition, params: Record<string, ParamValue>): Condition {
  if ('all' in condition) return { all: condition.all.map((c) => asWritten(c, params)) };
  if ('any' in condition) return { any: condition.any.map((c) => asWritten(c, params)) };
  if ('not' in condition) return { not: asWritten(condition.not, params) };
  const value = condition.value;
  if (typeof value === 'object' && !Array.isArray(value) && 'param' in value) return { ...condition, value: params[value.param] ?? null } as Condition;
  return condition;
}

/** json-rules-engine running every rule of the file as its own engine rule. */
async function firedAsWritten(offer: CompiledOffer, facts: FactValues): Promise<RuleEvent[]> {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const [name, operator] of Object.entries(OPERATORS)) if ('evaluate' in operator) engine.addOperator(name, operator.evaluate);
  offer.spec.rules.forEach((rule, index) => {
    const written = asWritten(rule.conditions, offer.spec.parameters);
    const top = 'all' in written || 'any' in written || 'not' in written ? written : { all: [written] };
    engine.addRule({ name: String(index), conditions: top as TopLevelCondition, event: { type: String(index) } });
  });
  const { events } = await engine.run({ ...facts });
  const fired = new Set(events.map((e) => Number(e.type)));
  return offer.spec.rules.filter((_, index) => fired.has(index)).map((rule) => rule.event);
}

const POOLS: Record<ValueType, readonly (string | number | boolean)[]> = {
  date: ['2007-09-14', '2007-09-15', '2007-09-16', '2007-11-10', '2007-11-11', '2008-06-30', '2008-07-01'],
  number: [0, 1, 2, 3, 30],
  boolean: [true, false],
  exam: ['70-298', '70-299', '77-601', 'MB2-631', 'AZ-900'],
  text: ['prometric', 'pearson-vue', 'pass', 'fail', 'no-show', 'scheduled'],
};
const FACT_NAMES = Object.keys(FACTS) as FactName[];

const factValues: fc.Arbitrary<FactValues> = fc.record(
  Object.fromEntries(FACT_NAMES.map((name) => {
    const spec = FACTS[name];
    const value = fc.constantFrom(...POOLS[spec.type]);
    return [name, spec.nullable ? fc.option(value, { nil: null, freq: 4 }) : value];
  })) as { [K in FactName]: fc.Arbitrary<FactValues[K]> },
);

// Parameters by what they can stand for: a value of a type, a list of values, or exam patterns.
const PARAMS: Record<string, { for: ValueType | 'text-list' | 'exam-list' | 'exam-patterns'; value: ParamValue }> = {
  opens: { for: 'date', value: '2007-09-15' },
  until: { for: 'date', value: '2008-06-30' },
  wait: { for: 'number', value: 1 },
  max: { for: 'number', value: 2 },
  flag: { for: 'boolean', value: true },
  one: { for: 'exam', value: '70-298' },
  usualProvider: { for: 'text', value: 'prometric' },
  providers: { for: 'text-list', value: ['prometric'] },
  examList: { for: 'exam-list', value: ['70-298', 'AZ-900'] },
  covered: { for: 'exam-patterns', value: ['70-###', 'MB#-###'] },
};

function operatorsFor(type: ValueType): OperatorName[] {
  return (Object.keys(OPERATORS) as OperatorName[]).filter((name) => (OPERATORS[name].accepts as readonly ValueType[]).includes(type));
}

const comparison: fc.Arbitrary<Condition> = fc.constantFrom(...FACT_NAMES).chain((fact) => {
  const type = FACTS[fact].type;
  return fc.constantFrom(...operatorsFor(type)).chain((operator) => {
    const operand = OPERATORS[operator].operand;
    const literal =
      operand === 'exam-patterns' ? fc.subarray(['70-###', '7?-29#', 'MB#-*', 'AZ-900'], { minLength: 1 })
        : operand === 'list-of-same' ? fc.subarray([...POOLS[type]] as string[], { minLength: 1 })
          : fc.constantFrom(...POOLS[type]);
    const wanted = operand === 'same' ? type : operand === 'exam-patterns' ? 'exam-patterns' : `${type}-list`;
    const params = Object.entries(PARAMS).filter(([, p]) => p.for === wanted).map(([name]) => ({ param: name }));
    const sameTypeFacts = FACT_NAMES.filter((f) => FACTS[f].type === type && f !== fact).map((f) => ({ fact: f }));
    const values = [literal, ...(params.length > 0 ? [fc.constantFrom(...params)] : []), ...(operand === 'same' && sameTypeFacts.length > 0 ? [fc.constantFrom(...sameTypeFacts)] : [])];
    return fc.oneof(...values).map((value) => ({ fact, operator, value }) as Condition);
  });
});

// Few distinct comparisons, so that rules share them as real files do.
const condition: fc.Arbitrary<Condition> = fc.array(comparison, { minLength: 1, maxLength: 5 }).chain((pool) =>
  fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...pool),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie('node').map((not) => ({ not })),
    ),
  })).node,
);

const base = JSON.parse(readRuleFiles().find((f) => f.file.endsWith('ms-second-shot-2007.json'))?.text ?? '{}') as Record<string, unknown>;
const reason = Object.keys(base['reasons'] as object)[0] ?? '';

function generatedFile(rules: Condition[]): CompiledOffer {
  const text = JSON.stringify({
    ...base,
    parameters: { ...(base['parameters'] as object), ...Object.fromEntries(Object.entries(PARAMS).map(([name, p]) => [name, p.value])) },
    // The generated rules give one reason; which refusals mean "expired" is the shipped file's own.
    statuses: undefined,
    rules: rules.map((conditions, i) => ({
      name: `rule ${i}`,
      conditions: 'all' in conditions || 'any' in conditions || 'not' in conditions ? conditions : { all: [conditions] },
      event: { type: i % 2 === 0 ? 'not-eligible' : 'first-attempt', params: { reason } },
    })),
  });
  const loaded = loadRuleSet([{ file: `generated/${String(base['id'])}.json`, text }]);
  const offer = loaded.ruleSet.get(String(base['id']));
  if (!offer) throw new Error(`the generator wrote an invalid file: ${loaded.problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`);
  return offer;
}

describe('the fast path fires what json-rules-engine fires with the rules as written', () => {
  it('for every shipped offer and policy', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...shippedRuleSet().all()), factValues, async (offer, facts) => {
        expect(await firedEvents(offer, facts)).toEqual(await firedAsWritten(offer, facts));
      }),
      { numRuns: 400 },
    );
  });

  it('for generated rule files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(condition, { minLength: 1, maxLength: 6 }), fc.array(factValues, { minLength: 1, maxLength: 4 }), async (rules, questions) => {
        const offer = generatedFile(rules);
        const expected = await Promise.all(questions.map((facts) => firedAsWritten(offer, facts)));
        // Asked at the same time on one engine, each run reading its own facts; then again one
        // by one, so that remembered answers are checked too.
        expect(await Promise.all(questions.map((facts) => firedEvents(offer, facts)))).toEqual(expected);
        for (const [i, facts] of questions.entries()) expect(await firedEvents(offer, facts)).toEqual(expected[i]);
      }),
      { numRuns: 200 },
    );
  });

  it('answers a question asked while another is under way on the same file, at any point of that one', async () => {
    const offer = shippedRuleSet().get('ms-second-shot-2007')!;
    const questions = fc.sample(factValues, { numRuns: 8, seed: 7 });
    const expected = await Promise.all(questions.map((facts) => firedAsWritten(offer, facts)));
    // A run takes a few dozen promise steps: the second question starts after each of them in turn.
    for (let steps = 0; steps < 60; steps++) {
      for (let i = 0; i < questions.length; i += 2) {
        offer.answers.clear();
        const first = firedEvents(offer, questions[i]!);
        for (let step = 0; step < steps; step++) await Promise.resolve();
        const second = firedEvents(offer, questions[i + 1]!);
        expect(await Promise.all([first, second])).toEqual([expected[i], expected[i + 1]]);
      }
    }
  });

  it('a question whose evaluation fails fails alone: the file answers the next ones', async () => {
    const offer = shippedRuleSet().get('ms-second-shot-2007')!;
    const [facts] = fc.sample(factValues, { numRuns: 1, seed: 3 });
    let reads = 0;
    // Readable once (for the remembered answers' key), then unreadable, inside the engine's run.
    const failing = { ...facts!, get exam(): string { if (reads++ > 0) throw new Error('unreadable'); return '70-298'; } } as FactValues;
    offer.answers.clear();
    await expect(firedEvents(offer, failing)).rejects.toThrow('unreadable');
    expect(await firedEvents(offer, facts!)).toEqual(await firedAsWritten(offer, facts!));
  });

  it('remembers a bounded number of answers, and answers right after forgetting', async () => {
    const offer = generatedFile([{ fact: 'bookingDate', operator: 'after', value: { param: 'until' } }]);
    const facts = fc.sample(factValues, { numRuns: 1, seed: 1 })[0]!;
    // One more question than are remembered, each on its own day: the oldest answers go.
    for (let day = 0; day <= REMEMBERED_ANSWERS; day++) await firedEvents(offer, { ...facts, bookingDate: addDays('2000-01-01', day) });
    expect(offer.answers.size).toBeLessThanOrEqual(REMEMBERED_ANSWERS);
    const late = { ...facts, bookingDate: '2008-07-01' };
    expect(await firedEvents(offer, late)).toEqual(await firedAsWritten(offer, late));
    expect(await firedEvents(offer, { ...facts, bookingDate: '2008-06-30' })).toEqual([]);
  });

  it('evaluates each distinct comparison once per question', () => {
    const offer = generatedFile([
      { all: [{ fact: 'examPassed', operator: 'equal', value: false }, { fact: 'voucherAttempts', operator: 'lessThan', value: { param: 'max' } }] },
      { any: [{ fact: 'voucherAttempts', operator: 'lessThan', value: 2 }, { not: { fact: 'examPassed', operator: 'equal', value: false } }] },
    ]);
    // `{ param: "max" }` is 2, so the second rule's comparison is the first rule's.
    expect(offer.comparisons).toBe(2);
  });
});
