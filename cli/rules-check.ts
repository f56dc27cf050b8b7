// npm run rules:check [-- extra-or-draft.json ...]
// npm run rules:check -- --published <folder>     (a folder with index.json, offers/ and sites/)
// Validates every offer and site file (its own checks and the JSON Schema in rules/schema/),
// runs every worked example, and warns about likely mistakes. Exit 0 only when there are no errors.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { checkRules } from '../shared/engine/rule-check.ts';
import { checkBooking, indexHistory, voucherStatus } from '../shared/engine/evaluate.ts';
import { loadRuleSet, type SourceFile } from '../shared/engine/ruleset.ts';
import { type FetchText, loadPublishedRules } from '../shared/published/load.ts';
import { locatePointer } from '../shared/json.ts';
import type { Problem } from '../shared/problems.ts';
import { loadSiteProfiles } from '../shared/sites/profile.ts';
import { refreshPublishedProfiles } from '../shared/sites/published.ts';
import { readSitesIndex } from '../shared/published/index-file.ts';
import { readRuleFiles, ROOT } from './rules-on-disk.ts';
import { OFFER_SCHEMA, schemaProblems, SITE_SCHEMA } from './rules-schema.ts';

interface Gathered {
  offers: SourceFile[];
  /** The site profiles in force: the bundled ones, each replaced by its published correction when there is one. */
  sites: SourceFile[];
  /** Problems found before the rules are checked: a published index's entries, refused files. */
  errors: Problem[];
  warnings: Problem[];
  /** Other texts problems point into (a published index, refused files), for line and column. */
  texts: SourceFile[];
}

/** The shipped files, with drafts given on the command line in place of (or beside) them. */
function shippedWithDrafts(paths: readonly string[]): Gathered | string {
  const offers = readRuleFiles();
  for (const path of paths) {
    const file = relative(ROOT, resolve(path));
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return `cannot read ${path}`;
    }
    // A draft of a shipped file (same file name) replaces it, so it is checked in its place.
    const same = offers.findIndex((f) => basename(f.file) === basename(file));
    if (same >= 0) offers.splice(same, 1, { file, text });
    else offers.push({ file, text });
  }
  return { offers, sites: bundledSites(), errors: [], warnings: [], texts: [] };
}

const bundledSites = (): SourceFile[] => readRuleFiles(join(ROOT, 'rules', 'sites'));

/** Files of a published folder's `sub`folder that its index does not list (nor refuses): the apps never read them. */
function unlisted(folder: string, shown: string, sub: 'offers' | 'sites', listed: ReadonlySet<string>, list: string): Problem[] {
  let onDisk: string[] = [];
  try {
    onDisk = readdirSync(join(folder, sub)).filter((name) => name.endsWith('.json'));
  } catch {
    // No such folder: every listed file is already reported as not fetched.
  }
  return onDisk
    .filter((name) => !listed.has(`rules/${sub}/${name}`))
    .map((name): Problem => ({ file: join(shown, sub, name), pointer: '', message: 'is not listed in index.json: the apps never read it', hint: `add "${sub}/${name}" to "${list}"` }));
}

/** A published folder (index.json, offers/ and sites/) read exactly as the apps read it. */
async function publishedFolder(folder: string): Promise<Gathered | string> {
  const shown = relative(process.cwd(), resolve(folder)) || '.';
  const named = (file: string): string => join(shown, file.replace(/^rules\//, ''));
  const fetchText: FetchText = async (path) => readFileSync(join(folder, path.replace(/^\/rules\//, '')), 'utf8');
  const nothingRemembered = { getItem: (): null => null, setItem: (): void => undefined };
  let rules;
  try {
    rules = await loadPublishedRules(fetchText, nothingRemembered, { loadRuleSet, voucherStatus, indexHistory, checkBooking });
  } catch (error) {
    return `${shown} is not a published rules folder: ${error instanceof Error ? error.message : String(error)}`;
  }
  const refused = new Set(rules.problems.map((p) => p.file));
  // The index's "sites", as the extension reads them: each a valid correction of a bundled profile.
  const indexText = await fetchText('/rules/index.json');
  const sites = await refreshPublishedProfiles(fetchText, indexText, {}, bundledSites());
  const sitesIndex = readSitesIndex(indexText);
  const listedSites = new Set((sitesIndex.files ?? []).map((entry) => `rules/${entry}`));
  const warnings = [
    ...unlisted(folder, shown, 'offers', new Set([...rules.files.map((f) => f.file), ...refused]), 'files'),
    ...unlisted(folder, shown, 'sites', listedSites, 'sites'),
  ];
  for (const problem of sites.problems) refused.add(problem.file);
  const readable = (file: string): SourceFile[] => {
    try {
      return [{ file: named(file), text: readFileSync(join(folder, file.replace(/^rules\//, '')), 'utf8') }];
    } catch {
      return [];
    }
  };
  return {
    texts: ['rules/index.json', ...refused].flatMap(readable),
    offers: rules.files.map((f) => ({ file: named(f.file), text: f.text })),
    sites: sites.files.map((f) => (sites.from[f.file] === 'published' ? { file: named(f.file), text: f.text } : f)),
    errors: [...rules.problems, ...sites.problems].map((p) => ({ ...p, file: named(p.file) })),
    warnings,
  };
}

async function main(args: string[]): Promise<number> {
  const [first, folder, ...rest] = args;
  const gathered = first === '--published' ? (folder === undefined || rest.length > 0 ? 'Usage: npm run rules:check -- --published <folder>' : await publishedFolder(folder)) : shippedWithDrafts(args);
  if (typeof gathered === 'string') {
    process.stderr.write(`${gathered}\n`);
    return 2;
  }
  const { offers, sites } = gathered;
  const loadedSites = loadSiteProfiles(sites);
  // The providers files may name: the list in rules/ and every booking site's provider.
  const listed = (JSON.parse(readFileSync(join(ROOT, 'rules', 'providers.json'), 'utf8')) as { providers: string[] }).providers;
  const result = await checkRules(offers, { providers: [...listed, ...loadedSites.profiles.map((p) => p.provider)] });
  const own: Problem[] = [...gathered.errors, ...result.errors, ...loadedSites.problems];
  // The schema editors check with runs too: a file it refuses fails here, even where the checks above miss it.
  const errors: Problem[] = [...own, ...schemaProblems(offers, OFFER_SCHEMA, own), ...schemaProblems(sites, SITE_SCHEMA, own)];
  const warnings: Problem[] = [...gathered.warnings, ...result.warnings];
  // Editors jump to "file:line:column", so each line starts with where the value is.
  const texts = new Map([...offers, ...sites, ...gathered.texts].map((f) => [f.file, f.text]));
  const print = (label: string, problem: Problem): void => {
    const at = problem.line !== undefined ? problem : locatePointer(texts.get(problem.file) ?? '', problem.pointer);
    const where = at ? `${problem.file}:${at.line}:${at.column}` : problem.file;
    process.stdout.write(`${label} ${where} #${problem.pointer || '/'}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}\n`);
  };
  for (const problem of errors) print('error  ', problem);
  for (const warning of warnings) print('warning', warning);
  const { passed, failed } = result.examples;
  process.stdout.write(
    `${offers.length} offer files, ${sites.length} site files, ${passed + failed} worked examples (${failed} failing): ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}\n`,
  );
  return errors.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rules:check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
