// npm run test:mutation [-- --part PART | FILE… [--tests TEST_FILE,…]]: mutation testing with
// Stryker (stryker.config.mjs) of the core and the extension's service worker. A full run writes
// each part's score to bench/results.json (mutation.core.score,
// mutation.extension-background.score) and prints every file's; --part mutates one part and
// writes its score only; naming files mutates only those and prints their scores, writing
// nothing. Incremental: a rerun tests only the mutants whose code or covering tests changed.
// --tests runs only the test files named against each mutant (not incrementally): minutes
// instead of hours on a busy machine, and a lower bound of the file's score.
import type { MutantResult } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../cli/rules-on-disk.ts';
import { type BenchResult, readBudgets, recordResults, withinBudget } from './run.ts';

/** What is mutated, by part, each with its own score and budget. */
export const PARTS = {
  core: {
    score: 'mutation.core.score',
    mutate: ['shared/engine/**/*.ts', 'shared/history/**/*.ts', 'shared/dates.ts', 'shared/exam.ts', 'shared/link.ts'],
    holds: (file: string) => file.startsWith('shared/'),
    tests: undefined,
  },
  'extension-background': {
    score: 'mutation.extension-background.score',
    mutate: ['extension/background/**/*.ts'],
    holds: (file: string) => file.startsWith('extension/background/'),
    // Only the extension's unit tests import the service worker's modules: the first run of
    // every other test (minutes, with coverage per test) would find that none reaches them.
    tests: 'test/unit/extension/**/*.test.ts',
  },
} as const;
type PartName = keyof typeof PARTS;
const isPart = (name: string): name is PartName => Object.hasOwn(PARTS, name);

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set([...DETECTED, 'Survived', 'NoCoverage']);

/** Stryker's mutation score: detected mutants among those that ran or no test reached. */
export function mutationScore(results: readonly Pick<MutantResult, 'status'>[]): number | null {
  const counted = results.filter((r) => COUNTED.has(r.status));
  return counted.length === 0 ? null : (100 * counted.filter((r) => DETECTED.has(r.status)).length) / counted.length;
}

const percent = (score: number | null): string => (score === null ? 'no mutants' : `${score.toFixed(1)} %`);

/**
 * The test files of `listed` (vitest's list of what the mutation config runs) that Stryker's
 * report does not name: they failed to load in its sandbox, and Stryker says nothing of it.
 */
export function testFilesLeftOut(listed: unknown, report: unknown): string[] {
  const files = Array.isArray(listed) ? listed.map((entry: unknown) => (typeof entry === 'object' && entry !== null && 'file' in entry && typeof entry.file === 'string' ? relative(ROOT, entry.file) : '')) : [];
  const ran = typeof report === 'object' && report !== null && 'testFiles' in report && typeof report.testFiles === 'object' && report.testFiles !== null ? Object.keys(report.testFiles) : [];
  if (files.length === 0 || files.includes('')) throw new Error('vitest did not list the test files of test/mutation/vitest.config.ts');
  return files.filter((file) => !ran.includes(file));
}

function checkEveryTestFileRan(): void {
  const listed: unknown = JSON.parse(execFileSync('npx', ['vitest', 'list', '--filesOnly', '--json', '--config', 'test/mutation/vitest.config.ts'], { cwd: ROOT, encoding: 'utf8' }));
  const report: unknown = JSON.parse(readFileSync(join(ROOT, 'reports', 'mutation', 'mutation.json'), 'utf8'));
  const leftOut = testFilesLeftOut(listed, report);
  if (leftOut.length > 0) throw new Error(`${leftOut.length} test files did not load in Stryker's sandbox, so they killed no mutant and the scores would be too low; nothing is recorded: ${leftOut.join(', ')}`);
}

export interface MutationArgs {
  /** The files to mutate; every part's when none. */
  files: string[];
  /** The test files to run against each mutant (a part's, or those named); every unit test when undefined. */
  tests: string | undefined;
  /** The parts whose score this run measures (and records). */
  parts: PartName[];
}

/** `--part PART` or `FILE… [--tests TEST_FILE,…]` (see the top of this file). */
export function mutationArgs(args: readonly string[]): MutationArgs {
  if (args[0] === '--part') {
    const part = args[1];
    if (part === undefined || !isPart(part) || args.length > 2) throw new Error(`--part takes one of ${Object.keys(PARTS).join(', ')}, and nothing else`);
    return { files: [...PARTS[part].mutate], tests: PARTS[part].tests, parts: [part] };
  }
  const testsAt = args.indexOf('--tests');
  if (testsAt < 0) return args.length === 0 ? { files: Object.values(PARTS).flatMap((p) => [...p.mutate]), tests: undefined, parts: Object.keys(PARTS).filter(isPart) } : { files: [...args], tests: undefined, parts: [] };
  const tests = args[testsAt + 1];
  if (tests === undefined || tests === '' || tests.startsWith('--') || args.length > testsAt + 2) {
    throw new Error('--tests takes one value, the test files to run separated by commas, after the files to mutate');
  }
  return { files: args.slice(0, testsAt), tests, parts: [] };
}

async function main(args: string[]): Promise<void> {
  const started = Date.now();
  const { files, tests, parts } = mutationArgs(args);
  if (tests !== undefined) process.env['MUTATION_TESTS'] = tests;
  const results = await new Stryker({
    configFile: 'stryker.config.mjs',
    mutate: files,
    // Test files named by hand may leave out some that killed mutants before: no reuse of those results.
    ...(tests !== undefined && parts.length === 0 ? { incremental: false } : {}),
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
  checkEveryTestFileRan();
  if (parts.length === 0) return;

  const budgets = readBudgets();
  const measured: BenchResult[] = [];
  let over = 0;
  for (const { score, holds } of parts.map((name) => PARTS[name])) {
    const value = mutationScore(results.filter((r) => holds(relative(ROOT, r.fileName))));
    const budget = budgets[score];
    if (value === null || !budget) throw new Error(`no mutants or no budget for ${score}`);
    const rounded = Number(value.toFixed(1));
    measured.push({ name: score, value: rounded, unit: budget.unit, budget: budget.budget });
    // A score's budget is a floor (bench/budgets.json says so): at or above it is within it.
    const within = withinBudget(rounded, budget);
    if (!within) over++;
    process.stdout.write(`${score}: ${rounded} % (budget ≥ ${budget.budget} %)${within ? '  ok' : '  UNDER BUDGET'}\n`);
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
