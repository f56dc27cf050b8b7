// npm run --silent check -- --history FILE [--exam CODE --provider ID [--exam-on YYYY-MM-DD]] --on YYYY-MM-DD
// Prints one JSON object on stdout. Bad input exits 2 with one paragraph on stderr.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dateProblem } from '../shared/dates.ts';
import { checkBooking, checkStatus } from '../shared/engine/evaluate.ts';
import { describeProblems, loadRuleSet } from '../shared/engine/ruleset.ts';
import { parseHistory } from '../shared/history/validate.ts';
import { readRuleFiles } from './rules-on-disk.ts';

const USAGE = 'Usage: npm run --silent check -- --history FILE [--exam CODE --provider ID [--exam-on YYYY-MM-DD]] --on YYYY-MM-DD';

class UsageError extends Error {}

function fail(message: string): never {
  process.stderr.write(`${message.trim()}\n`);
  process.exit(2);
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
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}. ${USAGE}`);
  }
  if (values.history === undefined) throw new UsageError(`--history is missing. ${USAGE}`);
  if (values.on === undefined) throw new UsageError(`--on is missing: give the booking date asked about. ${USAGE}`);
  const onProblem = dateProblem(values.on);
  if (onProblem) throw new UsageError(`--on ${onProblem}. ${USAGE}`);
  if ((values.exam === undefined) !== (values.provider === undefined)) {
    throw new UsageError(`give both --exam and --provider to ask about a booking, or neither to see each voucher's status. ${USAGE}`);
  }
  if (values.exam !== undefined && values.exam.trim() === '') throw new UsageError(`--exam is empty. ${USAGE}`);
  const examOn = values['exam-on'];
  if (examOn !== undefined) {
    const examOnProblem = dateProblem(examOn);
    if (examOnProblem) throw new UsageError(`--exam-on (the date the exam is taken) ${examOnProblem}. ${USAGE}`);
    if (values.exam === undefined) throw new UsageError(`--exam-on is the date of the exam asked about: give --exam and --provider too. ${USAGE}`);
  }

  const { ruleSet, problems } = loadRuleSet(readRuleFiles());
  if (problems.length > 0) fail(`The shipped rule files have problems; run npm run rules:check.\n${describeProblems(problems)}`);

  let text: string;
  try {
    text = readFileSync(values.history, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the history file ${values.history}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`);
  }
  const parsed = parseHistory(text, ruleSet, values.history);
  if (!parsed.ok) fail(`The history file is not valid: ${describeProblems(parsed.problems).split('\n').join('; ')}.`);

  const on = values.on;
  const output = values.exam !== undefined && values.provider !== undefined
    // Provider ids are lower-case ("Prometric" is "prometric"); exam codes are normalised by the engine.
    ? await checkBooking(ruleSet, parsed.value, { exam: values.exam, provider: values.provider.trim().toLowerCase(), on, ...(examOn === undefined ? {} : { examOn }) })
    : { results: await checkStatus(ruleSet, parsed.value, on) };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) fail(error.message);
  fail(`Second Shot could not answer: ${error instanceof Error ? error.message : String(error)}`);
});
