// npm run rules:new -- <offer-id>
// Writes rules/offers/<offer-id>.json from the commented template in rules/templates/, with
// dates starting today so that the new file validates and its worked examples pass at once.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addDays, deviceToday } from '../shared/dates.ts';
import { ROOT } from './rules-on-disk.ts';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The template filled in for an offer id, with dates counted from `today`. */
export function scaffoldOffer(id: string, today: string): string {
  const tokens: Record<string, string> = {
  __ID__: id,
  __TODAY__: today,
  __OPENS__: today,
  __FAIL_ON__: addDays(today, 20),
  __NEXT_DAY__: addDays(today, 21),
  __FIRST_BY__: addDays(today, 90),
  __RETAKE_BY__: addDays(today, 120),
  __AFTER_END__: addDays(today, 121),
  };
  const template = readFileSync(join(ROOT, 'rules', 'templates', 'offer.json'), 'utf8');
  return template.replace(/__[A-Z_]+__/g, (token) => tokens[token] ?? token);
}

function main(args: string[]): void {
  const id = args[0];
  if (id === undefined || args.length > 1) fail('Usage: npm run rules:new -- <offer-id>   (e.g. ms-second-shot-2009)');
  if (!ID.test(id)) fail(`"${id}" is not an offer id: use lower-case words and digits joined by "-", e.g. ms-second-shot-2009`);
  const target = join(ROOT, 'rules', 'offers', `${id}.json`);
  if (existsSync(target)) fail(`${relative(ROOT, target)} already exists; edit it, or choose another id`);
  const today = deviceToday();
  writeFileSync(target, scaffoldOffer(id, today), { flag: 'wx' });
  process.stdout.write(`Created ${relative(ROOT, target)}. Fill in the TODOs, then run: npm run rules:check\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
