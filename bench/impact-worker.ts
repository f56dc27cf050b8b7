// One slice of an impact preview, in a worker thread: the rule sets and the corpus are
// rebuilt here from their sources (the corpus is seeded, so every worker sees the same one).
import { parentPort, workerData } from 'node:worker_threads';
import { generateCorpus, previewImpact } from '../shared/engine/impact.ts';
import { loadRuleSet, type SourceFile } from '../shared/engine/ruleset.ts';

interface Job {
  before: SourceFile[];
  after: SourceFile[];
  offerId: string;
  count: number;
  start: number;
  end: number;
}

const job = workerData as Job;
const before = loadRuleSet(job.before).ruleSet;
const after = loadRuleSet(job.after).ruleSet;
// The corpus comes from the shipped offer when there is one, so that it does not move with the edit.
const offer = before.get(job.offerId) ?? after.get(job.offerId);
if (!offer) throw new Error(`no offer ${job.offerId} in either rule set`);
const corpus = generateCorpus(offer.spec, job.count);
parentPort?.postMessage(await previewImpact(before, after, corpus, { start: job.start, end: job.end }));
