// Builds the MV3 extension into dist/extension: `npm run build:extension`.
import { fileURLToPath } from 'node:url';
import { type CrxPlugin, crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
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

// The service worker validates published rules with the PWA's own loader (pwa/rules/source.ts),
// which imports the engine lazily; a service worker may not import(), and the engine is in its
// bundle anyway, so here those imports become static. A loader that no longer imports the
// engine this way stops the build rather than ship a service worker that fails at run time.
const LAZY_ENGINE = ['../../shared/engine/ruleset.ts', '../../shared/engine/evaluate.ts'];
const staticEngineInRulesLoader: Plugin = {
  name: 'second-shot:static-engine-in-rules-loader',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/pwa/rules/source.ts')) return null;
    let out = code;
    const imports = LAZY_ENGINE.map((path, i) => {
      const lazy = `import('${path}')`;
      if (!out.includes(lazy)) throw new Error(`pwa/rules/source.ts no longer has ${lazy}: update ${fileURLToPath(import.meta.url)}`);
      out = out.replaceAll(lazy, `Promise.resolve(engine${i})`);
      return `import * as engine${i} from '${path}';\n`;
    });
    return { code: imports.join('') + out, map: null };
  },
};

export default defineConfig({
  root,
  // The PWA's public/ folder is not the extension's.
  publicDir: false,
  plugins: [staticEngineInRulesLoader, preact(), crx({ manifest }), noWebAccessibleResources],
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
    target: 'chrome116',
  },
  server: { port: 5174, strictPort: true, hmr: { port: 5174 } },
});
