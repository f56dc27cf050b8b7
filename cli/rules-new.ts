// npm run rules:new -- <offer-id> [--opens YYYY-MM-DD --first-attempt-by YYYY-MM-DD --retake-by YYYY-MM-DD]
// Writes rules/offers/<offer-id>.json from the commented template in rules/templates/, with the
// round's dates (or dates from today), and worked examples at each edge that pass at once.
// Its TODOs and example source make rules:check fail until they are replaced.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { addDays, dateProblem, deviceToday, type IsoDate } from '../shared/dates.ts';
import { ROOT } from './rules-on-disk.ts';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const USAGE = 'Usage: npm run rules:new -- <offer-id> [--opens YYYY-MM-DD --first-attempt-by YYYY-MM-DD --retake-by YYYY-MM-DD]   (e.g. ms-second-shot-2009)';

export interface RoundDates {
  opens: IsoDate;
  firstAttemptBy: IsoDate;
  retakeBy: IsoDate;
}

/** Why these dates cannot make a round, or null. */
export function roundDatesProblem({ opens, firstAttemptBy, retakeBy }: RoundDates): string | null {
  if (firstAttemptBy < opens) return `--first-attempt-by (${firstAttemptBy}) is before --opens (${opens})`;
  if (retakeBy < firstAttemptBy) return `--retake-by (${retakeBy}) is before --first-attempt-by (${firstAttemptBy})`;
  if (retakeBy <= opens) return `--retake-by (${retakeBy}) must be after --opens (${opens}), or no retake could ever be booked`;
  return null;
}

/** The template filled in for an offer id and the round's dates; `today` is the sources' reading date. */
export function scaffoldOffer(id: string, today: IsoDate, dates: RoundDates = { opens: today, firstAttemptBy: addDays(today, 90), retakeBy: addDays(today, 120) }): string {
  const { opens, firstAttemptBy, retakeBy } = dates;
  const afterFirst = addDays(firstAttemptBy, 1);
  const tokens: Record<string, string> = {
    __ID__: id,
    __TODAY__: today,
    __OPENS__: opens,
    // The first exam is failed on the day the offer opens, so the retake fits any window.
    __FAIL_ON__: opens,
    __NEXT_DAY__: addDays(opens, 1),
    __FIRST_BY__: firstAttemptBy,
    __AFTER_FIRST__: afterFirst,
    __RETAKE_BY__: retakeBy,
    __AFTER_END__: addDays(retakeBy, 1),
    // When the retake deadline is the first exam's, the day after is past both.
    __LATE_FIRST_REASONS__: afterFirst > retakeBy ? '"first-booked-too-late", "offer-ended"' : '"first-booked-too-late"',
  };
  const template = readFileSync(join(ROOT, 'rules', 'templates', 'offer.json'), 'utf8');
  return template.replace(/__[A-Z_]+__/g, (token) => tokens[token] ?? token);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const OPTIONS = { opens: { type: 'string' }, 'first-attempt-by': { type: 'string' }, 'retake-by': { type: 'string' } } as const;

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
}

function main(args: string[]): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}. ${USAGE}`);
  }
  const [id, ...extra] = parsed.positionals;
  if (id === undefined || extra.length > 0) fail(USAGE);
  if (!ID.test(id)) fail(`"${id}" is not an offer id: use lower-case words and digits joined by "-", e.g. ms-second-shot-2009`);
  const given = { opens: parsed.values.opens, firstAttemptBy: parsed.values['first-attempt-by'], retakeBy: parsed.values['retake-by'] };
  const flags = { opens: '--opens', firstAttemptBy: '--first-attempt-by', retakeBy: '--retake-by' } as const;
  const count = Object.values(given).filter((v) => v !== undefined).length;
  if (count !== 0 && count !== 3) fail(`give all three dates or none. ${USAGE}`);
  for (const key of ['opens', 'firstAttemptBy', 'retakeBy'] as const) {
    const problem = given[key] === undefined ? null : dateProblem(given[key]);
    if (problem) fail(`${flags[key]} ${problem}. ${USAGE}`);
  }
  const today = deviceToday();
  let dates: RoundDates | undefined;
  if (given.opens !== undefined && given.firstAttemptBy !== undefined && given.retakeBy !== undefined) {
    dates = { opens: given.opens, firstAttemptBy: given.firstAttemptBy, retakeBy: given.retakeBy };
    const problem = roundDatesProblem(dates);
    if (problem) fail(problem);
  }
  const target = join(ROOT, 'rules', 'offers', `${id}.json`);
  if (existsSync(target)) fail(`${relative(ROOT, target)} already exists; edit it, or choose another id`);
  writeFileSync(target, scaffoldOffer(id, today, dates), { flag: 'wx' });
  process.stdout.write(`Created ${relative(ROOT, target)}. Replace every TODO and the example source, then run: npm run rules:check\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
