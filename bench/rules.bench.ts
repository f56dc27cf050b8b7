// Impact preview speed: an edited Second Shot 2007 file (the retake deadline moved to the
// seed's first end date) against the shipped one, over 10,000 generated histories split
// across the machine's cores as the PWA's workbench does with Web Workers, each generating
// only its own slice (the worker bundled first, like the shipped app's, so that no TypeScript
// loader is timed); over one imported history with 10,000 bookings; and through
// `npm run impact` over a million histories.

import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleWorker } from '../cli/bundle-worker.ts';
import { readRuleFiles, ROOT } from '../cli/rules-on-disk.ts';
import { bookingsAsCases, generateCorpus, type ImpactReport, mergeImpact, previewImpact, sliceCorpus, summarizeImpact } from '../shared/engine/impact.ts';
import { loadRuleSet, type SourceFile } from '../shared/engine/ruleset.ts';
import { HISTORY_FORMAT, HISTORY_VERSION, type History } from '../shared/history/format.ts';
import { median, type Measurement } from './run.ts';

const COUNT = 10_000;
const OFFER = 'ms-second-shot-2007';
const IMPORTED_CASES = 10_000;
const CLI_HISTORIES = 1_000_000;

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

/** One candidate file with many bookings, as the workbench imports it: one history, indexed once. */
async function importedHistory(before: SourceFile[], after: SourceFile[]): Promise<number> {
  const [was, now] = [loadRuleSet(before).ruleSet, loadRuleSet(after).ruleSet];
  const offer = was.get(OFFER);
  if (!offer) throw new Error(`no offer ${OFFER} to preview`);
  const generated = generateCorpus(offer.spec, IMPORTED_CASES);
  const imported: History = {
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    vouchers: generated.map((c, i) => ({ ...c.history.vouchers[0]!, id: `v${i}` })),
    attempts: generated.flatMap((c, i) => [...c.history.attempts, { id: 'q', voucher: 'v1', exam: c.question.exam, provider: c.question.provider, bookedOn: c.question.on, takenOn: c.question.on, result: 'scheduled' as const }].map((a, k) => ({ ...a, id: `a${i}-${k}`, voucher: `v${i}` }))),
  };
  const cases = bookingsAsCases(imported, OFFER).slice(0, IMPORTED_CASES);
  if (cases.length < IMPORTED_CASES) throw new Error(`the imported history has ${cases.length} bookings, not ${IMPORTED_CASES}`);
  const started = performance.now();
  await previewImpact(was, now, cases);
  return performance.now() - started;
}

/** `npm run impact` over a million generated histories, as a separate process: its time and peak memory. */
async function commandLine(draftText: string): Promise<{ seconds: number; peakMemoryMB: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'impact-bench-'));
  try {
    const draft = join(folder, `${OFFER}.json`);
    writeFileSync(draft, draftText);
    const file = join(folder, 'histories.ndjson');
    const out = createWriteStream(file);
    const offer = loadRuleSet(readRuleFiles()).ruleSet.get(OFFER);
    if (!offer) throw new Error(`no offer ${OFFER} to preview`);
    const chunk = 10_000;
    for (let from = 0; from < CLI_HISTORIES; from += chunk) {
      const lines = generateCorpus(offer.spec, chunk, from + 1).map((c, i) => JSON.stringify({ ...c.history, vouchers: c.history.vouchers.map((v) => ({ ...v, code: `SS07-BNCH-${String(i).padStart(4, '0')}` })) }));
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((drained) => out.once('drain', () => drained()));
    }
    await new Promise<void>((closed) => out.end(() => closed()));
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'impact.ts'), '--draft', draft, '--histories', file, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`npm run impact failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout) as { histories: number; seconds: number; peakMemoryMB: number };
    if (result.histories !== CLI_HISTORIES) throw new Error(`npm run impact read ${result.histories} histories of ${CLI_HISTORIES}`);
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function measure(): Promise<Measurement[]> {
  const before = readRuleFiles();
  const after = before.map((f) => (f.file.endsWith('ms-second-shot-2007.json') ? { ...f, text: f.text.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"') } : f));
  const script = await bundleWorker(new URL('./impact-worker.ts', import.meta.url), 'second-shot-bench');
  const times: number[] = [];
  let summary = '';
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const reports = await Promise.all(
      sliceCorpus(COUNT, [], availableParallelism()).map((part) => slice(script, { before, after, offerId: OFFER, slice: part })),
    );
    times.push(performance.now() - started);
    summary = summarizeImpact(mergeImpact(reports));
  }
  process.stdout.write(`  ${summary}\n`);
  const imported: number[] = [];
  for (let run = 0; run < 3; run++) imported.push(await importedHistory(before, after));
  const cli = await commandLine(after.find((f) => f.file.endsWith(`${OFFER}.json`))?.text ?? '');
  return [
    { name: 'rules.impact-preview-10000', value: median(times) },
    { name: 'rules.impact-imported-10000-cases', value: median(imported) },
    { name: 'rules.impact-cli-1000000', value: cli.seconds },
    { name: 'rules.impact-cli-1000000.peak-memory', value: cli.peakMemoryMB },
  ];
}
