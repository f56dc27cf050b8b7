// npm run impact -- --draft FILE --histories FILE.ndjson [--workers N] [--json]
// What a draft offer file would change for real candidates, at any scale: newline-delimited
// histories are streamed through a pool of workers (memory stays bounded however long the
// file), with progress on stderr, and the workbench's summary on stdout.

import { createReadStream, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { type ImpactReport, mergeImpact, summarizeImpact } from '../shared/engine/impact.ts';
import { describeProblems, loadRuleSet, type SourceFile } from '../shared/engine/ruleset.ts';
import { formatBytes } from '../shared/json.ts';
import { quote } from '../shared/problems.ts';
import { type BatchResult, type ImpactBatch, type ImpactSetup, REFUSALS_KEPT } from './impact-worker.ts';
import { bundleWorker } from './bundle-worker.ts';
import { readRuleFiles } from './rules-on-disk.ts';

const USAGE = 'Usage: npm run impact -- --draft FILE.json --histories FILE.ndjson [--workers N] [--json]';
const BATCH_LINES = 500;
/** Batches waiting or running per worker: enough to keep each busy, few enough to bound memory. */
const IN_FLIGHT_PER_WORKER = 2;
/** A line longer than this is refused without being held in memory whole. */
const LONGEST_LINE = 5 * 1024 * 1024;

class UsageError extends Error {}

interface Options {
  draft: string;
  histories: string;
  workers: number;
  json: boolean;
}

function options(argv: string[]): Options {
  let values: { draft?: string | undefined; histories?: string | undefined; workers?: string | undefined; json?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { draft: { type: 'string' }, histories: { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}. ${USAGE}`);
  }
  if (values.draft === undefined) throw new UsageError(`--draft is missing: give the edited offer file. ${USAGE}`);
  if (values.histories === undefined) throw new UsageError(`--histories is missing: give a file with one history per line. ${USAGE}`);
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, not ${quote(values.workers)}. ${USAGE}`);
  return { draft: values.draft, histories: values.histories, workers, json: values.json === true };
}

/** The shipped rules, and the same with the draft in place of the file of the same name. */
function ruleSets(draftPath: string): ImpactSetup {
  let text: string;
  try {
    if (!statSync(draftPath).isFile()) throw new UsageError(`the draft ${draftPath} is not a file.`);
    text = readFileSync(draftPath, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the draft ${draftPath}${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ': no such file' : ''}.`);
  }
  const before = readRuleFiles();
  const draft: SourceFile = { file: draftPath, text };
  const after = [...before.filter((f) => basename(f.file) !== basename(draft.file)), draft];
  const loaded = loadRuleSet(after);
  const offer = loaded.ruleSet.all().find((o) => o.file === draft.file);
  const draftProblems = loaded.problems.filter((p) => p.file === draft.file);
  if (!offer || draftProblems.length > 0) throw new UsageError(`The draft is refused:\n${describeProblems(draftProblems)}`);
  return { before, after, offerId: offer.spec.id };
}

class Progress {
  private shown = -1;
  private lastDraw = 0;

  constructor(private readonly total: number, private readonly tty: boolean) {}

  /** `force` draws a terminal's bar even within 100 ms of the last drawing (the final state). */
  update(bytes: number, histories: number, force = false): void {
    const share = this.total === 0 ? 1 : Math.min(1, bytes / this.total);
    const now = Date.now();
    if (this.tty) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}%  ${histories.toLocaleString('en-US')} histories`);
    } else {
      // A log, not a terminal: one line every tenth.
      const tenth = Math.floor(share * 10);
      if (tenth === this.shown) return;
      this.shown = tenth;
      process.stderr.write(`${tenth * 10}% (${histories.toLocaleString('en-US')} histories)\n`);
    }
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

/** Workers that answer batches in the order sent; `run` waits while every worker has enough queued. */
class Pool {
  private readonly slots: { worker: Worker; waiting: { done: (r: BatchResult) => void; failed: (e: unknown) => void }[] }[];
  private readonly results: Promise<BatchResult>[] = [];
  private wake: (() => void) | undefined;
  private failure: unknown;

  constructor(script: string, count: number, setup: ImpactSetup, onResult: (result: BatchResult) => void) {
    this.slots = Array.from({ length: count }, () => ({ worker: new Worker(script, { workerData: setup }), waiting: [] }));
    for (const slot of this.slots) {
      slot.worker.on('message', (result: BatchResult) => {
        onResult(result);
        slot.waiting.shift()?.done(result);
        this.wake?.();
      });
      slot.worker.on('error', (error) => {
        this.failure = error;
        for (const waiting of slot.waiting.splice(0)) waiting.failed(error);
        this.wake?.();
      });
    }
  }

  async run(batch: ImpactBatch): Promise<void> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const slot = this.slots.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
      if (slot.waiting.length < IN_FLIGHT_PER_WORKER) {
        this.results.push(new Promise((done, failed) => slot.waiting.push({ done, failed })));
        slot.worker.postMessage(batch);
        return;
      }
      await new Promise<void>((woken) => (this.wake = woken));
    }
  }

  async finish(): Promise<BatchResult[]> {
    try {
      return await Promise.all(this.results);
    } finally {
      await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
  }
}

async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const opts = options(argv);
  let size: number;
  try {
    const stat = statSync(opts.histories);
    if (!stat.isFile()) throw new UsageError(`the histories ${opts.histories} are not a regular file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the histories ${opts.histories}${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ': no such file' : ''}.`);
  }
  const setup = ruleSets(opts.draft);
  const progress = new Progress(size, process.stderr.isTTY === true);
  let histories = 0;
  let refused = 0;
  const refusals: { line: number; text: string }[] = [];
  let answeredBytes = 0;
  const script = await bundleWorker(new URL('./impact-worker.ts', import.meta.url), 'second-shot-impact');
  const pool = new Pool(script, opts.workers, setup, (result) => {
    histories += result.histories;
    refused += result.refused;
    refusals.push(...result.refusals);
    answeredBytes += result.bytes;
    progress.update(answeredBytes, histories);
  });

  let batchBytes = 0;
  let lineNumber = 1;
  let pending = '';
  let skipping = false;
  let lines: string[] = [];
  let firstLine = 1;
  const stream = createReadStream(opts.histories, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const flush = async (): Promise<void> => {
    if (lines.length === 0) return;
    await pool.run({ firstLine, lines, bytes: batchBytes });
    batchBytes = 0;
    lines = [];
  };
  const addLine = async (line: string): Promise<void> => {
    if (lines.length === 0) firstLine = lineNumber;
    lines.push(line);
    batchBytes += Buffer.byteLength(line) + 1;
    lineNumber++;
    if (lines.length >= BATCH_LINES) await flush();
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    let from = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', from)) {
      const piece = chunk.slice(from, newline);
      from = newline + 1;
      if (skipping) {
        skipping = false;
        await addLine(`"a line longer than ${formatBytes(LONGEST_LINE)}"`);
      } else {
        await addLine(pending + piece);
      }
      pending = '';
    }
    if (!skipping) pending += chunk.slice(from);
    if (pending.length > LONGEST_LINE) {
      pending = '';
      skipping = true;
    }
  }
  if (skipping) await addLine(`"a line longer than ${formatBytes(LONGEST_LINE)}"`);
  else if (pending !== '') await addLine(pending);
  await flush();
  const results = await pool.finish();
  progress.update(size, histories, true);
  progress.done();

  const report: ImpactReport = mergeImpact(results.map((r) => r.report));
  const seconds = (Date.now() - started) / 1000;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ histories, questions: report.total, refusedLines: refused, report, seconds, peakMemoryMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
    return;
  }
  const out: string[] = [`${histories.toLocaleString('en-US')} histories, ${report.total.toLocaleString('en-US')} bookings with ${setup.offerId}.`, summarizeImpact(report)];
  for (const change of report.changes) out.push(`  ${change.count.toLocaleString('en-US')} from ${change.from} to ${change.to}: lines ${change.examples.join(', ')}`);
  if (refused > 0) out.push(`${refused.toLocaleString('en-US')} line${refused === 1 ? ' was' : 's were'} not a valid history and skipped; first: ${refusals.sort((a, b) => a.line - b.line).slice(0, REFUSALS_KEPT).map((r) => r.text).join('; ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof UsageError ? error.message : `impact could not run: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message.trim()}\n`, () => process.exit(2));
});
