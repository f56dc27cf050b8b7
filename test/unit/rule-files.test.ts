// Every shipped rule file validates, and every worked example in it passes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readRuleFiles, ROOT } from '../../cli/rules-on-disk.ts';
import { runExample } from '../../shared/engine/examples.ts';
import { describeProblems } from '../../shared/engine/ruleset.ts';
import { addDays } from '../../shared/dates.ts';
import { evaluateBooking } from '../../shared/engine/evaluate.ts';
import { history, shippedRuleSet, shippedRules } from '../support/rules.ts';

const files = readRuleFiles();

describe('shipped rule files', () => {
  it('all validate', () => {
    expect(describeProblems(shippedRules().problems)).toBe('');
    expect(shippedRuleSet().ids().sort()).toEqual(files.map((f) => JSON.parse(f.text).id).sort());
  });

  it('ship the seed offer, a later round, and two retake policies', () => {
    expect(shippedRuleSet().offers().map((o) => o.spec.id)).toEqual(expect.arrayContaining(['ms-second-shot-2007', 'ms-second-shot-2015']));
    expect(shippedRuleSet().policies().map((o) => o.spec.sponsor).sort()).toEqual(['CompTIA', 'Microsoft']);
  });

  it('each carry sources with a reading date and their interpretations', () => {
    for (const offer of shippedRuleSet().all()) {
      expect(offer.spec.sources.length, offer.file).toBeGreaterThan(0);
      expect(offer.spec.interpretations.length, offer.file).toBeGreaterThan(0);
    }
  });

  it('never pay a retake of a first exam booked after firstAttemptBy, whatever day the retake is booked', async () => {
    for (const { spec } of shippedRuleSet().offers()) {
      const p = spec.parameters;
      const [firstBy, retakeBy] = [String(p['firstAttemptBy']), String(p['retakeBy'])];
      const covered = Array.isArray(p['coveredExams']) ? String(p['coveredExams'][0]).replace(/[#?*]/g, '1') : '70-298';
      const provider = Array.isArray(p['providers']) ? String(p['providers'][0]) : 'prometric';
      const late = addDays(firstBy, 1);
      const h = history({
        vouchers: [{ id: 'v1', code: spec.voucherCode?.example ?? 'CODE', offer: spec.id, obtainedOn: String(p['opens']) }],
        attempts: [{ id: 'a1', voucher: 'v1', exam: covered, provider, bookedOn: late, takenOn: late, result: 'fail' }],
      });
      for (let day = late; day <= addDays(retakeBy, 1); day = addDays(day, 1)) {
        const answer = await evaluateBooking(shippedRuleSet(), h, h.vouchers[0]!, { exam: covered, provider, on: day });
        expect(answer.decision, `${spec.id} on ${day}`).not.toBe('free-retake');
      }
    }
  });

  it('are accepted by the JSON Schema their $schema points to', () => {
    const schema: unknown = JSON.parse(readFileSync(join(ROOT, 'rules/schema/offer.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
    for (const file of files) {
      const value: unknown = JSON.parse(file.text);
      expect(validate(value) ? [] : validate.errors, file.file).toEqual([]);
    }
  });
});

// Tests are named from the files as written; each example runs inside its own test, so mutation
// testing sees which examples reach which code.
for (const file of files) {
  const spec = JSON.parse(file.text) as { id: string; examples?: { name: string }[] };
  describe(`worked examples of ${file.file}`, () => {
    for (const [index, example] of (spec.examples ?? []).entries()) {
      it(example.name, async () => {
        const offer = shippedRuleSet().get(spec.id);
        expect(offer, `${spec.id} did not load`).toBeDefined();
        const outcome = await runExample(shippedRuleSet(), offer!, index);
        expect(describeProblems(outcome.problems)).toBe('');
        expect(outcome.passed).toBe(true);
      });
    }
  });
}
