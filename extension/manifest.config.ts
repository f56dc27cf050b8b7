// The extension's manifest. Host permissions and content-script matches come from the site
// profiles (exact origins, never <all_urls>), so adding a booking site is a data change.

import { fileURLToPath } from 'node:url';
import { defineManifest } from '@crxjs/vite-plugin';
import { DEFAULT_PWA_ORIGIN } from './settings.ts';
import { readSiteProfiles } from './sites-on-disk.ts';
import { manifestMatches } from '../shared/sites/match.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The app's mark (pwa/public/icons/icon.svg) drawn at each size Chrome asks for; under 48 px without its "2".
const ICONS = { 16: 'extension/icons/icon-16.png', 32: 'extension/icons/icon-32.png', 48: 'extension/icons/icon-48.png', 128: 'extension/icons/icon-128.png' };

export default defineManifest(() => {
  const matches = manifestMatches(readSiteProfiles(ROOT));
  return {
    manifest_version: 3,
    name: 'Second Shot',
    version: '0.1.0',
    description: 'On exam-booking pages: whether your vouchers cover the exam, and the right voucher code in one click.',
    minimum_chrome_version: '116',
    action: { default_title: 'Second Shot: your vouchers', default_popup: 'extension/popup/index.html', default_icon: ICONS },
    options_ui: { page: 'extension/options/index.html', open_in_tab: true },
    background: { service_worker: 'extension/background/index.ts', type: 'module' },
    // Reminders: a daily alarm and its notifications.
    permissions: ['storage', 'scripting', 'alarms', 'notifications'],
    icons: ICONS,
    // The booking sites, and the default PWA origin for the link bridge.
    host_permissions: [...matches, `${DEFAULT_PWA_ORIGIN}/*`],
    // Another PWA origin is asked for at runtime, one exact origin at a time, with the user's consent.
    optional_host_permissions: ['http://localhost/*', 'http://127.0.0.1/*', 'https://*/*'],
    content_scripts: [
      { matches, js: ['extension/content/booking.iife.ts'], run_at: 'document_idle', all_frames: false },
    ],
  };
});
