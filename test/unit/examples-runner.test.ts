// The worked examples of a rule file, run as rules:check and the workbench run them: an example
// that cannot be run says why, where; one whose answer differs says what it expected and got.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { type ExampleOutcome, runExamples } from '../../shared/engine/examples.ts';
import type { Example } from '../../shared/engine/offer-file.ts';
import { loadRuleSet } from '../../shared/engine/ruleset.ts';

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

  it('asked for a status (no exam): the status and its dates compared', async () => {
    const [outcome] = await outcomes(OFFER, (e) => { e.ask = { on: '2026-02-02' }; e.expect = { status: 'unused', opensOn: '2026-02-02' }; });
    expect(at(outcome)).toEqual([
      '/examples/0/expect/status: example "retake the next day": expected status "unused", got "retake-available"',
      '/examples/0/expect/opensOn: example "retake the next day": expected opensOn "2026-02-02", got null',
    ]);
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

  it('an offer not in the rule set has no examples to run', async () => {
    const { ruleSet } = loadRuleSet([]);
    expect(await runExamples(ruleSet, 'valid-offer')).toEqual([]);
  });
});
