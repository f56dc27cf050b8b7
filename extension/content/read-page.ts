// Reading a booking page as a person reads it. The profile's selectors come first; when they
// miss, fields are found by their accessible name (label, aria-labelledby, aria-label, title,
// placeholder, nearby text), in the document and in open shadow roots; exam codes in headings,
// order summaries, tables, definition lists, data attributes and the URL; dates with the words
// next to them. Which of the two found each thing is reported, so a stale profile shows up in
// the diagnostics. The service worker interprets what is read (shared/sites/date-text.ts,
// the exam codes): nothing here decides a date or an exam.

import { holdsExamCode } from '../../shared/exam.ts';
import type { ExamPlace, PageReading, PageSite } from '../../shared/messages.ts';
import { stepsAt } from '../../shared/sites/page-site.ts';

type Finding = 'profile' | 'fallback';
export type Root = Document | ShadowRoot;
const MAX_TEXT = 300;
const MAX_ITEMS = 24;

// Words for a voucher in the languages the booking sites are shown in, and for the code fields
// that are not one (promotion, discount, coupon, gift card).
const VOUCHER_WORDS = /voucher|gutschein|\bbon\b|bon d'examen|\bvale\b|\bbono\b|buono|tegoedbon|バウチャー|바우처|代金券|兑换券|ваучер/i;
const OTHER_CODE_WORDS = /promo|discount|coupon|gift|rabatt|aktion|r[ée]duction|remise|descuento|cup[óo]n|sconto|korting|kortingscode|割引|クーポン|プロモーション|ギフト|优惠|折扣|할인|쿠폰|скидк|промо/i;
const APPLY_WORDS = /apply|validate|redeem|use|submit code|anwenden|einl[öo]sen|appliquer|valider|aplicar|canjear|applica|toepassen|適用|使用|적용|применить/i;
const DATE_HINT = /(?<!\d)(?:19|20)\d\d(?!\d)/;

const flat = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

function textOf(element: Element): string {
  const text = element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.textContent ?? '') : element.textContent;
  return flat(text).slice(0, MAX_TEXT);
}

// Only custom elements and a few HTML elements (div, span, p, section, h1…) can hold a shadow
// root: the standard elements that cannot are left out by the selector, so a read does not make
// a script object for every element of the page, nor set up every kind of element in this
// script's world (the first of each kind costs the most).
const SHADOW_HOSTS = ':not(html, head, meta, title, link, style, script, noscript, template, base, a, abbr, address, area, audio, b, bdi, bdo, br, button, '
  + 'canvas, caption, cite, code, col, colgroup, data, datalist, dd, del, details, dfn, dialog, dl, dt, em, embed, fieldset, figcaption, figure, form, hr, '
  + 'i, iframe, img, input, ins, kbd, label, legend, li, map, mark, menu, meter, object, ol, optgroup, option, output, picture, pre, progress, q, rp, rt, '
  + 'ruby, s, samp, select, slot, small, source, strong, sub, summary, sup, table, tbody, td, textarea, tfoot, th, thead, time, tr, track, u, ul, var, '
  + 'video, wbr, svg, path, g, circle, rect, line, polyline, polygon, ellipse, use, defs, symbol, stop, text, tspan)';

/** The document and every open shadow root in it (a closed one, like our hint's, stays closed): found once per read. */
export function roots(): Root[] {
  const found: Root[] = [document];
  for (let i = 0; i < found.length; i++) {
    for (const element of (found[i] as Root).querySelectorAll(SHADOW_HOSTS)) if (element.shadowRoot) found.push(element.shadowRoot);
  }
  return found;
}

function all<E extends Element = Element>(scope: readonly Root[], selector: string): E[] {
  return scope.flatMap((root) => {
    try {
      return Array.from(root.querySelectorAll<E>(selector));
    } catch {
      // A selector the browser cannot parse counts as not matching; the diagnostics say so.
      return [];
    }
  });
}

/** What the first of the profile's selectors that matches anything matches. */
function byProfile(scope: readonly Root[], selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    const found = all(scope, selector);
    if (found.length > 0) return found;
  }
  return [];
}

/** The step the page is at: the first of those listing its path whose `when` holds. */
export function currentStep(site: PageSite, scope: readonly Root[] = roots()): PageSite['steps'][number] | null {
  return stepsAt(site, location.pathname).find((s) => s.when === null || byProfile(scope, s.when).length > 0) ?? null;
}

/** Words out of an id, class or name: "promoCode_input" → "promo Code input". */
const words = (identifier: string): string => identifier.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_.[\]]+/g, ' ');

function byIds(element: Element, attribute: string): string {
  const root = element.getRootNode() as Root;
  return (element.getAttribute(attribute) ?? '').split(/\s+/).map((id) => (id ? flat(root.getElementById(id)?.textContent) : '')).join(' ');
}

/**
 * At most `max` characters of the text in `within`, node by node from `from`, forwards or
 * backwards, leaving out the text of `from` itself when it is inside `within`. Never the whole
 * container's text: a container may hold the whole page, and reading all of it for each date
 * cost milliseconds a date.
 */
function walkedText(within: Node, from: Node, max: number, direction: 'forwards' | 'backwards'): string {
  const walker = document.createTreeWalker(within, NodeFilter.SHOW_TEXT);
  walker.currentNode = from;
  const step = (): Node | null => (direction === 'forwards' ? walker.nextNode() : walker.previousNode());
  const parts: string[] = [];
  let length = 0;
  for (let node = step(); node && length < max; node = step()) {
    if (from !== within && from.contains(node)) continue;
    const text = node.nodeValue ?? '';
    parts.push(text);
    length += text.length;
  }
  if (direction === 'backwards') parts.reverse();
  const text = flat(parts.join(''));
  return direction === 'forwards' ? text.slice(0, max) : text.slice(-max);
}

/** Text just before the element in its container, as a person reads a field's caption. */
function nearbyText(element: Element): string {
  for (let node: Element | null = element, depth = 0; node && depth < 3; node = node.parentElement, depth++) {
    const before = node.previousElementSibling;
    if (before && !before.querySelector('input, select, textarea')) return walkedText(before, before, 80, 'forwards');
  }
  return '';
}

interface FieldName {
  /** What a screen reader announces: aria-labelledby, aria-label, its labels, title. */
  name: string;
  /** Weaker cues: placeholder and the text next to it. */
  cue: string;
  /** Its id and name attributes, as words. */
  code: string;
}

function fieldName(input: HTMLInputElement): FieldName {
  const labels = input.labels ? Array.from(input.labels, (l) => flat(l.textContent)) : [];
  return {
    name: flat([byIds(input, 'aria-labelledby'), input.getAttribute('aria-label'), ...labels, input.title].join(' ')),
    cue: flat(`${input.placeholder} ${nearbyText(input)}`),
    code: words(`${input.name} ${input.id}`),
  };
}

/** How surely a field is the voucher field: by its name 4, by its cues 3, by its id or name 2; less when it also reads as promotion. */
function voucherScore({ name, cue, code }: FieldName): number {
  const score = VOUCHER_WORDS.test(name) ? 4 : VOUCHER_WORDS.test(cue) ? 3 : VOUCHER_WORDS.test(code) ? 2 : 0;
  return score > 0 && OTHER_CODE_WORDS.test(`${name} ${cue} ${code}`) ? score - 1 : score;
}

const shown = (name: FieldName): string => (name.name || name.cue || name.code).slice(0, 60);

export interface VoucherField {
  field: HTMLInputElement | null;
  via: Finding | null;
  /** Why no field was chosen although code fields are there. */
  problem: string | null;
}

const CONTROLS = 'select, input, textarea, button';
const TEXT_INPUTS = 'input:not([type]), input[type=text], input[type=search], input[type=tel]';

export function findVoucherField(site: PageSite, scope: readonly Root[] = roots()): VoucherField {
  const profiled = byProfile(scope, site.find.voucherField)[0];
  if (profiled instanceof HTMLInputElement) return { field: profiled, via: 'profile', problem: null };
  const fields = all<HTMLInputElement>(scope, TEXT_INPUTS)
    // Shown at all (no display: none around it), decided from styles alone: reading forces no layout.
    .filter((input) => !input.disabled && !input.readOnly && input.checkVisibility())
    .map((input) => ({ input, name: fieldName(input) }));
  const scored = fields.map((f) => ({ ...f, score: voucherScore(f.name) })).filter((f) => f.score > 0).sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  if (best && next && next.score === best.score) {
    return { field: null, via: null, problem: `Two fields look like the voucher field ("${shown(best.name)}" and "${shown(next.name)}"), so Second Shot filled neither: enter the code yourself.` };
  }
  if (best) return { field: best.input, via: 'fallback', problem: null };
  const other = fields.find((f) => OTHER_CODE_WORDS.test(`${f.name.name} ${f.name.cue} ${f.name.code}`));
  if (other) return { field: null, via: null, problem: `The code field here is labelled "${shown(other.name)}", not as a voucher field, so Second Shot did not fill it: if it takes vouchers, enter the code yourself.` };
  return { field: null, via: null, problem: null };
}

function findApplyButton(site: PageSite, scope: readonly Root[], field: HTMLInputElement): Finding | null {
  if (byProfile(scope, site.find.applyButton).length > 0) return 'profile';
  // The nearest container of the field that holds a button (a shadow root's host is its container).
  const up = (node: ParentNode): ParentNode | null => (node instanceof ShadowRoot ? node.host : node.parentNode);
  for (let box: ParentNode | null = field.form ?? field.parentNode, depth = 0; box && depth < 4; box = up(box), depth++) {
    for (const button of box.querySelectorAll<HTMLElement>('button, input[type=button], input[type=submit], [role=button]')) {
      if (APPLY_WORDS.test(button instanceof HTMLInputElement ? button.value : flat(button.textContent) || (button.getAttribute('aria-label') ?? ''))) return 'fallback';
    }
  }
  return null;
}

function examTexts(site: PageSite, scope: readonly Root[]): { exam: PageReading['exam']; examShown: boolean } {
  const exam: PageReading['exam'] = [];
  const add = (text: string, where: ExamPlace): void => {
    if (exam.length < MAX_ITEMS && holdsExamCode(text)) exam.push({ text: text.slice(0, MAX_TEXT), where });
  };
  const profiled = byProfile(scope, site.find.exam);
  for (const element of profiled.slice(0, 4)) add(textOf(element), 'profile');
  for (const select of all<HTMLSelectElement>(scope, 'select')) if (select.value !== '') add(textOf(select), 'select');
  // A cell holding a form control is a choice still open (an exam list), not the order's summary.
  for (const cell of all(scope, 'caption, th, td, [role=cell], [role=gridcell], [role=rowheader]')) if (!cell.querySelector(CONTROLS)) add(textOf(cell), 'table');
  for (const item of all(scope, 'dd, dt')) add(textOf(item), 'list');
  for (const element of all(scope, '[data-exam], [data-exam-code], [data-exam-id], [data-product-code], [data-testid*=exam]')) {
    const values = ['data-exam', 'data-exam-code', 'data-exam-id', 'data-product-code'].map((a) => element.getAttribute(a) ?? '').join(' ');
    add(flat(values) || textOf(element), 'data');
  }
  for (const heading of all(scope, 'h1, h2, h3, [role=heading]')) add(textOf(heading), 'heading');
  add(document.title, 'title');
  try {
    add(decodeURIComponent(location.pathname + location.search), 'url');
  } catch {
    add(location.pathname + location.search, 'url');
  }
  return { exam, examShown: profiled.length > 0 };
}

const MACHINE_ATTRIBUTES = ['datetime', 'data-date', 'data-datetime', 'data-exam-date', 'data-appointment-date'];

function machineDate(element: Element): string | null {
  const holder = element.matches('time[datetime]') ? element : element.querySelector('time[datetime]');
  for (const candidate of [holder, element]) {
    for (const attribute of MACHINE_ATTRIBUTES) {
      const value = candidate?.getAttribute(attribute);
      if (value) return value.slice(0, 40);
    }
  }
  return null;
}

/** The words that say what a date is, nearest first: its row's or term's caption, its id and class, the text around it. */
function dateLabel(element: Element): string {
  const cell = element.closest('td, th, dd, [role=cell], [role=gridcell]');
  let caption = '';
  if (cell?.tagName === 'DD') caption = flat(cell.previousElementSibling?.textContent);
  else if (cell) caption = Array.from(cell.parentElement?.children ?? []).filter((c) => c !== cell && !c.contains(cell)).map((c) => flat(c.textContent)).join(' ');
  const block = element.closest('p, li, label, tr, section, article, div');
  // The words nearest the date in its block, before and after it (not the block's first words: it may be the whole page).
  const around = block && block !== element ? `${walkedText(block, element, 80, 'backwards')} ${walkedText(block, element, 40, 'forwards')}` : '';
  const names = `${element.id} ${element.getAttribute('class') ?? ''} ${element.getAttribute('data-testid') ?? ''} ${element.getAttribute('aria-label') ?? ''}`;
  return flat(`${caption} ${words(names)} ${around} ${nearbyText(element)}`).slice(0, 240);
}

function dateTexts(site: PageSite, scope: readonly Root[]): PageReading['dates'] {
  const dates: PageReading['dates'] = [];
  const seen = new Set<Element>();
  const add = (element: Element, via: Finding): void => {
    if (seen.has(element) || dates.length >= MAX_ITEMS) return;
    seen.add(element);
    const text = textOf(element);
    const machine = machineDate(element);
    if (machine === null && !DATE_HINT.test(text)) return;
    dates.push({ text, machine, label: via === 'profile' ? '' : dateLabel(element), via });
  };
  for (const element of byProfile(scope, site.find.examDate).slice(0, 4)) add(element, 'profile');
  for (const element of all(scope, 'time[datetime], [data-date], [data-datetime], [data-exam-date], [data-appointment-date]')) add(element, 'fallback');
  for (const root of scope) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && dates.length < MAX_ITEMS; node = walker.nextNode()) {
      // The text first: its parent element is looked at only when the text holds a year.
      const parent = DATE_HINT.test(node.nodeValue ?? '') ? node.parentElement : null;
      if (parent && !parent.closest('script, style, noscript, title')) add(parent, 'fallback');
    }
  }
  return dates;
}

/** What the page shows, for the service worker, and the voucher field it found, for the hint to sit next to. */
export function readPage(site: PageSite, step: string, scope: readonly Root[]): { reading: PageReading; field: HTMLInputElement | null } {
  const voucher = findVoucherField(site, scope);
  const reading: PageReading = {
    url: location.href,
    version: site.version,
    step,
    lang: document.documentElement.lang,
    ...examTexts(site, scope),
    dates: dateTexts(site, scope),
    voucherField: voucher.via,
    voucherProblem: voucher.problem,
    applyButton: voucher.field ? findApplyButton(site, scope, voucher.field) : null,
  };
  return { reading, field: voucher.field };
}

/** A page at an address where the profile lists no step: it only asks whether its profile is the one in force. */
export function noStep(site: PageSite): PageReading {
  return { url: location.href, version: site.version, step: '', lang: '', exam: [], examShown: false, dates: [], voucherField: null, voucherProblem: null, applyButton: null };
}
