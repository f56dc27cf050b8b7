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

/** Starts an impact preview in a worker; progress is reported as it goes. */
export function startImpact(job: ImpactJob, onProgress: (done: number, total: number) => void): ImpactRun {
  const worker = new Worker(new URL('./impact-worker.ts', import.meta.url), { type: 'module' });
  let settle: (value: { report: ImpactReport; examples: Record<number, ImpactCase> } | null) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const result = new Promise<{ report: ImpactReport; examples: Record<number, ImpactCase> } | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  worker.addEventListener('message', (event: MessageEvent<ImpactMessage>) => {
    const message = event.data;
    if (message.type === 'progress') onProgress(message.done, message.total);
    else {
      worker.terminate();
      if (message.type === 'done') settle({ report: message.report, examples: message.examples });
      else fail(new Error(message.message));
    }
  });
  worker.addEventListener('error', (event) => {
    worker.terminate();
    fail(new Error(event.message || 'the impact preview stopped'));
  });
  worker.postMessage(job);
  return {
    result,
    cancel() {
      worker.terminate();
      settle(null);
    },
  };
}
