// Messages between the workbench and its impact-preview workers, and the pool that splits a
// preview across them: one worker per core (when there are enough cases to pay for its start),
// each generating and asking its own slice of the cases.
import { type CorpusSlice, type ImpactCase, type ImpactReport, mergeImpact, sliceCorpus } from '../../shared/engine/impact.ts';
import type { SourceFile } from '../../shared/engine/ruleset.ts';

export interface ImpactJob {
  before: SourceFile[];
  after: SourceFile[];
  offerId: string;
  /** How many generated histories. */
  count: number;
  /** Questions from imported histories, asked after the generated ones. */
  extra: ImpactCase[];
}

/** What one worker is given: the rules, and its slice of the cases. */
export interface ImpactSliceJob {
  before: SourceFile[];
  after: SourceFile[];
  offerId: string;
  slice: CorpusSlice;
}

export type ImpactMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; report: ImpactReport; examples: Record<number, ImpactCase> }
  | { type: 'failed'; message: string };

interface ImpactOutcome {
  report: ImpactReport;
  examples: Record<number, ImpactCase>;
}

export interface ImpactRun {
  /** Settles with the report, or with null when cancelled. */
  result: Promise<ImpactOutcome | null>;
  cancel: () => void;
}

/** Workers whose last preview finished, kept in order for the next, with the published rules' answers each remembers for its slice. */
let idle: Worker[] = [];

function runSlice(worker: Worker, job: ImpactSliceJob, onProgress: (done: number) => void): { result: Promise<ImpactOutcome>; stop: () => void } {
  let stop = (): void => undefined;
  const result = new Promise<ImpactOutcome>((resolve, reject) => {
    const onMessage = (event: MessageEvent<ImpactMessage>): void => {
      const message = event.data;
      if (message.type === 'progress') return onProgress(message.done);
      stop();
      if (message.type === 'done') resolve({ report: message.report, examples: message.examples });
      else reject(new Error(message.message));
    };
    const onError = (event: ErrorEvent): void => {
      stop();
      reject(new Error(event.message || 'the impact preview stopped'));
    };
    stop = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
  worker.postMessage(job);
  return { result, stop };
}

/** Starts an impact preview in workers; progress is reported as it goes. */
export function startImpact(job: ImpactJob, onProgress: (done: number, total: number) => void): ImpactRun {
  const { before, after, offerId } = job;
  const slices = sliceCorpus(job.count, job.extra, navigator.hardwareConcurrency || 1).map((slice): ImpactSliceJob => ({ before, after, offerId, slice }));
  const workers = slices.map((_, i) => idle[i] ?? new Worker(new URL('./impact-worker.ts', import.meta.url), { type: 'module' }));
  idle.slice(workers.length).forEach((worker) => worker.terminate());
  idle = [];
  const total = job.count + job.extra.length;
  const done = slices.map(() => 0);
  const runs = slices.map((slice, i) => runSlice(workers[i]!, slice, (count) => {
    done[i] = count;
    onProgress(done.reduce((sum, n) => sum + n, 0), total);
  }));
  let finished = false;
  const result = Promise.all(runs.map((run) => run.result)).then(
    (outcomes) => {
      finished = true;
      idle = workers;
      const report = mergeImpact(outcomes.map((o) => o.report));
      const shown = new Set(report.changes.flatMap((change) => change.examples));
      const examples: Record<number, ImpactCase> = {};
      for (const outcome of outcomes) for (const [index, item] of Object.entries(outcome.examples)) if (shown.has(Number(index))) examples[Number(index)] = item;
      return { report, examples };
    },
    (error: unknown) => {
      finished = true;
      runs.forEach((run) => run.stop());
      workers.forEach((worker) => worker.terminate());
      throw error;
    },
  );
  let settleCancelled: (value: null) => void = () => undefined;
  const cancelled = new Promise<null>((resolve) => (settleCancelled = resolve));
  return {
    result: Promise.race([result, cancelled]),
    cancel() {
      // Once finished, the workers may be serving the next preview.
      if (finished) return;
      // A preview half done cannot be stopped from outside: its workers go, and their memory with them.
      finished = true;
      runs.forEach((run) => run.stop());
      workers.forEach((worker) => worker.terminate());
      settleCancelled(null);
    },
  };
}
