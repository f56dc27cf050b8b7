import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { crxScriptImports } from '../support/crx-script-import.ts';
import { WAIT_MS } from '../support/patience.ts';

// The tests Stryker runs against each mutant: the in-process unit tests. The files whose tests
// only start the CLI as a child process are left out: a mutant is switched on in this process
// only, so they kill nothing, yet each mutant their helpers reach (building histories, adding
// days) would run them, seconds each (impact-cli.test.ts: 7.6 s of the 21.7 s all unit tests
// take; time-zones.test.ts starts a process per time zone). rules-check.test.ts stays: most of its tests run the checker in-process, and its
// child-process tests reach no mutant here, so no mutant runs them.
// MUTATION_TESTS (set by `npm run test:mutation -- --tests …`) narrows them to the files named,
// for a quick look at one source file's survivors.
export default defineConfig({
  plugins: [crxScriptImports(fileURLToPath(new URL('../..', import.meta.url)))],
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: process.env['MUTATION_TESTS']?.split(',') ?? ['test/unit/**/*.test.ts'],
    exclude: ['test/unit/cli.test.ts', 'test/unit/impact-cli.test.ts', 'test/unit/time-zones.test.ts', 'test/unit/test-setup.test.ts'],
    environment: 'node',
    setupFiles: ['test/support/fast-check-seed.ts'],
    // The first test of a file pays for loading what it imports (the whole service worker, say):
    // with coverage per test, niced under a loaded machine, that took over 30 s.
    testTimeout: 120_000,
    expect: { poll: { timeout: WAIT_MS } },
  },
});
