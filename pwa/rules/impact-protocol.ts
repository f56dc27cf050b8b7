// Messages between the workbench and its impact-preview worker.
import type { ImpactCase, ImpactReport } from '../../shared/engine/impact.ts';
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

export type ImpactMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; report: ImpactReport; examples: Record<number, ImpactCase> }
  | { type: 'failed'; message: string };

export interface ImpactRun {
  /** Settles with the report, or with null when cancelled. */
  result: Promise<{ report: ImpactReport; examples: Record<number, ImpactCase> } | null>;
  cancel: () => void;
}

/** A worker whose last preview finished: kept for the next, with the published rules' answers it remembers. */
let idle: Worker | undefined;

/** Starts an impact preview in a worker; progress is reported as it goes. */
export function startImpact(job: ImpactJob, onProgress: (done: number, total: number) => void): ImpactRun {
  const worker = idle ?? new Worker(new URL('./impact-worker.ts', import.meta.url), { type: 'module' });
  idle = undefined;
  let settle: (value: { report: ImpactReport; examples: Record<number, ImpactCase> } | null) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const result = new Promise<{ report: ImpactReport; examples: Record<number, ImpactCase> } | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const onMessage = (event: MessageEvent<ImpactMessage>): void => {
    const message = event.data;
    if (message.type === 'progress') return onProgress(message.done, message.total);
    stopListening();
    if (message.type === 'done') {
      idle = worker;
      settle({ report: message.report, examples: message.examples });
    } else {
      worker.terminate();
      fail(new Error(message.message));
    }
  };
  const onError = (event: ErrorEvent): void => {
    stopListening();
    worker.terminate();
    fail(new Error(event.message || 'the impact preview stopped'));
  };
  let finished = false;
  const stopListening = (): void => {
    finished = true;
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  worker.postMessage(job);
  return {
    result,
    cancel() {
      // Once finished, the worker may be serving the next preview.
      if (finished) return;
      // A preview half done cannot be stopped from outside: its worker goes, and its memory with it.
      stopListening();
      worker.terminate();
      settle(null);
    },
  };
}
