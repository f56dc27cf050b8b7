import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { WAIT_MS } from './support/patience.ts';

export default defineProject({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: WAIT_MS } },
    // Each file starts its own Chromium; two at once is what two cores carry. Browser tests
    // run after the other projects (a group of their own), so the two never compete for the CPU.
    maxWorkers: 2,
    sequence: { groupOrder: 1 },
  },
});
