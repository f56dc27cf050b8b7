import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Component tests of the PWA's screens: happy-dom, Preact JSX, IndexedDB from fake-indexeddb.
export default defineProject({
  plugins: [preact()],
  test: {
    name: 'pwa',
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/unit/pwa/**/*.test.tsx'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto'],
  },
});
