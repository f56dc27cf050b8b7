// The PWA bridge: registered only on the configured PWA origin, top frame. It passes the
// page's link messages (from this window, this origin, on the link channel) to the service
// worker, which validates them fully with parseLinkMessage, and posts the answers back to
// this origin only.

import { LINK_CHANNEL } from '../../shared/link.ts';
import { LinkPost, LinkRelay, MESSAGE_CHANNEL } from '../../shared/messages.ts';
import { send } from '../messaging.ts';

/**
 * How many relayed messages the service worker has answered (readable only in this script's
 * isolated world): browser tests wait on it before checking that a message changed nothing.
 */
const progress = { relayed: 0 };
Object.assign(globalThis, { secondShotLinkProgress: progress });

function post(messages: unknown[]): void {
  for (const message of messages) window.postMessage(message, location.origin);
}

if (window.top === window) {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (event.source !== window || event.origin !== location.origin) return;
    if (typeof data !== 'object' || data === null || (data as { channel?: unknown }).channel !== LINK_CHANNEL) return;
    // Our own posts come back through this listener too: only the PWA's are relayed.
    if ((data as { from?: unknown }).from === 'extension') return;
    send(LinkRelay, { data }).then(({ post: answers }) => post(answers), () => undefined).finally(() => progress.relayed++);
  });
  chrome.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== chrome.runtime.id || sender.tab) return false;
    const envelope = message as { channel?: unknown; type?: unknown; body?: unknown };
    if (envelope?.channel !== MESSAGE_CHANNEL || envelope.type !== LinkPost.type || !LinkPost.request(envelope.body)) return false;
    post(envelope.body.post);
    return false;
  });
}
