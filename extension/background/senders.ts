// Who may ask the service worker what. Every check is a pure function of the sender Chrome
// reports (and, for booking pages, the URL the page says it is at), so unit tests run them
// without Chrome. A failed check throws Refused with the reason, which the asking page shows.

import { quote } from '../../shared/problems.ts';
import { matchPage, originOf, type PageMatch, profileForOrigin } from '../../shared/sites/match.ts';
import type { SiteProfile } from '../../shared/sites/profile.ts';

export type Sender = Pick<chrome.runtime.MessageSender, 'id' | 'url' | 'origin' | 'frameId' | 'tab'>;

/** A request the service worker will not serve; the message says why, in words for the hint. */
export class Refused extends Error {
  override name = 'Refused';
}

export interface BookingPage extends PageMatch {
  /** The page's current URL: the one it claims, once checked against the sender. */
  url: string;
  tabId: number;
}

/** The sender's origin as Chromium vouches for it: `sender.origin`, else the origin of `sender.url`. */
function senderOrigin(sender: Sender): string | null {
  const fromUrl = originOf(sender.url ?? '');
  if (sender.origin !== undefined && sender.origin !== fromUrl) throw new Refused('the request came from a page whose origin and address disagree.');
  return fromUrl;
}

/**
 * A booking page's sender: our own content script, in a tab's top frame, on an exact profile
 * origin. `claimedUrl` is where the page says it is now (after a client-side route change
 * `sender.url` still names the first URL); only its path is taken from it, the origin must be
 * the sender's own.
 */
export function bookingPage(sender: Sender, claimedUrl: string, runtimeId: string, profiles: readonly SiteProfile[]): BookingPage {
  if (sender.id !== runtimeId) throw new Refused('the request did not come from Second Shot.');
  if (sender.frameId !== 0) throw new Refused('Second Shot works only in the top frame of a booking page, not in a frame inside it.');
  if (sender.tab?.id === undefined) throw new Refused('the request did not come from a browser tab.');
  const origin = senderOrigin(sender);
  const profile = origin === null ? undefined : profileForOrigin(profiles, origin);
  if (!profile) throw new Refused(`${origin ?? 'this page'} is not a booking site of any profile.`);
  if (originOf(claimedUrl) !== origin) throw new Refused(`the page claimed to be at ${quote(claimedUrl)}, which is not on ${origin}.`);
  const match = matchPage([profile], claimedUrl) as PageMatch;
  return { ...match, url: claimedUrl, tabId: sender.tab.id };
}

/** One of the extension's own pages (popup, options): never a web page or a content script. */
export function extensionPage(sender: Sender, runtimeId: string): void {
  const url = sender.url ?? '';
  if (sender.id !== runtimeId || originOf(url) !== null || !url.startsWith(`chrome-extension://${runtimeId}/`)) throw new Refused('only the extension\'s own pages may ask this.');
}

/** The PWA bridge: our content script, top frame of a tab, on the configured PWA origin. */
export function pwaPage(sender: Sender, runtimeId: string, pwaOrigin: string): { origin: string; tabId: number } {
  const origin = sender.origin ?? originOf(sender.url ?? '');
  if (sender.id !== runtimeId || sender.frameId !== 0 || sender.tab?.id === undefined || origin !== pwaOrigin) throw new Refused('link messages come only from the configured app origin.');
  return { origin, tabId: sender.tab.id };
}
