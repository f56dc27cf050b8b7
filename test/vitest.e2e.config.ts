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
    // A browser test is a whole flow of many waits, each up to WAIT_MS; the test's own limit only
    // catches a hang. 60 s cut long flows short when the machine ran at a load of 30 and more.
    testTimeout: 10 * WAIT_MS,
    hookTimeout: 10 * WAIT_MS,
    expect: { poll: { timeout: WAIT_MS } },
    // Each file starts its own Chromium; two at once is what two cores carry. Browser tests
    // run after the other projects (a group of their own), so the two never compete for the CPU.
    maxWorkers: 2,
    sequence: { groupOrder: 1 },
  },
});
