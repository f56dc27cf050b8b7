// Service-worker registration with prompt-for-update: a new version waits until the user
// clicks "Update"; only then does it take over, and the page reloads. Form drafts live in
// sessionStorage, so the reload keeps what the user was typing.
import { Workbox } from 'workbox-window';

export function registerServiceWorker(onUpdateWaiting: (update: () => void) => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const workbox = new Workbox('/sw.js');
  workbox.addEventListener('waiting', () => {
    onUpdateWaiting(() => {
      workbox.addEventListener('controlling', () => location.reload());
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register();
}
