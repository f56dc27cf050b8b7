// The dashboard keeps statuses across edits: a voucher's status is worked out again only when
// what it reads changed, and what is kept must always equal what working everything out
// afresh gives (generated histories and edits).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates.ts';
import { type StatusResult, voucherStatus } from '../../shared/engine/evaluate.ts';
import type { RuleSet } from '../../shared/engine/ruleset.ts';
import type { Attempt, AttemptResult, History, Voucher } from '../../shared/history/format.ts';
import { reuseUnchanged, sameData, StatusMemory } from '../../pwa/statuses.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { ALWAYS, rule, ruleFile, ruleSetOf } from '../support/offer-builder.ts';
import { history, shippedRuleSet } from '../support/rules.ts';

// An offer that pays any retake, under Microsoft's retake policy: the policy alone decides
// when a retake opens, from every attempt of the exam, whichever voucher paid for them.
const policy = 'rules/offers/microsoft-retake-policy.json';
const ruleSet = ruleSetOf(
  ruleFile('any-retake', [rule({ type: 'free-retake', reason: 'paid', when: [ALWAYS] })]),
  { file: policy, text: readFileSync(join(ROOT, policy), 'utf8') },
);

const EXAMS = ['AZ-900', 'az-900', 'AZ-104'];
const RESULTS: AttemptResult[] = ['scheduled', 'pass', 'fail', 'no-show', 'cancelled'];
// Failures often, so that retake policies (which read every attempt of an exam) have a say.
const resultArb = fc.oneof({ arbitrary: fc.constant<AttemptResult>('fail'), weight: 3 }, { arbitrary: fc.constantFrom(...RESULTS), weight: 2 });
const VOUCHERS = ['v1', 'v2', 'v3', undefined] as const;

/** What the app does after an edit: the history read back (new objects), unchanged records given their old ones. */
function readBack(previous: History, edited: History): History {
  return reuseUnchanged(previous, structuredClone(edited));
}

async function statusesKept(memory: StatusMemory, h: History, on: string, rules: RuleSet = ruleSet): Promise<{ results: StatusResult[]; stale: string[] }> {
  const plan = memory.plan(h, rules, on);
  const kept = new Map(plan.kept);
  for (const voucher of plan.stale) kept.set(voucher.id, memory.remember(plan, voucher, await voucherStatus(rules, h, voucher, on, plan.index)));
  return { results: h.vouchers.map((v) => kept.get(v.id) as StatusResult), stale: plan.stale.map((v) => v.id) };
}

const attemptArb = fc.record({
  voucher: fc.constantFrom(...VOUCHERS),
  exam: fc.constantFrom(...EXAMS),
  provider: fc.constantFrom('pearson-vue', 'pearson-vue', 'prometric'),
  booked: fc.integer({ min: 0, max: 40 }),
  gap: fc.integer({ min: 0, max: 10 }),
  result: resultArb,
});
type AttemptSketch = typeof attemptArb extends fc.Arbitrary<infer T> ? T : never;

function attemptOf(sketch: AttemptSketch, id: string): Attempt {
  const bookedOn = addDays('2026-01-05', sketch.booked);
  const attempt: Attempt = { id, exam: sketch.exam, provider: sketch.provider, bookedOn, takenOn: addDays(bookedOn, sketch.gap), result: sketch.result };
  if (sketch.voucher) attempt.voucher = sketch.voucher;
  return attempt;
}

const editArb = fc.oneof(
  fc.record({ kind: fc.constant('result' as const), which: fc.nat(), result: fc.constantFrom(...RESULTS) }),
  fc.record({ kind: fc.constant('move' as const), which: fc.nat(), days: fc.integer({ min: -15, max: 15 }) }),
  fc.record({ kind: fc.constant('exam' as const), which: fc.nat(), exam: fc.constantFrom(...EXAMS) }),
  fc.record({ kind: fc.constant('add' as const), attempt: attemptArb }),
  fc.record({ kind: fc.constant('delete' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('voucher' as const), which: fc.nat(), days: fc.integer({ min: -30, max: 30 }), offer: fc.constantFrom('any-retake', 'no-such-offer') }),
  fc.record({ kind: fc.constant('today' as const), days: fc.integer({ min: -20, max: 20 }) }),
);
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function apply(h: History, on: string, edit: Edit, n: number): { history: History; on: string } {
  const attempts = [...h.attempts];
  const vouchers = [...h.vouchers];
  const at = (length: number, which: number): number => (length === 0 ? -1 : which % length);
  const i = 'which' in edit ? at(edit.kind === 'voucher' ? vouchers.length : attempts.length, edit.which) : -1;
  const target = attempts[i];
  switch (edit.kind) {
    case 'today':
      return { history: h, on: addDays(on, edit.days) };
    case 'result':
      if (target) attempts[i] = { ...target, result: edit.result };
      break;
    case 'move':
      if (target) attempts[i] = { ...target, takenOn: addDays(target.takenOn, edit.days) };
      break;
    case 'exam':
      if (target) attempts[i] = { ...target, exam: edit.exam };
      break;
    case 'add':
      attempts.push(attemptOf(edit.attempt, `added-${n}`));
      break;
    case 'delete':
      if (i >= 0) attempts.splice(i, 1);
      break;
    case 'voucher': {
      const voucher = vouchers[i];
      if (voucher) vouchers[i] = { ...voucher, offer: edit.offer, obtainedOn: addDays(voucher.obtainedOn, edit.days) };
      break;
    }
  }
  return { history: { ...h, vouchers, attempts }, on };
}

describe('statuses kept across edits', () => {
  it('always equal the statuses worked out afresh, whatever the edits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(attemptArb, { maxLength: 10 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), async (sketches, edits) => {
        const vouchers: Voucher[] = [
          { id: 'v1', code: 'T-0001', offer: 'any-retake', obtainedOn: '2026-01-01' },
          { id: 'v2', code: 'T-0002', offer: 'any-retake', obtainedOn: '2026-01-02' },
          { id: 'v3', code: 'T-0003', offer: 'any-retake', obtainedOn: '2026-01-03' },
        ];
        let current = history({ vouchers, attempts: sketches.map((s, n) => attemptOf(s, `a${n}`)) });
        let on = '2026-02-10';
        const memory = new StatusMemory();
        await statusesKept(memory, current, on);
        for (const [n, edit] of edits.entries()) {
          const next = apply(current, on, edit, n);
          current = readBack(current, next.history);
          on = next.on;
          const { results } = await statusesKept(memory, current, on);
          const afresh = await Promise.all(current.vouchers.map((v) => voucherStatus(ruleSet, current, v, on)));
          expect(results).toEqual(afresh);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('works out again only the vouchers whose own attempts, or attempts of the same exam, changed; the others keep the same objects', async () => {
    const v = (id: string): Voucher => ({ id, code: `SS07-${id}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-09-20' });
    const a = (id: string, voucher: string, exam: string, result: AttemptResult): Attempt => ({ id, voucher, exam, provider: 'prometric', bookedOn: '2007-10-01', takenOn: '2007-10-10', result });
    const before = history({
      vouchers: [v('v1'), v('v2'), v('v3')],
      attempts: [a('a1', 'v1', '70-298', 'fail'), a('a2', 'v2', '70-298', 'fail'), a('a3', 'v3', '70-299', 'fail')],
    });
    const memory = new StatusMemory();
    const first = await statusesKept(memory, before, '2007-11-10', shippedRuleSet());
    expect(first.stale).toEqual(['v1', 'v2', 'v3']);

    const edited = readBack(before, { ...before, attempts: before.attempts.map((x) => (x.id === 'a3' ? { ...x, result: 'pass' as const } : x)) });
    expect(edited.vouchers).toBe(before.vouchers);
    expect(edited.attempts[0]).toBe(before.attempts[0]);
    const second = await statusesKept(memory, edited, '2007-11-10', shippedRuleSet());
    expect(second.stale).toEqual(['v3']);
    expect(second.results[0]).toBe(first.results[0]);
    expect(second.results[1]).toBe(first.results[1]);
    expect(second.results[2]?.status).toBe('used');

    // v2 failed the same exam: its retake policy reads v1's attempts of 70-298 too.
    const sameExam = readBack(edited, { ...edited, attempts: edited.attempts.map((x) => (x.id === 'a1' ? { ...x, takenOn: '2007-10-12' } : x)) });
    expect((await statusesKept(memory, sameExam, '2007-11-10', shippedRuleSet())).stale).toEqual(['v1', 'v2']);

    // Another day or other rules: everything again.
    expect((await statusesKept(memory, sameExam, '2007-11-11', shippedRuleSet())).stale).toEqual(['v1', 'v2', 'v3']);
    expect((await statusesKept(memory, sameExam, '2007-11-11', ruleSet)).stale).toEqual(['v1', 'v2', 'v3']);
  });

  it('gives a worked-out status equal to the one kept before the very same object', async () => {
    const voucher: Voucher = { id: 'v1', code: 'SS07-0001', offer: 'ms-second-shot-2007', obtainedOn: '2007-09-20' };
    const before = history({ vouchers: [voucher], attempts: [] });
    const memory = new StatusMemory();
    const first = await statusesKept(memory, before, '2007-11-10', shippedRuleSet());
    // A note on the voucher: its status is worked out again, and comes out the same.
    const noted = readBack(before, { ...before, vouchers: [{ ...voucher, notes: 'from the training day' }] });
    const second = await statusesKept(memory, noted, '2007-11-10', shippedRuleSet());
    expect(second.stale).toEqual(['v1']);
    expect(second.results[0]).toBe(first.results[0]);
  });

  it('compares records as data: keys in another order are the same record, another value is not', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'y' }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData(null, {})).toBe(false);
  });
});
