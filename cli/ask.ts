// Asking the engine (`npm run check`, the "Can I book?" of the command line; not to be confused
// with `rules:check`, which checks rule files):
// npm run --silent check -- --history FILE [--exam CODE --provider ID [--exam-on YYYY-MM-DD]] --on YYYY-MM-DD
// Prints one JSON object on stdout. Bad input exits 2 with one paragraph on stderr, at most
// a few problems long, written out whole before the process ends.

import { parseArgs } from 'node:util';
import { dateProblem } from '../shared/dates.ts';
import { checkBooking, checkStatus } from '../shared/engine/evaluate.ts';
import { describeProblems, loadRuleSet } from '../shared/engine/ruleset.ts';
import { HISTORY_LIMITS } from '../shared/history/format.ts';
import { parseHistory } from '../shared/history/validate.ts';
import { decodeJsonBytes } from '../shared/json.ts';
import { limitProblems, type Problem, quote } from '../shared/problems.ts';
import { readRegularFile } from './read-file.ts';
import { readRuleFiles } from './rules-on-disk.ts';

const USAGE = 'Usage: npm run --silent check -- --history FILE [--exam CODE --provider ID [--exam-on YYYY-MM-DD]] --on YYYY-MM-DD';

/** Input the command cannot use: said in one paragraph, exit status 2. */
class Refusal extends Error {}

function refuseProblems(intro: string, problems: readonly Problem[]): never {
  throw new Refusal(`${intro}${describeProblems(limitProblems(problems)).split('\n').join('; ')}.`);
}

async function main(argv: string[]): Promise<void> {
  let values: { history?: string | undefined; exam?: string | undefined; provider?: string | undefined; on?: string | undefined; 'exam-on'?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { history: { type: 'string' }, exam: { type: 'string' }, provider: { type: 'string' }, on: { type: 'string' }, 'exam-on': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Refusal(`${error instanceof Error ? error.message : String(error)}. ${USAGE}`);
  }
  if (values.history === undefined) throw new Refusal(`--history is missing. ${USAGE}`);
  if (values.on === undefined) throw new Refusal(`--on is missing: give the booking date asked about. ${USAGE}`);
  const onProblem = dateProblem(values.on);
  if (onProblem) throw new Refusal(`--on ${onProblem}. ${USAGE}`);
  if ((values.exam === undefined) !== (values.provider === undefined)) {
    throw new Refusal(`give both --exam and --provider to ask about a booking, or neither to see each voucher's status. ${USAGE}`);
  }
  if (values.exam !== undefined && values.exam.trim() === '') throw new Refusal(`--exam is empty. ${USAGE}`);
  const examOn = values['exam-on'];
  if (examOn !== undefined) {
    const examOnProblem = dateProblem(examOn);
    if (examOnProblem) throw new Refusal(`--exam-on (the date the exam is taken) ${examOnProblem}. ${USAGE}`);
    if (values.exam === undefined) throw new Refusal(`--exam-on is the date of the exam asked about: give --exam and --provider too. ${USAGE}`);
  }

  const { ruleSet, problems } = loadRuleSet(readRuleFiles());
  if (problems.length > 0) refuseProblems('The shipped rule files have problems; run npm run rules:check: ', problems);

  const read = readRegularFile(values.history, HISTORY_LIMITS.maxBytes);
  if (!read.ok) throw new Refusal(`The history file ${quote(values.history)} ${read.reason}.`);
  const decoded = decodeJsonBytes(read.bytes, values.history);
  if (!decoded.ok) refuseProblems('The history file is not valid: ', decoded.problems);
  const parsed = parseHistory(decoded.text, ruleSet, values.history);
  if (!parsed.ok) refuseProblems('The history file is not valid: ', parsed.problems);

  const on = values.on;
  const output = values.exam !== undefined && values.provider !== undefined
    // Provider ids are lower-case ("Prometric" is "prometric"); exam codes are normalised by the engine.
    ? await checkBooking(ruleSet, parsed.value, { exam: values.exam, provider: values.provider.trim().toLowerCase(), on, ...(examOn === undefined ? {} : { examOn }) })
    : { results: await checkStatus(ruleSet, parsed.value, on) };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

// No process.exit: the process ends once stderr is written out, even into a slow pipe.
main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Refusal ? error.message : `Second Shot could not answer: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message.trim()}\n`);
  process.exitCode = 2;
});
