// The content script on booking pages (exact profile origins, top frame only). It reads the
// page through the site profile, asks the service worker for a verdict, and draws the hint.
// Every page of a profile's origins is watched, whatever path it was first loaded at: the
// page tracks its own location (Navigation API, popstate, a check on every read), because
// Chromium's sender.url keeps the first URL after a client-side route change.
// Fill and "Add to my attempts" act only on the user's own click on a visible, uncovered
// hint, for the page the hint was drawn for.

import { HintFill, HintRecord, type Hint, PageMatch, PageRead, type PageSite } from '../../shared/messages.ts';
import { send } from '../messaging.ts';
import { type ActClick, clickProblem, drawHint, type HintView } from './hint.ts';
import { currentStep, findVoucherField, readPage } from './read-page.ts';

/** Reads follow changes at most this often. */
const READ_GAP_MS = 150;
/**
 * While reads keep finding the page as it was (a ticking clock), a change of the DOM is read
 * this long after the first unread one, never later; the candidate's own input, clicks, focus
 * and route changes are read after READ_GAP_MS at most.
 */
const READ_CEILING_MS = 500;
const ACT_EVENTS = ['input', 'change', 'click', 'focusin'] as const;

interface Drawn {
  view: HintView;
  hint: Hint;
  href: string;
  step: string;
  reading: string;
}

/**
 * Where the reading stands, for whoever drives the page in a test (readable only in this
 * script's isolated world, through DevTools): how many reads have finished, whether one is
 * due, and whether the page is still watched.
 */
const progress = { reads: 0, pending: false, watching: false };
Object.assign(globalThis, { secondShotProgress: progress });

let site: PageSite | null = null;
let siteHref = '';
let drawn: Drawn | null = null;
let dismissed = false;
/** Whether something covers each of our buttons; absent until IntersectionObserver v2 has looked. */
const occluded = new Map<HTMLButtonElement, boolean>();
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
let visibility: IntersectionObserver | null = null;

function clear(): void {
  visibility?.disconnect();
  occluded.clear();
  drawn?.view.host.remove();
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

async function match(): Promise<void> {
  siteHref = location.href;
  site = (await send(PageMatch, { url: siteHref })).site;
}

const sameHint = (a: Hint, b: Hint): boolean => JSON.stringify({ ...a, nonce: '' }) === JSON.stringify({ ...b, nonce: '' });

async function evaluate(): Promise<void> {
  if (location.href !== siteHref) await match();
  const step = site ? currentStep(site) : null;
  const read = site && step ? readPage(site, step.id) : null;
  const reading = read?.reading ?? null;
  const key = reading ? JSON.stringify(reading) : `no step at ${location.href}`;
  quiet = key === lastKey;
  lastKey = key;
  if (!site || !step || !reading) return clear();
  // The page may have re-rendered the form, and our hint next to its field with it.
  if (drawn && !drawn.view.host.isConnected) clear();
  if (drawn?.reading === key) return;
  const { hint } = await send(PageRead, reading);
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
  const view = drawHint(hint, field, (click) => void act(click).catch((error: unknown) => {
    // A refused or failed request (the service worker gone, the history damaged) must not leave the button silent.
    view.note.textContent = `Nothing was done: ${error instanceof Error ? error.message : String(error)}`;
  }), dismiss);
  drawn = { view, hint, href, step, reading };
  const tracksVisibility = 'IntersectionObserverEntry' in window && 'isVisible' in IntersectionObserverEntry.prototype;
  if (!tracksVisibility) for (const button of view.actions) occluded.set(button, false);
  if (view.actions.length > 0 && tracksVisibility) {
    // IntersectionObserver v2 sees what elementFromPoint cannot: an overlay that lets clicks through.
    const options = { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit;
    visibility = new IntersectionObserver((entries) => {
      for (const entry of entries) if ('isVisible' in entry && entry.target instanceof HTMLButtonElement) occluded.set(entry.target, !entry.isVisible);
    }, options);
    for (const button of view.actions) visibility.observe(button);
  }
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
  const problem = clickProblem(state.view, click, occluded.has(click.button) ? (occluded.get(click.button) ?? null) : null);
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

function onVisibility(): void {
  if (document.hidden) {
    observer?.disconnect();
    return;
  }
  observer?.observe(document, { childList: true, subtree: true, characterData: true });
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
  if (!document.hidden) observer.observe(document, { childList: true, subtree: true, characterData: true });
  for (const type of ACT_EVENTS) document.addEventListener(type, changed, true);
  addEventListener('popstate', changed);
  // Route changes through history.pushState fire no popstate; the Navigation API sees them.
  navigation?.addEventListener('navigate', changed);
  document.addEventListener('visibilitychange', onVisibility);
  addEventListener('pagehide', stopWatching, { once: true });
}

async function start(): Promise<void> {
  await match();
  watch();
  await read();
}

// Top frame only, even if the manifest changed: a frame's page could be anyone's.
if (window.top === window) void start().catch(() => undefined);
