// The content script on booking pages (exact profile origins, top frame only). It reads the
// page through the site profile, asks the service worker for a verdict, and draws the hint.
// Fill and "Add to my attempts" act only on the user's own click on a visible, uncovered
// hint, for the page the hint was drawn for.

import { HintFill, HintRecord, type Hint, PageMatch, PageRead, type PageSite } from '../../shared/messages.ts';
import { send } from '../messaging.ts';
import { clickProblem, drawHint, type HintView } from './hint.ts';
import { currentStep, findVoucherField, readPage } from './read-page.ts';

const SETTLE_MS = 200;

interface Drawn {
  view: HintView;
  hint: Hint;
  href: string;
  step: string;
  reading: string;
}

let site: PageSite | null = null;
let siteHref = '';
let drawn: Drawn | null = null;
let dismissed = false;
/** Whether something covers our button; null until IntersectionObserver v2 has looked. */
let occluded: boolean | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let observer: MutationObserver | null = null;
let visibility: IntersectionObserver | null = null;

function clear(): void {
  visibility?.disconnect();
  drawn?.view.host.remove();
  drawn = null;
}

function stopWatching(): void {
  observer?.disconnect();
  observer = null;
  document.removeEventListener('change', schedule, true);
}

function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void evaluate().catch(() => undefined), SETTLE_MS);
}

async function evaluate(): Promise<void> {
  if (dismissed) return;
  if (location.href !== siteHref) {
    siteHref = location.href;
    site = (await send(PageMatch, {})).site;
  }
  const step = site ? currentStep(site) : null;
  if (!site || !step) return clear();
  const reading = readPage(site, step.id);
  const key = JSON.stringify(reading);
  if (drawn && drawn.href === location.href && drawn.step === step.id && drawn.reading === key) return;
  const { hint } = await send(PageRead, reading);
  if (dismissed) return;
  clear();
  if (hint) show(hint, step.id, key);
  // A confirmed booking is the last step: nothing more to watch for.
  if (step.kind === 'confirmation') stopWatching();
}

function show(hint: Hint, step: string, reading: string): void {
  const view = drawHint(hint, (event) => void act(event).catch((error: unknown) => {
    // A refused or failed request (the service worker gone, the history damaged) must not leave the button silent.
    view.note.textContent = `Nothing was done: ${error instanceof Error ? error.message : String(error)}`;
  }), dismiss);
  drawn = { view, hint, href: location.href, step, reading };
  const tracksVisibility = 'IntersectionObserverEntry' in window && 'isVisible' in IntersectionObserverEntry.prototype;
  occluded = tracksVisibility ? null : false;
  if (view.action && tracksVisibility) {
    // IntersectionObserver v2 sees what elementFromPoint cannot: an overlay that lets clicks through.
    const options = { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit;
    visibility = new IntersectionObserver((entries) => {
      for (const entry of entries) if ('isVisible' in entry) occluded = !entry.isVisible;
    }, options);
    visibility.observe(view.action);
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

async function act(event: MouseEvent): Promise<void> {
  const state = drawn;
  if (!state || !site) return;
  const say = (text: string): void => {
    state.view.note.textContent = text;
  };
  const problem = clickProblem(state.view, event, occluded);
  if (problem) return say(problem);
  // The user reads this note; the next change of the page redraws the hint.
  if (pageMovedOn(state)) return say('The page changed since this hint was drawn: nothing was done.');
  if (state.hint.action === 'record') {
    const outcome = await send(HintRecord, { nonce: state.hint.nonce });
    say(outcome.message);
    if (outcome.ok && state.view.action) state.view.action.disabled = true;
    return;
  }
  const reply = await send(HintFill, { nonce: state.hint.nonce });
  const found = findVoucherField(site);
  if (!reply.ok || reply.code === null) return say(reply.message);
  if (!found || pageMovedOn(state)) return say('The voucher field is gone or the page changed: nothing was filled.');
  // The native setter and real events, so the page's framework sees the value as typed.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(found.field, reply.code);
  found.field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  found.field.dispatchEvent(new Event('change', { bubbles: true }));
  say(`${reply.message} Check it, then press the site's Apply button.`);
}

async function start(): Promise<void> {
  siteHref = location.href;
  site = (await send(PageMatch, {})).site;
  // The service worker sends only the steps whose paths match this URL (single-page steps
  // share one path and differ by `when`): with none, nothing on this page can become a step.
  if (!site || site.steps.length === 0) return;
  await evaluate();
  if (dismissed) return;
  document.addEventListener('change', schedule, true);
  if (site.singlePage && currentStep(site)?.kind !== 'confirmation') {
    observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  addEventListener('pagehide', stopWatching, { once: true });
}

// Top frame only, even if the manifest changed: a frame's page could be anyone's.
if (window.top === window) void start().catch(() => undefined);

