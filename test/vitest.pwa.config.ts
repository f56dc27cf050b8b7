import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { WAIT_MS } from './support/patience.ts';

// Component tests of the PWA's screens: happy-dom, Preact JSX, IndexedDB from fake-indexeddb.
export default defineProject({
  plugins: [preact()],
  test: {
    name: 'pwa',
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/unit/pwa/**/*.test.tsx'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', 'test/support/testing-library.ts'],
    expect: { poll: { timeout: WAIT_MS } },
    // A test must outlast the waits inside it, or a loaded machine fails it before they give up.
    testTimeout: 4 * WAIT_MS,
  },
});
