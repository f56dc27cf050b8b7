import { defineConfig } from 'vitest/config';

// One project per environment; each project's config lives in test/ (unit tests in Node,
// component tests in happy-dom, browser tests in real Chromium against the build).
export default defineConfig({
  test: {
    projects: ['test/vitest.*.config.ts'],
  },
});
