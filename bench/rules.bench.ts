// Impact preview speed: an edited Second Shot 2007 file (the retake deadline moved to the
// seed's first end date) against the shipped one, over 10,000 generated histories, split
// across the machine's cores as the PWA's workbench does with Web Workers. The worker is
// bundled first, like the shipped app's worker, so that no TypeScript loader is timed.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bundleWorker } from '../cli/bundle-worker.ts';
import { readRuleFiles } from '../cli/rules-on-disk.ts';
import { type ImpactReport, mergeImpact, summarizeImpact } from '../shared/engine/impact.ts';
import { median, type Measurement } from './run.ts';

const COUNT = 10_000;

function slice(script: string, job: object): Promise<ImpactReport> {
  return new Promise((done, failed) => {
    const worker = new Worker(script, { workerData: job });
    worker.once('message', (report: ImpactReport) => {
      done(report);
      void worker.terminate();
    });
    worker.once('error', failed);
  });
}

export async function measure(): Promise<Measurement[]> {
  const before = readRuleFiles();
  const after = before.map((f) => (f.file.endsWith('ms-second-shot-2007.json') ? { ...f, text: f.text.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"') } : f));
  const workers = Math.max(1, availableParallelism());
  const script = await bundleWorker(new URL('./impact-worker.ts', import.meta.url), 'second-shot-bench');
  const times: number[] = [];
  let summary = '';
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const reports = await Promise.all(
      Array.from({ length: workers }, (_, w) => slice(script, { before, after, offerId: 'ms-second-shot-2007', count: COUNT, start: Math.floor((COUNT * w) / workers), end: Math.floor((COUNT * (w + 1)) / workers) })),
    );
    times.push(performance.now() - started);
    summary = summarizeImpact(mergeImpact(reports));
  }
  process.stdout.write(`  ${summary}\n`);
  return [{ name: 'rules.impact-preview-10000', value: median(times) }];
}
