// Rule evaluation speed on distinct questions from the impact corpus (never the same question
// twice, so remembered answers help only as often as real questions repeat): each shipped
// offer with json-rules-engine, and the seed's terms hand-written in TypeScript doing the same
// work, paired batch by batch in the same run. And, for the README's chart, the time per
// question against the number of rules in a file (generated files, every rule with its own
// comparisons, so that no two share a result; no answer remembered between questions).

import { readRuleFiles } from '../cli/rules-on-disk.ts';
import { evaluateBooking, indexHistory } from '../shared/engine/evaluate.ts';
import { generateCorpus, type ImpactCase } from '../shared/engine/impact.ts';
import { loadRuleSet, type RuleSet } from '../shared/engine/ruleset.ts';
import { ALWAYS, rule, ruleFile, ruleSetOf } from '../test/support/offer-builder.ts';
import { type BaselineAnswer, secondShot2007 } from './baseline-2007.ts';
import { type Measurement, median } from './run.ts';

const BATCH = 50;
const WARM_UP_BATCHES = 40;
const BATCHES = 300;
const CASES = BATCH * (WARM_UP_BATCHES + BATCHES);
export const RULES_PER_FILE = [1, 10, 20, 40, 80];

type Run = (c: ImpactCase) => Promise<unknown> | unknown;

function engineRun(ruleSet: RuleSet): Run {
  return async (c) => {
    const voucher = c.history.vouchers[0]!;
    const result = await evaluateBooking(ruleSet, c.history, voucher, c.question, undefined, indexHistory(c.history));
    // Messages are rendered when read: read them, as the baseline renders its own.
    result.reasons.forEach((reason) => reason.message);
    return result;
  };
}

const baselineRun: Run = (c) => secondShot2007(indexHistory(c.history), c.history.vouchers[0]!, c.question);

/** CPU time per call over one batch: the machine's other work (tests, builds) does not count. */
async function batchMicros(run: Run, cases: readonly ImpactCase[], from: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = from; i < from + BATCH; i++) await run(cases[i]!);
  const { user, system } = process.cpuUsage(start);
  return (user + system) / BATCH;
}

/** Per-call medians of each run over the same batches, and the median of their per-batch ratio. */
async function paired(runs: readonly Run[], cases: readonly ImpactCase[]): Promise<{ medians: number[]; ratio: number }> {
  const samples: number[][] = runs.map(() => []);
  const ratios: number[] = [];
  for (let b = 0; b < WARM_UP_BATCHES + BATCHES; b++) {
    const times: number[] = [];
    for (const run of runs) times.push(await batchMicros(run, cases, b * BATCH));
    if (b < WARM_UP_BATCHES) continue;
    times.forEach((t, i) => samples[i]!.push(t));
    if (times.length === 2) ratios.push(times[0]! / times[1]!);
  }
  return { medians: samples.map(median), ratio: median(ratios) };
}

/** A valid offer file of `count` rules: one that grants, the others refusing on comparisons of their own that never hold here. */
function fileOfRules(count: number): RuleSet {
  const rules = [rule({ type: 'first-attempt', reason: 'granted', when: [ALWAYS] })];
  for (let k = 1; k < count; k++) {
    rules.push(rule({ type: 'not-eligible', reason: `refused-${k}`, when: [{ fact: 'voucherAttempts', operator: 'equal', value: 1000 + k }, { fact: 'daysSinceLastFailure', operator: 'greaterThan', value: 5000 + k }] }));
  }
  return ruleSetOf(ruleFile(`rules-${count}`, rules));
}

async function timeAgainstRules(): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  for (const count of RULES_PER_FILE) {
    const ruleSet = fileOfRules(count);
    const offer = ruleSet.offers()[0];
    if (!offer) throw new Error('the generated rule file did not load');
    const cases = generateCorpus(offer.spec, BATCH * (WARM_UP_BATCHES + BATCHES), 4000 + count);
    // Every question run through json-rules-engine: no answer remembered from the one before.
    const run = engineRun(ruleSet);
    const unremembered: Run = (c) => {
      offer.answers.clear();
      return run(c);
    };
    measurements.push({ name: `core.evaluate-voucher.rules-per-file-${count}`, value: (await paired([unremembered], cases)).medians[0]! });
  }
  return measurements;
}

export async function measure(): Promise<Measurement[]> {
  const { ruleSet, problems } = loadRuleSet(readRuleFiles());
  if (problems.length > 0) throw new Error('the shipped rule files do not validate; run npm run rules:check');
  const offers = ruleSet.offers();
  // Every offer's questions, interleaved; a second, different corpus of the seed's offer for the pairing.
  const perOffer = offers.map((o, i) => generateCorpus(o.spec, Math.ceil(CASES / offers.length), 1000 + i));
  const mixed = Array.from({ length: CASES }, (_, i) => perOffer[i % perOffer.length]![Math.floor(i / perOffer.length)]!);
  const seedOffer = ruleSet.get('ms-second-shot-2007');
  if (!seedOffer) throw new Error('bench/core.bench.ts compares against the 2007 offer, which is not shipped');
  const seedCases = generateCorpus(seedOffer.spec, CASES, 20071110);

  // The hand-written baseline must give the engine's answers, word for word and date for date,
  // or the comparison means nothing.
  const engine = engineRun(ruleSet);
  const answer = (a: BaselineAnswer): string =>
    JSON.stringify([a.decision, a.reasons.map((r) => `${r.code}: ${r.message}`).sort(), a.opensOn ?? null, a.deadline ?? null]);
  let disagreements = 0;
  for (const c of seedCases.slice(0, 2000)) {
    if (answer((await engine(c)) as BaselineAnswer) !== answer(secondShot2007(indexHistory(c.history), c.history.vouchers[0]!, c.question))) disagreements++;
  }
  if (disagreements > 0) throw new Error(`the hand-written baseline disagrees with the 2007 offer file on ${disagreements} of 2000 questions; update bench/baseline-2007.ts`);
  for (const offer of ruleSet.offers()) offer.answers.clear();

  const all = await paired([engine], mixed);
  for (const offer of ruleSet.offers()) offer.answers.clear();
  const seed = await paired([engine, baselineRun], seedCases);
  return [
    { name: 'core.evaluate-voucher.median', value: all.medians[0]! },
    { name: 'core.handwritten-baseline.median', value: seed.medians[1]! },
    { name: 'core.engine-vs-baseline.ratio', value: seed.ratio },
    ...(await timeAgainstRules()),
  ];
}
