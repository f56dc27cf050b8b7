// npm run rules:check [-- extra-or-draft.json ...]
// Validates every offer and site file, runs every worked example, and warns about likely
// mistakes. Exit 0 only when there are no errors.

import { readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { checkRules } from '../shared/engine/check.ts';
import { locatePointer } from '../shared/json.ts';
import type { Problem } from '../shared/problems.ts';
import { loadSiteProfiles } from '../shared/sites/profile.ts';
import { readRuleFiles, ROOT } from './rules-on-disk.ts';

async function main(extra: string[]): Promise<number> {
  const offers = readRuleFiles();
  for (const path of extra) {
    const file = relative(ROOT, resolve(path));
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      process.stderr.write(`cannot read ${path}\n`);
      return 2;
    }
    // A draft of a shipped file (same file name) replaces it, so it is checked in its place.
    const same = offers.findIndex((f) => basename(f.file) === basename(file));
    if (same >= 0) offers.splice(same, 1, { file, text });
    else offers.push({ file, text });
  }
  const sites = readRuleFiles(join(ROOT, 'rules', 'sites'));
  const loadedSites = loadSiteProfiles(sites);
  // The providers files may name: the list in rules/ and every booking site's provider.
  const listed = (JSON.parse(readFileSync(join(ROOT, 'rules', 'providers.json'), 'utf8')) as { providers: string[] }).providers;
  const result = await checkRules(offers, { providers: [...listed, ...loadedSites.profiles.map((p) => p.provider)] });
  const errors: Problem[] = [...result.errors, ...loadedSites.problems];
  // Editors jump to "file:line:column", so each line starts with where the value is.
  const texts = new Map([...offers, ...sites].map((f) => [f.file, f.text]));
  const print = (label: string, problem: Problem): void => {
    const at = problem.line !== undefined ? problem : locatePointer(texts.get(problem.file) ?? '', problem.pointer);
    const where = at ? `${problem.file}:${at.line}:${at.column}` : problem.file;
    process.stdout.write(`${label} ${where} #${problem.pointer || '/'}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}\n`);
  };
  for (const problem of errors) print('error  ', problem);
  for (const warning of result.warnings) print('warning', warning);
  const { passed, failed } = result.examples;
  process.stdout.write(
    `${offers.length} offer files, ${sites.length} site files, ${passed + failed} worked examples (${failed} failing): ${errors.length} error${errors.length === 1 ? '' : 's'}, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}\n`,
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
