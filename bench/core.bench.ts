// Rule evaluation speed: one voucher booking evaluated with json-rules-engine against each
// shipped offer, and the seed's terms hand-written in TypeScript, measured in the same run.

import { readRuleFiles } from '../cli/rules-on-disk.ts';
import { evaluateBooking } from '../shared/engine/evaluate.ts';
import type { BookingQuestion } from '../shared/engine/facts.ts';
import { loadRuleSet } from '../shared/engine/ruleset.ts';
import { HISTORY_FORMAT, HISTORY_VERSION, type History } from '../shared/history/format.ts';
import { secondShot2007 } from './baseline-2007.ts';
import { type Measurement, median } from './run.ts';

interface Case {
  history: History;
  question: BookingQuestion;
}

/** A voucher that failed its first exam, asked about the retake the next day: the common question. */
function retakeCase(offer: string, code: string, exam: string, provider: string, failedOn: string, askOn: string): Case {
  return {
    history: {
      format: HISTORY_FORMAT, version: HISTORY_VERSION,
      vouchers: [{ id: 'v1', code, offer, obtainedOn: `${failedOn.slice(0, 7)}-01` }],
      attempts: [{ id: 'a1', voucher: 'v1', exam, provider, bookedOn: `${failedOn.slice(0, 7)}-02`, takenOn: failedOn, result: 'fail' }],
    },
    question: { exam, provider, on: askOn },
  };
}

const BATCH = 50;
const BATCHES = 300;

async function timePerCall(run: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < BATCH * 40; i++) await run();
  const perCall: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) await run();
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
  }
  return median(perCall);
}

export async function measure(): Promise<Measurement[]> {
  const { ruleSet, problems } = loadRuleSet(readRuleFiles());
  if (problems.length > 0) throw new Error('the shipped rule files do not validate; run npm run rules:check');
  const seed = retakeCase('ms-second-shot-2007', 'SS07-ABCD-1234', '70-298', 'prometric', '2007-11-10', '2007-11-11');
  const cases: Case[] = [seed, retakeCase('ms-second-shot-2015', 'SS15-0001', '70-410', 'pearson-vue', '2015-03-10', '2015-03-11')];
  for (const offer of ruleSet.offers()) {
    if (!cases.some((c) => c.history.vouchers[0]?.offer === offer.spec.id)) throw new Error(`bench/core.bench.ts has no case for offer ${offer.spec.id}`);
  }

  // The hand-written baseline must agree with the engine, or the comparison means nothing.
  const voucher = seed.history.vouchers[0]!;
  const engineAnswer = await evaluateBooking(ruleSet, seed.history, voucher, seed.question);
  const baselineAnswer = secondShot2007(seed.history, voucher, seed.question);
  if (engineAnswer.decision !== baselineAnswer.decision) throw new Error(`baseline says ${baselineAnswer.decision}, engine says ${engineAnswer.decision}`);

  let next = 0;
  const allOffers = await timePerCall(() => {
    const c = cases[next++ % cases.length]!;
    return evaluateBooking(ruleSet, c.history, c.history.vouchers[0]!, c.question);
  });
  const engine2007 = await timePerCall(() => evaluateBooking(ruleSet, seed.history, voucher, seed.question));
  const baseline = await timePerCall(() => secondShot2007(seed.history, voucher, seed.question));
  return [
    { name: 'core.evaluate-voucher.median', value: allOffers },
    { name: 'core.handwritten-baseline.median', value: baseline },
    { name: 'core.engine-vs-baseline.ratio', value: engine2007 / baseline },
  ];
}
