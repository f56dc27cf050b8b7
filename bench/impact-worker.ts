// One slice of an impact preview, in a worker thread, as in the PWA's workbench: the rule sets
// are built here from their sources, and only this slice's cases are generated.
import { parentPort, workerData } from 'node:worker_threads';
import { type CorpusSlice, previewSlice } from '../shared/engine/impact.ts';
import { loadRuleSet, type SourceFile } from '../shared/engine/ruleset.ts';

interface Job {
  before: SourceFile[];
  after: SourceFile[];
  offerId: string;
  slice: CorpusSlice;
}

const job = workerData as Job;
const before = loadRuleSet(job.before).ruleSet;
const after = loadRuleSet(job.after).ruleSet;
// The corpus comes from the shipped offer when there is one, so that it does not move with the edit.
const offer = before.get(job.offerId) ?? after.get(job.offerId);
if (!offer) throw new Error(`no offer ${job.offerId} in either rule set`);
parentPort?.postMessage((await previewSlice(before, after, offer.spec, job.slice)).report);
