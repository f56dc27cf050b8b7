import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { crxScriptImports } from './support/crx-script-import.ts';
import { WAIT_MS } from './support/patience.ts';

export default defineProject({
  plugins: [crxScriptImports(fileURLToPath(new URL('..', import.meta.url)))],
  test: {
    name: 'unit',
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Some tests run the command-line tools as real processes; on a loaded two-core machine a
    // process start can take seconds.
    testTimeout: 30_000,
    setupFiles: ['test/support/fast-check-seed.ts'],
    expect: { poll: { timeout: WAIT_MS } },
  },
});
