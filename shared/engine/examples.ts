// Runs the worked examples a rule file carries: each is a history, a question and the
// expected answer. They run as tests and in the rule checker.

import { HISTORY_FORMAT, HISTORY_VERSION } from '../history/format.ts';
import { validateHistory } from '../history/validate.ts';
import { type Problem, pointerTo } from '../problems.ts';
import { evaluateBooking, evaluatePolicies, indexHistory, voucherStatus } from './evaluate.ts';
import type { Example, ExampleExpect } from './offer-file.ts';
import type { CompiledOffer, RuleSet } from './ruleset.ts';

export interface ExampleOutcome {
  name: string;
  pointer: string;
  passed: boolean;
  /** What came out, in the shape of `expect`, for the report. */
  actual: ExampleExpect;
  problems: Problem[];
}

/** The same reason codes, in any order; a code given by both an offer and a policy counts once. */
function sameCodes(expected: readonly string[], actual: readonly string[]): boolean {
  const want = [...new Set(expected)].sort();
  const got = [...new Set(actual)].sort();
  return want.length === got.length && want.every((code, i) => code === got[i]);
}

/** What an example's question gets, in the shape of `expect`: every answer gives its reasons. */
type Answer = ExampleExpect & { reasons: string[] };

async function answer(ruleSet: RuleSet, offer: CompiledOffer, example: Example, at: string): Promise<Answer | Problem[]> {
  const checked = validateHistory({ format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers: [], attempts: [], ...example.history }, ruleSet, offer.file);
  if (!checked.ok) return checked.problems.map((p) => ({ ...p, pointer: `${at}/history${p.pointer}` }));
  const history = checked.value;
  const index = indexHistory(history);
  const { ask } = example;
  if (offer.spec.kind === 'retake-policy') {
    if (ask.exam === undefined || ask.provider === undefined) return [{ file: offer.file, pointer: `${at}/ask`, message: 'a retake-policy example must ask about an "exam" and a "provider"' }];
    const policy = (await evaluatePolicies(ruleSet, history, { exam: ask.exam, provider: ask.provider, on: ask.on, ...(ask.examOn ? { examOn: ask.examOn } : {}) }, index)).find((p) => p.policy === offer.spec.id);
    if (!policy) return { decision: 'does-not-apply', reasons: [] };
    return { decision: policy.decision, reasons: policy.reasons.map((r) => r.code), ...(policy.opensOn ? { opensOn: policy.opensOn } : {}) };
  }
  const voucher = ask.voucher === undefined ? history.vouchers[0] : history.vouchers.find((v) => v.id === ask.voucher);
  if (!voucher) return [{ file: offer.file, pointer: `${at}/ask/voucher`, message: 'the example history has no such voucher' }];
  if (ask.exam === undefined || ask.provider === undefined) {
    const status = await voucherStatus(ruleSet, history, voucher, ask.on, index);
    return { status: status.status, reasons: status.reasons.map((r) => r.code), ...(status.opensOn ? { opensOn: status.opensOn } : {}), ...(status.deadline ? { deadline: status.deadline } : {}) };
  }
  const result = await evaluateBooking(ruleSet, history, voucher, { exam: ask.exam, provider: ask.provider, on: ask.on, ...(ask.examOn ? { examOn: ask.examOn } : {}) }, undefined, index);
  return { decision: result.decision, reasons: result.reasons.map((r) => r.code), ...(result.opensOn ? { opensOn: result.opensOn } : {}), ...(result.deadline ? { deadline: result.deadline } : {}) };
}

/** One worked example of a file, run and compared with what it expects. */
export async function runExample(ruleSet: RuleSet, offer: CompiledOffer, index: number): Promise<ExampleOutcome> {
  const example = offer.spec.examples[index]!;
  const at = pointerTo('examples', index);
  const actual = await answer(ruleSet, offer, example, at);
  if (Array.isArray(actual)) return { name: example.name, pointer: at, passed: false, actual: {}, problems: actual };
  const problems: Problem[] = [];
  const expect = example.expect;
  const mismatch = (key: keyof ExampleExpect, want: unknown, got: unknown): void => {
    problems.push({ file: offer.file, pointer: `${at}/expect/${key}`, message: `example "${example.name}": expected ${key} ${JSON.stringify(want)}, got ${JSON.stringify(got ?? null)}` });
  };
  for (const key of ['decision', 'status', 'opensOn', 'deadline'] as const) {
    if (expect[key] !== undefined && expect[key] !== actual[key]) mismatch(key, expect[key], actual[key]);
  }
  if (expect.reasons !== undefined && !sameCodes(expect.reasons, actual.reasons)) mismatch('reasons', expect.reasons, actual.reasons);
  return { name: example.name, pointer: at, passed: problems.length === 0, actual, problems };
}

export async function runExamples(ruleSet: RuleSet, offerId: string): Promise<ExampleOutcome[]> {
  const offer = ruleSet.get(offerId);
  if (!offer) return [];
  const outcomes: ExampleOutcome[] = [];
  for (const index of offer.spec.examples.keys()) outcomes.push(await runExample(ruleSet, offer, index));
  return outcomes;
}
