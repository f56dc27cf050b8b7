// Impact preview off the main thread: the published and the edited rule sets answer the
// same questions, and the differences come back with progress along the way. A preview is
// split across several of these workers; each generates and asks its own slice of the cases.
import type { BookingResult } from '../../shared/engine/evaluate.ts';
import { type ImpactCase, previewSlice } from '../../shared/engine/impact.ts';
import { loadRuleSet, type RuleSet } from '../../shared/engine/ruleset.ts';
import type { ImpactMessage, ImpactSliceJob } from './impact-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(message: ImpactMessage): void {
  self.postMessage(message);
}

/**
 * The published rules' answers, kept while this worker lives (the workbench keeps it between
 * previews): an edit previewed again re-asks only the edited rules. They hold for the same
 * published files, offer and slice of cases.
 */
let published: { key: string; ruleSet: RuleSet; answers: (BookingResult | undefined)[] } | undefined;

function publishedKey(job: ImpactSliceJob): string {
  // Imported cases share their history objects: each history is written out once.
  const histories = new Map<object, number>();
  const extra = job.slice.extra.map((c) => {
    if (!histories.has(c.history)) histories.set(c.history, histories.size);
    return [histories.get(c.history), c.voucherId, c.question, c.known];
  });
  const { count, from, to } = job.slice;
  return JSON.stringify([job.before, job.offerId, count, from, to, [...histories.keys()], extra]);
}

self.addEventListener('message', (event: MessageEvent<ImpactSliceJob>) => {
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
      const { report, cases } = await previewSlice(before, after, offer.spec, job.slice, { onProgress: (done, total) => post({ type: 'progress', done, total }), beforeAnswers: published.answers });
      const examples: Record<number, ImpactCase> = {};
      for (const index of report.changes.flatMap((change) => change.examples)) {
        const item = cases[index - job.slice.from];
        if (item) examples[index] = item;
      }
      post({ type: 'done', report, examples });
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
