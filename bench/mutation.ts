// npm run test:mutation [-- FILE… [--tests TEST_FILE,…]]: mutation testing with Stryker
// (stryker.config.mjs) of the core and the extension's service worker. A full run writes each
// part's score to bench/results.json (mutation.core.score, mutation.extension-background.score)
// and prints every file's; naming files mutates only those and prints their scores, writing
// nothing. Incremental: a rerun tests only the mutants whose code or covering tests changed.
// --tests runs only the test files named against each mutant (not incrementally): minutes
// instead of hours on a busy machine, and a lower bound of the file's score.
import type { MutantResult } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../cli/rules-on-disk.ts';
import { type BenchResult, readBudgets, recordResults } from './run.ts';

const PARTS = [
  { name: 'mutation.core.score', holds: (file: string) => file.startsWith('shared/') },
  { name: 'mutation.extension-background.score', holds: (file: string) => file.startsWith('extension/background/') },
];

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set([...DETECTED, 'Survived', 'NoCoverage']);

/** Stryker's mutation score: detected mutants among those that ran or no test reached. */
export function mutationScore(results: readonly Pick<MutantResult, 'status'>[]): number | null {
  const counted = results.filter((r) => COUNTED.has(r.status));
  return counted.length === 0 ? null : (100 * counted.filter((r) => DETECTED.has(r.status)).length) / counted.length;
}

const percent = (score: number | null): string => (score === null ? 'no mutants' : `${score.toFixed(1)} %`);

/** `FILE… [--tests TEST_FILE,…]`: the files to mutate (all when none) and the test files to run. */
export function mutationArgs(args: readonly string[]): { files: string[]; tests: string | undefined } {
  const testsAt = args.indexOf('--tests');
  if (testsAt < 0) return { files: [...args], tests: undefined };
  const tests = args[testsAt + 1];
  if (tests === undefined || tests === '' || tests.startsWith('--') || args.length > testsAt + 2) {
    throw new Error('--tests takes one value, the test files to run separated by commas, after the files to mutate');
  }
  return { files: args.slice(0, testsAt), tests };
}

async function main(args: string[]): Promise<void> {
  const started = Date.now();
  const { files, tests } = mutationArgs(args);
  if (tests !== undefined) process.env['MUTATION_TESTS'] = tests;
  const results = await new Stryker({
    configFile: 'stryker.config.mjs',
    ...(files.length > 0 ? { mutate: files } : {}),
    ...(tests !== undefined ? { incremental: false } : {}),
  }).runMutationTest();
  const byFile = new Map<string, MutantResult[]>();
  for (const result of results) {
    const file = relative(ROOT, result.fileName);
    byFile.set(file, [...(byFile.get(file) ?? []), result]);
  }
  for (const [file, mutants] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const survived = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length;
    process.stdout.write(`  ${file}: ${percent(mutationScore(mutants))} (${mutants.length} mutants, ${survived} not detected)\n`);
  }
  const notRun = results.filter((r) => r.status === 'Ignored').length;
  process.stdout.write(`${results.length} mutants in ${Math.round((Date.now() - started) / 1000)} s; ${notRun} not run (static: in code run when a module loads, not by a test)\n`);
  if (files.length > 0 || tests !== undefined) return;

  const budgets = readBudgets();
  const measured: BenchResult[] = [];
  let over = 0;
  for (const part of PARTS) {
    const value = mutationScore(results.filter((r) => part.holds(relative(ROOT, r.fileName))));
    const budget = budgets[part.name];
    if (value === null || !budget) throw new Error(`no mutants or no budget for ${part.name}`);
    const rounded = Number(value.toFixed(1));
    measured.push({ name: part.name, value: rounded, unit: budget.unit, budget: budget.budget });
    // A score is a floor: at or above the budget is within it.
    if (budget.budget !== null && rounded < budget.budget) over++;
    process.stdout.write(`${part.name}: ${rounded} % (budget ≥ ${budget.budget} %)${budget.budget !== null && rounded < budget.budget ? '  UNDER BUDGET' : '  ok'}\n`);
  }
  recordResults(measured, () => true);
  if (over > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
