// The PWA build: pwa/ → dist/pwa, with a service worker (pwa/sw.ts) that precaches the app
// (so it works offline, deep links included) and waits for the user's "Update". The offer
// rules are published next to the app as plain files under /rules/, not bundled: replacing
// one on the server changes the app's answers without a rebuild.
import preact from '@preact/preset-vite';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './cli/precompress.ts';

const root = fileURLToPath(new URL('./pwa', import.meta.url));
const rulesFolder = fileURLToPath(new URL('./rules', import.meta.url));

/**
 * The published rules: /rules/index.json, /rules/offers/*.json from rules/offers/, and the
 * booking-site profiles the extension takes corrections of, /rules/sites/*.json.
 */
function publishedRules(): Map<string, string> {
  const jsonIn = (folder: string): string[] => readdirSync(join(rulesFolder, folder)).filter((name) => name.endsWith('.json')).sort();
  const files = jsonIn('offers').map((name) => `offers/${name}`);
  const sites = jsonIn('sites').map((name) => `sites/${name}`);
  const published = new Map<string, string>();
  published.set('rules/index.json', `${JSON.stringify({ files, sites }, null, 2)}\n`);
  for (const path of [...files, ...sites]) published.set(`rules/${path}`, readFileSync(join(rulesFolder, path), 'utf8'));
  return published;
}

function rulesAsFiles(): Plugin {
  return {
    name: 'second-shot:rules-as-files',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const text = publishedRules().get((request.url ?? '').split('?')[0]?.slice(1) ?? '');
        if (text === undefined) return next();
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.setHeader('cache-control', 'no-cache');
        response.end(text);
      });
    },
    generateBundle() {
      for (const [fileName, source] of publishedRules()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

export default defineConfig(({ command }) => {
  // A build is always the production app, even when started from a test runner that set
  // NODE_ENV=test (which would otherwise compile in development-only code).
  if (command === 'build') process.env['NODE_ENV'] = 'production';
  return config;
});

const config: UserConfig = {
  root,
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('./dist/pwa', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { port: 4173 },
  preview: { port: 4173 },
  plugins: [
    preact(),
    rulesAsFiles(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      // The page registers the worker itself through workbox-window (pwa/update.ts).
      injectRegister: false,
      manifest: {
        name: 'Second Shot',
        short_name: 'Second Shot',
        description: 'Track exam vouchers and free-retake offers; know the next step and its date.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        // The rules are not precached: they are cached as they are served (see pwa/sw.ts).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
      },
    }),
    precompress(),
  ],
};
