// The service worker. The app itself is precached (it works offline, deep links included,
// through the navigation fallback). Offer rules are served stale-while-revalidate: answers
// come at once, even offline, and a rule file replaced on the server is fetched in the
// background; when it changed, open pages are told so they can use it straight away.
// A new version waits until the page asks it to take over (the user's "Update").
import type { WorkboxPlugin } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { StaleWhileRevalidate } from 'workbox-strategies';
import { deviceToday } from '../shared/dates.ts';
import { readRulesIndex, RULES_CACHE } from '../shared/published/index-file.ts';
import { RULES_CHANNEL, RULES_INDEX } from '../shared/published/names.ts';
import { REMINDER_SYNC_TAG, takeDueAhead } from './storage/reminder-store.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/rules\//] }));

const announceChanges: WorkboxPlugin = {
  async cacheDidUpdate({ request, oldResponse, newResponse }) {
    if (!oldResponse || (await oldResponse.clone().text()) === (await newResponse.clone().text())) return;
    new BroadcastChannel(RULES_CHANNEL).postMessage({ type: 'rules-changed', url: request.url });
  },
};

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname.startsWith('/rules/') && request.method === 'GET',
  new StaleWhileRevalidate({ cacheName: RULES_CACHE, plugins: [announceChanges] }),
);

/** The rules are cached at install, so the app answers offline even if the first visit ended before it fetched them. */
async function cacheRules(): Promise<void> {
  const cache = await caches.open(RULES_CACHE);
  const index = await fetch(RULES_INDEX, { cache: 'no-cache' });
  if (!index.ok) return;
  const { files } = readRulesIndex(await index.clone().text());
  await cache.put(RULES_INDEX, index);
  await Promise.all(
    (files ?? []).map(async (file) => {
      const response = await fetch(`/rules/${file}`, { cache: 'no-cache' });
      if (response.ok) await cache.put(`/rules/${file}`, response);
    }),
  );
}

self.addEventListener('install', (event) => {
  // A failed warm-up must not fail the install: the pages fetch the rules themselves too.
  event.waitUntil(cacheRules().catch(() => undefined));
});

self.addEventListener('message', (event) => {
  if (typeof event.data === 'object' && event.data !== null && (event.data as { type?: unknown }).type === 'SKIP_WAITING') void self.skipWaiting();
});

/** Periodic Background Sync (not in TypeScript's worker types yet). */
function isReminderSync(event: Event): event is ExtendableEvent {
  return event instanceof ExtendableEvent && 'tag' in event && event.tag === REMINDER_SYNC_TAG;
}

/** Woken by the browser on a day the app may not be opened: the reminders the app worked out for today. */
async function showDueReminders(): Promise<void> {
  for (const reminder of await takeDueAhead(deviceToday())) {
    await self.registration.showNotification(reminder.title, { body: reminder.message, tag: reminder.id, icon: '/icons/icon-192.png' });
  }
}

self.addEventListener('periodicsync', (event) => {
  if (isReminderSync(event)) event.waitUntil(showDueReminders());
});
