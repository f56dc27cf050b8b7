// The content script on booking pages (exact profile origins, top frame only). It reads the
// page through the site profile, asks the service worker for a verdict, and draws the hint:
// one round trip per read, as the page starts from the bundled profile of its origin (the
// service worker hands over the one in force when that is another version). Every page of a
// profile's origins is watched, whatever path it was first loaded at: the page tracks its own
// location (Navigation API, popstate, a check on every read) and matches the steps' paths
// itself, because Chromium's sender.url keeps the first URL after a client-side route change.
// Fill and "Add to my attempts" act only on the user's own click on a visible, uncovered
// hint, for the page the hint was drawn for.

import { HintFill, HintRecord, type Hint, PageRead, type PageReading, type PageSite } from '../../shared/messages.ts';
import { pageSite } from '../../shared/sites/page-site.ts';
import type { SiteProfile } from '../../shared/sites/profile.ts';
import { send } from '../messaging.ts';
import { type ActClick, clickProblem, drawHint, type HintView } from './hint.ts';
import { currentStep, findVoucherField, noStep, readPage, type Root, roots } from './read-page.ts';

// The profiles this release ships, checked by the build that derives the manifest's matches from them.
const BUNDLED = Object.values(import.meta.glob<SiteProfile>('/rules/sites/*.json', { eager: true, import: 'default' }));

/** Reads follow changes at most this often. */
const READ_GAP_MS = 150;
/**
 * While reads keep finding the page as it was (a ticking clock), a change of the DOM is read
 * this long after the first unread one, never later; the candidate's own input, clicks, focus
 * and route changes are read after READ_GAP_MS at most.
 */
const READ_CEILING_MS = 500;
const ACT_EVENTS = ['input', 'change', 'click', 'focusin'] as const;
const OBSERVED: MutationObserverInit = { childList: true, subtree: true, characterData: true };

interface Drawn {
  view: HintView;
  hint: Hint;
  href: string;
  step: string;
  reading: string;
}

/**
 * Where the reading stands, for whoever drives the page in a test (readable only in this
 * script's isolated world, through DevTools): how many reads have finished, how many requests
 * went to the service worker, whether a read is due, whether the page is still watched, and
 * for how many of the hint's buttons it knows whether something covers them.
 */
const progress = { reads: 0, requests: 0, pending: false, watching: false, coverSeen: 0 };
Object.assign(globalThis, { secondShotProgress: progress });

const bundled = BUNDLED.find((p) => p.origins.includes(location.origin));
let site: PageSite | null = bundled ? pageSite(bundled) : null;
/** Whether the service worker has answered on this page: until then another version of the profile may be in force. */
let confirmed = false;
let drawn: Drawn | null = null;
let dismissed = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let busy = false;
let changedWhileBusy = false;
let lastRead = -Infinity;
/** When the pending read is due. */
let due = Infinity;
/** The last reading (or "no step" at a URL), to tell a page that changed from one that only ticked. */
let lastKey = '';
let quiet = false;
let observer: MutationObserver | null = null;

function clear(): void {
  drawn?.view.remove();
  drawn = null;
}

/**
 * A change of the page or of its location: a read is due, at most every READ_GAP_MS, never
 * later than READ_CEILING_MS after the first unread change; later changes never postpone it.
 */
function changed(event?: Event, urgent = event !== undefined): void {
  // Our own hint's clicks and focus are not the page's changes.
  if (dismissed || document.hidden || (event && drawn && event.composedPath().includes(drawn.view.host))) return;
  if (busy) {
    changedWhileBusy = true;
    return;
  }
  const now = performance.now();
  const at = Math.max(lastRead + READ_GAP_MS, urgent || !quiet ? now : now + READ_CEILING_MS);
  if (timer !== undefined && at >= due) return;
  clearTimeout(timer);
  due = at;
  progress.pending = true;
  timer = setTimeout(read, at - now);
}

async function read(): Promise<void> {
  timer = undefined;
  due = Infinity;
  busy = true;
  changedWhileBusy = false;
  try {
    await evaluate();
  } catch {
    // The service worker refused or is gone: the next change tries again.
  } finally {
    busy = false;
    lastRead = performance.now();
    progress.reads++;
    progress.pending = false;
    if (changedWhileBusy) changed(undefined, true);
  }
}

/** Asks the service worker; a profile it sends back is the one in force, to read the page with again. */
async function ask(reading: PageReading): Promise<{ hint: Hint | null; again: boolean }> {
  progress.requests++;
  const reply = await send(PageRead, reading);
  confirmed = true;
  if (!reply.site || reply.site.version === site?.version) return { hint: reply.hint, again: false };
  site = reply.site;
  lastKey = '';
  return { hint: null, again: true };
}

const sameHint = (a: Hint, b: Hint): boolean => JSON.stringify({ ...a, nonce: '' }) === JSON.stringify({ ...b, nonce: '' });

async function evaluate(): Promise<void> {
  if (!site) return;
  const scope = roots();
  observe(scope);
  const step = currentStep(site, scope);
  const read = step ? readPage(site, step.id, scope) : null;
  const reading = read?.reading ?? null;
  const key = reading ? JSON.stringify(reading) : `no step at ${location.href}`;
  quiet = key === lastKey;
  lastKey = key;
  if (!step || !reading) {
    clear();
    // A published correction of the profile may list this address: asked once per page.
    if (!confirmed && (await ask(noStep(site))).again) await evaluate();
    return;
  }
  // The page may have re-rendered the form, and our hint next to its field with it.
  if (drawn && !drawn.view.host.isConnected) clear();
  if (drawn?.reading === key) return;
  const { hint, again } = await ask(reading);
  if (again) return evaluate();
  if (dismissed) return;
  if (hint && drawn && sameHint(drawn.hint, hint) && drawn.step === step.id) {
    // The same verdict: keep the hint the candidate may be reading, under the new nonce.
    Object.assign(drawn, { hint, href: reading.url, reading: key });
    return;
  }
  clear();
  // On a payment step the hint sits next to the voucher field (the keyboard reaches it before the page's submit).
  if (hint) show(hint, step.kind === 'payment' ? (read?.field ?? null) : null, step.id, reading.url, key);
}

function show(hint: Hint, field: Element | null, step: string, href: string, reading: string): void {
  const view = drawHint(hint, field, {
    onAction: (click) => void act(click).catch((error: unknown) => {
      // A refused or failed request (the service worker gone, the history damaged) must not leave the button silent.
      view.note.textContent = `Nothing was done: ${error instanceof Error ? error.message : String(error)}`;
    }),
    onDismiss: dismiss,
    onCoverSeen: (buttons) => void (progress.coverSeen = buttons),
  });
  drawn = { view, hint, href, step, reading };
}

function dismiss(): void {
  dismissed = true;
  clearTimeout(timer);
  stopWatching();
  clear();
}

function pageMovedOn(state: Drawn): boolean {
  return location.href !== state.href || !site || currentStep(site)?.id !== state.step;
}

async function act(click: ActClick): Promise<void> {
  const state = drawn;
  if (!state || !site) return;
  const say = (text: string): void => {
    state.view.note.textContent = text;
  };
  const problem = clickProblem(state.view, click);
  if (problem) return say(problem);
  // The user reads this note; the next change of the page redraws the hint.
  if (pageMovedOn(state)) return say('The page changed since this hint was drawn: nothing was done.');
  if (state.hint.action === 'record') {
    const outcome = await send(HintRecord, { nonce: state.hint.nonce, url: location.href, date: click.choice });
    say(outcome.message);
    if (outcome.ok) for (const button of state.view.actions) button.disabled = true;
    return;
  }
  const reply = await send(HintFill, { nonce: state.hint.nonce, url: location.href });
  const { field } = findVoucherField(site);
  if (!reply.ok || reply.code === null) return say(reply.message);
  if (!field || pageMovedOn(state)) return say('The voucher field is gone or the page changed: nothing was filled.');
  // The native setter and real events, so the page's framework sees the value as typed.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(field, reply.code);
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  say(`${reply.message} Check it, then press the site's Apply button.`);
}

interface NavigationTarget {
  addEventListener(type: 'navigate', listener: () => void): void;
  removeEventListener(type: 'navigate', listener: () => void): void;
}
const navigation = (globalThis as { navigation?: NavigationTarget }).navigation;

/**
 * Watches the document and the open shadow roots a read found: a change inside a web component
 * (its form drawn late) reaches no observer of the document. Observing a root again is a no-op.
 */
function observe(scope: readonly Root[]): void {
  if (!observer || document.hidden) return;
  for (const root of scope) observer.observe(root, OBSERVED);
}

function onVisibility(): void {
  if (document.hidden) {
    observer?.disconnect();
    return;
  }
  // The read this asks for watches the shadow roots again.
  observe([document]);
  changed(undefined, true);
}

function stopWatching(): void {
  progress.watching = false;
  observer?.disconnect();
  observer = null;
  for (const type of ACT_EVENTS) document.removeEventListener(type, changed, true);
  removeEventListener('popstate', changed);
  navigation?.removeEventListener('navigate', changed);
  document.removeEventListener('visibilitychange', onVisibility);
}

/** Our hint coming and going is not a change of the page. */
const ourOwn = (record: MutationRecord): boolean =>
  record.type === 'childList' && [...record.addedNodes, ...record.removedNodes].every((node) => node.nodeName === 'SECOND-SHOT-HINT');

function watch(): void {
  progress.watching = true;
  observer = new MutationObserver((records) => {
    // Our hint taken out by the page (a re-rendered form) is a change: it is drawn again.
    if (!records.every(ourOwn) || (drawn && !drawn.view.host.isConnected)) changed();
  });
  observe([document]);
  for (const type of ACT_EVENTS) document.addEventListener(type, changed, true);
  addEventListener('popstate', changed);
  // Route changes through history.pushState fire no popstate; the Navigation API sees them.
  navigation?.addEventListener('navigate', changed);
  document.addEventListener('visibilitychange', onVisibility);
  addEventListener('pagehide', stopWatching, { once: true });
}

// Top frame only, even if the manifest changed: a frame's page could be anyone's.
if (window.top === window && site) {
  watch();
  void read();
}
