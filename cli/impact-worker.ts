// One worker of `npm run impact`: turns batches of newline-delimited histories into questions
// and answers each with the published rules and with the draft.
import { parentPort, workerData } from 'node:worker_threads';
import { bookingsAsCases, type ImpactCase, type ImpactReport, previewImpact } from '../shared/engine/impact.ts';
import { loadRuleSet, type RuleSet, type SourceFile } from '../shared/engine/ruleset.ts';
import { validateHistory } from '../shared/history/validate.ts';
import { readJson } from '../shared/json.ts';
import { formatProblem } from '../shared/problems.ts';

export interface ImpactSetup {
  before: SourceFile[];
  after: SourceFile[];
  offerId: string;
}

export interface ImpactBatch {
  /** The file's line number of `lines[0]` (1-based). */
  firstLine: number;
  lines: string[];
  /** How many bytes of the file the batch's lines take, handed back for progress. */
  bytes: number;
}

export interface BatchResult {
  bytes: number;
  /** Examples are line numbers of the file. */
  report: ImpactReport;
  histories: number;
  /** Lines that are not valid histories: how many, and the first few of the batch, said. */
  refused: number;
  refusals: { line: number; text: string }[];
}

/** Refused lines said by name; the rest are counted. */
export const REFUSALS_KEPT = 3;

export async function answerBatch(setup: { before: RuleSet; after: RuleSet; offerId: string }, batch: ImpactBatch): Promise<BatchResult> {
  const cases: ImpactCase[] = [];
  const lineOf: number[] = [];
  let refused = 0;
  let histories = 0;
  const refusals: BatchResult['refusals'] = [];
  batch.lines.forEach((line, i) => {
    const lineNumber = batch.firstLine + i;
    if (line.trim() === '') return;
    const read = readJson(line, `line ${lineNumber}`);
    const checked = read.ok ? validateHistory(read.value, setup.before, `line ${lineNumber}`) : read;
    if (!checked.ok) {
      refused++;
      if (refusals.length < REFUSALS_KEPT) refusals.push({ line: lineNumber, text: formatProblem(checked.problems[0] ?? { file: `line ${lineNumber}`, pointer: '', message: 'is not a history' }) });
      return;
    }
    histories++;
    for (const item of bookingsAsCases(checked.value, setup.offerId)) {
      cases.push(item);
      lineOf.push(lineNumber);
    }
  });
  const report = await previewImpact(setup.before, setup.after, cases);
  for (const change of report.changes) change.examples = [...new Set(change.examples.map((i) => lineOf[i] ?? 0))];
  return { bytes: batch.bytes, report, histories, refused, refusals };
}

if (parentPort && workerData) {
  const setup = workerData as ImpactSetup;
  const prepared = { before: loadRuleSet(setup.before).ruleSet, after: loadRuleSet(setup.after).ruleSet, offerId: setup.offerId };
  const port = parentPort;
  // Batches are answered one after another, so results go back in the order they were sent.
  let queue = Promise.resolve();
  port.on('message', (batch: ImpactBatch) => {
    queue = queue.then(async () => port.postMessage(await answerBatch(prepared, batch)));
  });
}
