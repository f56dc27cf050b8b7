// The PWA build: pwa/ → dist/pwa, with a Workbox service worker that precaches the whole
// app (so it works offline, deep links included) and waits for the user's "Update".
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('./pwa', import.meta.url));

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
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // The page registers the worker itself through workbox-window (pwa/update.ts).
      injectRegister: false,
      filename: 'sw.js',
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
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // Never take over on its own: the page asks the user first (prompt-for-update).
        skipWaiting: false,
        clientsClaim: false,
      },
    }),
  ],
};
