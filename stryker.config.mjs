// Mutation testing of the core and the extension's service worker: `npm run test:mutation`
// (see bench/mutation.ts, which runs this and writes the scores to bench/results.json).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Every unit test in the dry run: finding tests by import graph missed many.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  // Each mutant runs only the tests that reach it; a rerun tests only what changed since the last.
  coverageAnalysis: 'perTest',
  // A mutant in code run when a module loads (tables, constants) is reached by no test in
  // particular, so it would run the whole suite: 7 % of the mutants, over half the time. They
  // are counted apart (bench/mutation.ts prints how many) instead of taking hours.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  // What is mutated, by part, is bench/mutation.ts's (PARTS), which passes it in.
  // Stryker rewrites the tsconfig with TypeScript's old API, which TypeScript 7 no longer has.
  // Nothing needs rewriting (every tsconfig's paths stay inside the sandbox), so point it at none.
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  checkers: [],
  // import.meta.glob's arguments stay literals, or Vite cannot load the module (see the file).
  plugins: ['@stryker-mutator/vitest-runner', './test/mutation/import-meta-glob.mjs', './test/mutation/survivors-reporter.mjs'],
  ignorers: ['import-meta-glob'],
  concurrency: 2,
  timeoutMS: 10_000,
  // The first run of every unit test, with coverage per test, takes minutes on a loaded 2-core machine.
  dryRunTimeoutMinutes: 30,
  // survivors: each undetected mutant written down as soon as it is known (see the file).
  reporters: ['progress', 'json', 'survivors'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Build output and reports are not sources: copying them races with a build running beside.
  ignorePatterns: ['dist', 'reports', 'bench/results.json'],
  cleanTempDir: 'always',
};
