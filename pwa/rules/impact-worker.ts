// Impact preview off the main thread: the published and the edited rule sets answer the
// same generated questions, and the differences come back with progress along the way.
import type { BookingResult } from '../../shared/engine/evaluate.ts';
import { generateCorpus, type ImpactCase, type ImpactReport, previewImpact } from '../../shared/engine/impact.ts';
import { loadRuleSet, type RuleSet } from '../../shared/engine/ruleset.ts';
import type { ImpactJob, ImpactMessage } from './impact-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(message: ImpactMessage): void {
  self.postMessage(message);
}

/**
 * The published rules' answers, kept while this worker lives (the workbench keeps it between
 * previews): an edit previewed again re-asks only the edited rules. They hold for the same
 * published files, offer and cases.
 */
let published: { key: string; ruleSet: RuleSet; answers: (BookingResult | undefined)[] } | undefined;

function publishedKey(job: ImpactJob): string {
  // Imported cases share their history objects: each history is written out once.
  const histories = new Map<object, number>();
  const extra = job.extra.map((c) => {
    if (!histories.has(c.history)) histories.set(c.history, histories.size);
    return [histories.get(c.history), c.voucherId, c.question];
  });
  return JSON.stringify([job.before, job.offerId, job.count, [...histories.keys()], extra]);
}

self.addEventListener('message', (event: MessageEvent<ImpactJob>) => {
  const job = event.data;
  void (async () => {
    try {
      const key = publishedKey(job);
      if (published?.key !== key) published = { key, ruleSet: loadRuleSet(job.before).ruleSet, answers: [] };
      const before = published.ruleSet;
      const after = loadRuleSet(job.after).ruleSet;
      // The corpus follows the published offer when there is one, so it does not move with the edit.
      const offer = before.get(job.offerId) ?? after.get(job.offerId);
      if (!offer) throw new Error(`no offer "${job.offerId}" to compare`);
      const corpus: ImpactCase[] = [...generateCorpus(offer.spec, job.count), ...job.extra];
      const report: ImpactReport = await previewImpact(before, after, corpus, { onProgress: (done, total) => post({ type: 'progress', done, total }), beforeAnswers: published.answers });
      const examples = report.changes.flatMap((change) => change.examples.map((index) => ({ index, item: corpus[index] }))).filter((e): e is { index: number; item: ImpactCase } => e.item !== undefined);
      post({ type: 'done', report, examples: Object.fromEntries(examples.map((e) => [e.index, e.item])) });
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
