// npm run bench: runs every bench/*.bench.ts, compares each number with its budget in
// bench/budgets.json and writes bench/results.json as [{ name, value, unit, budget }].

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../cli/rules-on-disk.ts';
import { writeChart } from './chart.ts';

export interface Measurement {
  name: string;
  value: number;
}

export interface BenchResult extends Measurement {
  unit: string;
  budget: number | null;
}

interface Budget {
  unit: string;
  budget: number | null;
  /** The budget is the least value allowed (a score), not the most. */
  floor?: boolean;
}

export function withinBudget(value: number, { budget, floor }: Budget): boolean {
  return budget === null || (floor ? value >= budget : value <= budget);
}

/** The median of samples; benchmarks report medians, never single runs. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function readBudgets(): Record<string, Budget> {
  return JSON.parse(readFileSync(join(ROOT, 'bench', 'budgets.json'), 'utf8')) as Record<string, Budget>;
}

/** Writes bench/results.json, keeping those last written numbers not measured now that `keep` names. */
export function recordResults(results: readonly BenchResult[], keep: (name: string) => boolean): void {
  const path = join(ROOT, 'bench', 'results.json');
  const measured = new Set(results.map((r) => r.name));
  const kept = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BenchResult[]).filter((r) => !measured.has(r.name) && keep(r.name)) : [];
  writeFileSync(path, `${JSON.stringify([...kept, ...results].sort((a, b) => a.name.localeCompare(b.name)), null, 2)}\n`);
}

async function main(): Promise<void> {
  const budgets = readBudgets();
  const only = process.argv[2];
  const suites = readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only))).sort();
  const results: BenchResult[] = [];
  let over = 0;
  for (const suite of suites) {
    process.stdout.write(`${suite}\n`);
    const module = (await import(pathToFileURL(join(ROOT, 'bench', suite)).href)) as { measure: () => Promise<Measurement[]> };
    for (const { name, value } of await module.measure()) {
      const budget = budgets[name];
      if (!budget) throw new Error(`bench/budgets.json has no entry for "${name}"`);
      const rounded = Number(value.toPrecision(4));
      results.push({ name, value: rounded, unit: budget.unit, budget: budget.budget });
      const verdict = budget.budget === null ? '' : withinBudget(rounded, budget) ? '  ok' : budget.floor ? '  UNDER BUDGET' : '  OVER BUDGET';
      if (!withinBudget(rounded, budget)) over++;
      process.stdout.write(`  ${name}: ${rounded} ${budget.unit}${budget.budget === null ? '' : ` (budget ${budget.floor ? '≥ ' : ''}${budget.budget})`}${verdict}\n`);
    }
  }
  // A partial run (npm run bench core) keeps the other suites' last numbers; the mutation
  // scores are npm run test:mutation's to write.
  recordResults(results, (name) => Boolean(only) || name.startsWith('mutation.'));
  writeChart();
  process.stdout.write(`${results.length} measurements written to bench/results.json; ${over} outside their budget\n`);
  if (over > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
