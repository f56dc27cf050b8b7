// The hint: one small closed shadow root, built with textContent only, so page text
// ("<img src=x onerror=…>" as an exam title) stays text and the page cannot reach in. Its
// panel is fixed to the viewport's corner, so the page's layout never moves. On a payment
// page the host sits right after the voucher field, as a password manager's icon does: an
// empty box in the field's line (nothing on the page moves), from which the mark reaches back
// into the field's right end, so it covers nothing of the page's but that end of the field;
// the keyboard reaches the mark and the panel's Fill right after the field, before the page's
// own submit button. Drawing reads no layout; the styles are one constructed stylesheet,
// parsed once per page and adopted by each hint, with one font size in two weights (each size
// and weight is a font set up on first use) and plain block layout, no flex boxes.

import type { Hint } from '../../shared/messages.ts';

const STYLE = `
:host { all: initial; }
.box { position: fixed; right: 16px; bottom: 16px; box-sizing: border-box; width: 360px; max-width: calc(100vw - 32px); max-height: 60vh; overflow: auto; background: #fff; color: #1a1a1a;
  border: 1px solid #8a8a8a; border-left: 6px solid var(--tone); border-radius: 6px; box-shadow: 0 4px 16px rgba(0,0,0,.25);
  font: 14px/1.45 system-ui, sans-serif; padding: 12px 14px; opacity: 1; }
.ok { --tone: #1a7f37; } .warn { --tone: #9a6700; } .stop { --tone: #b42318; } .info { --tone: #0b5cad; }
.brand { font-weight: 700; color: #4a4a4a; margin: 0 28px 0 0; }
h2 { font: inherit; font-weight: 700; margin: 2px 0 6px; color: #1a1a1a; }
ul { margin: 0 0 8px; padding-left: 18px; } li { margin: 2px 0; overflow-wrap: anywhere; }
.close { position: absolute; top: 8px; right: 8px; background: none; border: 1px solid transparent; border-radius: 4px; font: inherit; color: #333; cursor: pointer; padding: 2px 6px; }
.act { background: #0b5cad; color: #fff; border: 0; border-radius: 4px; padding: 7px 14px; margin: 0 8px 4px 0; font: inherit; font-weight: 700; cursor: pointer; }
button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.box[hidden] { display: none; }
.mark { position: absolute; right: 3px; top: -9px; box-sizing: border-box; width: 18px; height: 18px; border: 0; border-radius: 5px;
  background: #1f4e79; color: #fff; font: 700 14px/18px system-ui, sans-serif; text-align: center; padding: 0; cursor: pointer; }
.mark::before { content: "2"; }
.mark.ok { box-shadow: inset 0 -3px 0 #1a7f37; } .mark.warn { box-shadow: inset 0 -3px 0 #9a6700; } .mark.stop { box-shadow: inset 0 -3px 0 #b42318; }
.note { margin: 4px 0 0; color: #333; }
`;

export interface HintView {
  host: HTMLElement;
  root: ShadowRoot;
  /** The hint's act buttons: one (fill, record), or one per date reading for the candidate to pick. */
  actions: HTMLButtonElement[];
  note: HTMLElement;
  /** Whether something covers the button, as last seen while the pointer or focus was on it; null when not seen yet. */
  covered: (button: HTMLButtonElement) => boolean | null;
  remove: () => void;
}

export interface HintHandlers {
  onAction: (click: ActClick) => void;
  onDismiss: () => void;
  /** How many act buttons the hint knows to be covered or not, each time that changes. */
  onCoverSeen: (buttons: number) => void;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const HOST_STYLE = 'all: initial !important; z-index: 2147483647 !important; opacity: 1 !important; visibility: visible !important;';
// Right after the field, in its line, with no size: nothing on the page moves. At the middle of
// the line (of a text line, or of a flex or grid row), where the mark (-9px, half its height)
// centres on the field.
const NEXT_TO_FIELD = `${HOST_STYLE} position: relative !important; display: inline-block !important; width: 0 !important; height: 0 !important; vertical-align: middle !important; align-self: center !important;`;
const ON_ITS_OWN = `${HOST_STYLE} position: fixed !important; right: 0 !important; bottom: 0 !important; display: block !important;`;

let sheet: CSSStyleSheet | undefined;

/** The hint's styles, parsed once per page. */
function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/** What a click on one of the hint's act buttons hands on: the button, and the date reading it stands for (null for a single act). */
export interface ActClick {
  event: MouseEvent;
  button: HTMLButtonElement;
  choice: string | null;
}

/** How long the cover check goes on after the pointer and focus left the hint: a touch screen's second tap comes within it. */
const LINGER_MS = 3000;

/**
 * Whether something covers each act button, as IntersectionObserver v2 sees it: it sees what
 * elementFromPoint cannot, an overlay that lets clicks through. Tracking visibility costs
 * main-thread time on every frame, so the buttons are watched only while the pointer or the
 * keyboard focus is in the panel (and a moment after), the only times a click on them can
 * come; what was seen is forgotten when the watching stops, never reused later.
 */
function watchCover(panel: HTMLElement, buttons: readonly HTMLButtonElement[], onCoverSeen: (buttons: number) => void): Pick<HintView, 'covered'> & { stop: () => void } {
  const seen = new Map<HTMLButtonElement, boolean>();
  let observer: IntersectionObserver | null = null;
  let pointer = false;
  let focus = false;
  let linger: ReturnType<typeof setTimeout> | undefined;
  const looked = (entries: IntersectionObserverEntry[], from: IntersectionObserver): void => {
    if (from !== observer) return;
    for (const entry of entries) if ('isVisible' in entry) seen.set(entry.target as HTMLButtonElement, !entry.isVisible);
    onCoverSeen(seen.size);
  };
  const stop = (): void => {
    clearTimeout(linger);
    observer?.disconnect();
    observer = null;
    seen.clear();
    onCoverSeen(0);
  };
  const update = (): void => {
    clearTimeout(linger);
    if (!pointer && !focus) {
      linger = setTimeout(stop, LINGER_MS);
      return;
    }
    if (observer || buttons.length === 0) return;
    observer = new IntersectionObserver(looked, { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit);
    for (const button of buttons) observer.observe(button);
  };
  const on = (type: string, set: () => void): void => panel.addEventListener(type, () => {
    set();
    update();
  });
  on('pointerenter', () => (pointer = true));
  on('pointerleave', () => (pointer = false));
  on('focusin', () => (focus = true));
  on('focusout', () => (focus = false));
  return { covered: (button) => seen.get(button) ?? null, stop };
}

/** Draws the hint; next to `field` (after it, in the keyboard's order) when there is one, else on its own. */
export function drawHint(hint: Hint, field: Element | null, { onAction, onDismiss, onCoverSeen }: HintHandlers): HintView {
  const host = document.createElement('second-shot-hint');
  host.setAttribute('style', field ? NEXT_TO_FIELD : ON_ITS_OWN);
  const root = host.attachShadow({ mode: 'closed' });
  root.adoptedStyleSheets = [styles()];
  const box = element('section', `box ${hint.tone}`);
  box.id = 'hint';
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'Second Shot');
  const close = element('button', 'close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss the Second Shot hint');
  close.addEventListener('click', onDismiss);
  const list = element('ul', '');
  for (const line of hint.lines) list.append(element('li', '', line));
  box.append(element('p', 'brand', 'Second Shot'), element('h2', '', hint.title), close, list);
  const acts: { label: string; choice: string | null }[] = hint.action === 'none' ? []
    : hint.choices.length > 0 ? hint.choices.map((c) => ({ label: `Add: exam on ${c.label}`, choice: c.date }))
    : [{ label: hint.action === 'fill' ? 'Fill voucher' : 'Add to my attempts', choice: null }];
  const actions = acts.map(({ label, choice }) => {
    const button = element('button', 'act', label);
    button.type = 'button';
    button.addEventListener('click', (event) => onAction({ event, button, choice }));
    return button;
  });
  box.append(...actions);
  const note = element('p', 'note');
  note.setAttribute('role', 'status');
  box.append(note);
  if (field) {
    // The mark by the field shows and hides the panel, as a password manager's icon does.
    const mark = element('button', `mark ${hint.tone}`);
    mark.type = 'button';
    mark.setAttribute('aria-label', `Second Shot: ${hint.title}`);
    mark.setAttribute('aria-controls', box.id);
    mark.setAttribute('aria-expanded', 'true');
    mark.addEventListener('click', () => {
      box.hidden = !box.hidden;
      mark.setAttribute('aria-expanded', String(!box.hidden));
    });
    root.append(mark);
  }
  root.append(box);
  if (field) field.after(host);
  else document.documentElement.append(host);
  const cover = watchCover(box, actions, onCoverSeen);
  const remove = (): void => {
    cover.stop();
    host.remove();
  };
  return { host, root, actions, note, covered: cover.covered, remove };
}

/** The element's parent, or the host of the shadow root it sits at the top of (next to a field in a web component). */
function composedParent(node: Element): Element | null {
  const root = node.getRootNode();
  return node.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
}

/** Whether `host` is what a click at (x, y) reaches, in its own tree and in every tree around it. */
function onTopAt(host: Element, x: number, y: number): boolean {
  for (let node: Element = host; ;) {
    const root = node.getRootNode() as Document | ShadowRoot;
    if (root.elementFromPoint(x, y) !== node) return false;
    if (!(root instanceof ShadowRoot)) return true;
    node = root.host;
  }
}

/**
 * Why a click on our button must not count, or null when it may: the click must be the
 * user's own, on our button, with the button visible, on top and fully opaque.
 */
export function clickProblem(view: HintView, { event, button }: ActClick): string | null {
  if (!event.isTrusted || !view.actions.includes(button)) return 'Only your own click on this button can fill or record.';
  const box = button.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  if (box.width === 0 || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return 'The button is off screen.';
  if (view.root.elementFromPoint(x, y) !== button || !onTopAt(view.host, x, y)) return 'Something on the page covers this hint: nothing was done.';
  for (let node: Element | null = view.host; node; node = composedParent(node)) {
    const style = getComputedStyle(node);
    if (Number(style.opacity) < 1 || style.visibility !== 'visible' || style.filter !== 'none') {
      return 'The page made this hint transparent or hid it: nothing was done.';
    }
  }
  // A hint that appeared under the pointer an instant ago must not take a click meant for the page.
  const covered = view.covered(button);
  if (covered === null) return 'This hint has only just appeared: read it, then click again.';
  if (covered) return 'Something on the page covers this hint: nothing was done.';
  return null;
}
