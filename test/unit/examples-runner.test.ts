// The worked examples of a rule file, run as rules:check and the workbench run them: an example
// that cannot be run says why, where; one whose answer differs says what it expected and got.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { type ExampleOutcome, runExamples } from '../../shared/engine/examples.ts';
import type { Example } from '../../shared/engine/offer-file.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';
import { rule, ruleFile, ruleSetOf } from '../support/offer-builder.ts';

/** The file's examples replaced by `change` of its first one, run. */
async function outcomes(path: string, change: (example: Example) => void): Promise<ExampleOutcome[]> {
  const spec = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { id: string; examples: Example[] };
  const example = spec.examples[0]!;
  change(example);
  spec.examples = [example];
  const file = path.split('/').at(-1) ?? '';
  const { ruleSet, problems } = loadRuleSet([{ file, text: JSON.stringify(spec) }]);
  expect(problems).toEqual([]);
  return runExamples(ruleSet, spec.id);
}

const OFFER = 'test/fixtures/valid-offer.json';
const at = (outcome: ExampleOutcome | undefined) => outcome?.problems.map((p) => `${p.pointer}: ${p.message}`);

const AZ_900 = { exam: 'AZ-900', provider: 'pearson-vue', on: '2026-05-01' };

/**
 * Two retake policies in force together for AZ exams at Pearson VUE: "closed" refuses every
 * booking (its example says so); "summer" refuses an exam taken after June, with the `examples` given.
 */
function twoPolicies(summer: unknown[]) {
  const closed = [{ name: 'refused', history: {}, ask: AZ_900, expect: { decision: 'not-eligible', reasons: ['closed'] } }];
  const scope = { kind: 'retake-policy', appliesTo: { exams: ['AZ-###'], providers: ['pearson-vue'] } };
  return ruleSetOf(
    ruleFile('closed', [rule({ type: 'not-eligible', reason: 'closed', when: [{ fact: 'examAttempts', operator: 'greaterThanInclusive', value: 0 }] })], { ...scope, examples: closed }),
    ruleFile('summer', [rule({ type: 'not-eligible', reason: 'too-late', when: [{ fact: 'examOn', operator: 'after', value: '2026-06-30' }] })], { ...scope, examples: summer }),
  );
}

describe('worked examples', () => {
  it('one that holds passes, whatever the order or repetition of its reasons', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.expect = { decision: 'free-retake', reasons: ['free-retake-covered', 'free-retake-covered'], deadline: '2026-07-31' }; });
    expect(outcome).toMatchObject({ passed: true, problems: [], actual: { decision: 'free-retake', reasons: ['free-retake-covered'], deadline: '2026-07-31' } });
  });

  it('an answer that differs: each differing part named with what was expected and what came', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.expect = { decision: 'wait', reasons: ['offer-ended'], deadline: '2026-07-30' }; });
    expect(outcome?.passed).toBe(false);
    expect(at(outcome)).toEqual([
      '/examples/0/expect/decision: example "retake the next day": expected decision "wait", got "free-retake"',
      '/examples/0/expect/deadline: example "retake the next day": expected deadline "2026-07-30", got "2026-07-31"',
      '/examples/0/expect/reasons: example "retake the next day": expected reasons ["offer-ended"], got ["free-retake-covered"]',
    ]);
  });

  it('expected reasons are all the reasons: an answer giving one more than expected fails', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.expect = { decision: 'free-retake', reasons: [] }; });
    expect(at(outcome)).toEqual(['/examples/0/expect/reasons: example "retake the next day": expected reasons [], got ["free-retake-covered"]']);
  });

  it('asking about one voucher of several: that voucher is answered for', async () => {
    const answer = async (voucher: string) => (await outcomes(OFFER, (e) => {
      e.history.vouchers = [...(e.history.vouchers ?? []), { id: 'v2', code: 'X2', offer: 'valid-offer', obtainedOn: '2026-01-02' }];
      e.ask.voucher = voucher;
    }))[0]?.actual;
    // v1 failed its exam (a free retake); v2 was never used, and the offer has no rule for a first attempt.
    expect(await answer('v1')).toEqual({ decision: 'free-retake', reasons: ['free-retake-covered'], deadline: '2026-07-31' });
    expect(await answer('v2')).toEqual({ decision: 'not-eligible', reasons: ['no-rule-applies'] });
  });

  it('asked for a status (no exam): the status and its dates compared', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.ask = { on: '2026-02-02' }; e.expect = { status: 'unused', opensOn: '2026-02-02' }; });
    expect(at(outcome)).toEqual([
      '/examples/0/expect/status: example "retake the next day": expected status "unused", got "retake-available"',
      '/examples/0/expect/opensOn: example "retake the next day": expected opensOn "2026-02-02", got null',
    ]);
  });

  it('a history may leave out what it has none of: a voucher never used needs no "attempts"', async () => {
    const [outcome] = await outcomes(OFFER, (e) => {
      delete e.history.attempts;
      e.ask = { on: '2026-02-02' };
      e.expect = { status: 'unused' };
    });
    expect(outcome).toMatchObject({ passed: true, problems: [], actual: { status: 'unused' } });
  });

  it('a history that is not valid: refused where it is wrong, inside the example', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.history.attempts = [{ ...(e.history.attempts?.[0] as object), takenOn: '2026-02-30' }]; });
    expect(outcome).toMatchObject({ passed: false, actual: {} });
    expect(at(outcome)).toEqual(['/examples/0/history/attempts/0/takenOn: "takenOn" "2026-02-30" is not a day of 2026-02']);
  });

  it('asking about a voucher the history lacks', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.ask.voucher = 'v9'; });
    expect(at(outcome)).toEqual(['/examples/0/ask/voucher: the example history has no such voucher']);
  });

  it('a retake policy\'s example must ask about an exam and a provider', async () => {
    const [outcome] = await outcomes('rules/offers/microsoft-retake-policy.json', (e) => { e.ask = { on: e.ask.on }; });
    expect(at(outcome)).toEqual(['/examples/0/ask: a retake-policy example must ask about an "exam" and a "provider"']);
  });

  it('a retake policy\'s example is answered by that policy alone, not by another in force beside it', async () => {
    const ruleSet = twoPolicies([{ name: 'no exam date: allowed', history: {}, ask: AZ_900, expect: { decision: 'allowed', reasons: [] } }]);
    expect((await runExamples(ruleSet, 'closed')).map((o) => o.problems)).toEqual([[]]);
    expect((await runExamples(ruleSet, 'summer')).map((o) => o.problems)).toEqual([[]]);
  });

  it('a retake policy\'s example asked with the exam\'s date: the policy judges that date', async () => {
    const ruleSet = twoPolicies([
      { name: 'in July', history: {}, ask: { ...AZ_900, examOn: '2026-07-01' }, expect: { decision: 'not-eligible', reasons: ['too-late'] } },
      { name: 'in June', history: {}, ask: { ...AZ_900, examOn: '2026-06-30' }, expect: { decision: 'allowed', reasons: [] } },
    ]);
    expect((await runExamples(ruleSet, 'summer')).map((o) => [o.name, o.problems])).toEqual([['in July', []], ['in June', []]]);
  });

  it('a retake policy\'s example about an exam it does not govern: it "does-not-apply", with no reasons', async () => {
    const [outcome] = await outcomes('rules/offers/microsoft-retake-policy.json', (e) => {
      e.ask = { exam: 'AZ-900', provider: 'prometric', on: e.ask.on };
      e.expect = { decision: 'does-not-apply', reasons: [] };
    });
    expect(outcome).toMatchObject({ passed: true, problems: [], actual: { decision: 'does-not-apply', reasons: [] } });
  });

  it('an offer not in the rule set has no examples to run', async () => {
    const { ruleSet } = loadRuleSet([]);
    expect(await runExamples(ruleSet, 'valid-offer')).toEqual([]);
  });
});
