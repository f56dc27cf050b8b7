// Builds the MV3 extension into dist/extension: `npm run build:extension`.
import { fileURLToPath } from 'node:url';
import { type CrxPlugin, crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

// crxjs makes every `?script` import web-accessible on all sites. The PWA bridge is
// registered through chrome.scripting, which needs no such entry, and a page that can fetch
// our files can fingerprint the extension: none are exposed.
const noWebAccessibleResources: CrxPlugin = {
  name: 'second-shot:no-web-accessible-resources',
  enforce: 'post',
  renderCrxManifest(manifest) {
    delete manifest.web_accessible_resources;
    return manifest;
  },
};

export default defineConfig({
  root,
  // The PWA's public/ folder is not the extension's.
  publicDir: false,
  plugins: [preact(), crx({ manifest }), noWebAccessibleResources],
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
    target: 'chrome116',
  },
  server: { port: 5174, strictPort: true, hmr: { port: 5174 } },
});
