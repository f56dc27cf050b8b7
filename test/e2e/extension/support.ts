/// <reference types="chrome" />
// Browser-test support for the extension: the built extension in a fresh Chromium profile,
// fixture pages served at the booking sites' real URLs through route(), seeded data, and
// a look into the hint's closed shadow root through the DevTools protocol (page scripts,
// and Playwright's own selectors, cannot see into it).

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext, CDPSession, Frame, Page, Worker } from 'playwright-core';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import type { History } from '../../../shared/history/format.ts';
import { WAIT_MS } from '../../support/patience.ts';
import { launchWithExtension } from '../support/chromium.ts';
import { expect } from 'vitest';

export const EXTENSION_DIR = join(ROOT, 'dist', 'extension');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'sites');

export const PROMETRIC = 'https://www.prometric.com/Microsoft/Schedule';
export const PEARSON = 'https://wsr.pearsonvue.com/testtaker/registration';

/** Real URL → fixture file. */
export const FIXTURE_PAGES: Record<string, string> = {
  [`${PROMETRIC}/SelectExam.aspx`]: 'prometric/SelectExam.html',
  [`${PROMETRIC}/Payment.aspx`]: 'prometric/Payment.html',
  [`${PROMETRIC}/Confirmation.aspx`]: 'prometric/Confirmation.html',
  [`${PEARSON}/ExamDetailsPage/MICROSOFT`]: 'pearson-vue/ExamDetailsPage.html',
  [`${PEARSON}/PaymentPage/MICROSOFT`]: 'pearson-vue/PaymentPage.html',
  [`${PEARSON}/OrderConfirmationPage/MICROSOFT`]: 'pearson-vue/OrderConfirmationPage.html',
  [`${PEARSON}/BookingFlow/MICROSOFT`]: 'pearson-vue/BookingFlow.html',
};

export interface PageVars {
  exam: string;
  title: string;
  dateLong: string;
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function fixtureHtml(file: string, vars: PageVars): string {
  return readFileSync(join(FIXTURES, file), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, name: keyof PageVars) => escapeHtml(vars[name]));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** A file of a built site, with the app shell for deep links, as cli/serve.ts serves it. */
function fromFolder(folder: string, pathname: string): { status: number; contentType: string; body: Buffer | string } {
  const file = join(folder, normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, ''));
  const target = existsSync(file) && statSync(file).isFile() ? file : extname(pathname) === '' ? join(folder, 'index.html') : '';
  if (!target) return { status: 404, contentType: 'text/plain', body: 'Not found' };
  return { status: 200, contentType: TYPES[extname(target)] ?? 'application/octet-stream', body: readFileSync(target) };
}

export interface Session {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** What the fixture pages show; tests change it before opening a page. */
  vars: PageVars;
  /** Extra pages served by URL (attack pages, the PWA link page). */
  extra: Map<string, string>;
  /** Origins served from a built folder (the PWA on http://localhost:4173), without opening a port. */
  folders: Map<string, string>;
  close: () => Promise<void>;
}

/** The copy, when it is whole: the manifest and the service worker's entry are there. */
function copyIfWhole(copy: string): boolean {
  try {
    cpSync(EXTENSION_DIR, copy, { recursive: true });
    const entry = /import '\.\/(.+?)'/.exec(readFileSync(join(copy, 'service-worker-loader.js'), 'utf8'))?.[1];
    return existsSync(join(copy, 'manifest.json')) && entry !== undefined && existsSync(join(copy, entry));
  } catch {
    return false;
  }
}

/**
 * A private copy of the built extension: a concurrent `npm run build` empties dist/extension,
 * and a service worker restarted then, or an extension page opened then, would find nothing.
 * A copy caught mid-build is made again once the build has had time to finish.
 */
async function copyOfBuild(): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const copy = mkdtempSync(join(tmpdir(), 'second-shot-ext-build-'));
    if (copyIfWhole(copy)) return copy;
    rmSync(copy, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${EXTENSION_DIR} stayed incomplete for 20 s: build the extension (npm run build:extension)`);
}

/** Replaces each content script of a built extension copy with `text` (the benchmark's floor). */
function replaceContentScripts(build: string, text: string): void {
  const manifest = JSON.parse(readFileSync(join(build, 'manifest.json'), 'utf8')) as { content_scripts: { js: string[] }[] };
  for (const file of manifest.content_scripts.flatMap((s) => s.js)) writeFileSync(join(build, file), text);
}

/** `contentScript`: run this instead of our booking content script (the benchmark's one-line floor). */
export async function startSession(options: { contentScript?: string } = {}): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'second-shot-ext-'));
  const build = await copyOfBuild();
  if (options.contentScript !== undefined) replaceContentScripts(build, options.contentScript);
  const context = await launchWithExtension(profile, build);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const session: Session = {
    context, worker, extensionId,
    vars: { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' },
    extra: new Map(),
    folders: new Map(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(build, { recursive: true, force: true });
    },
  };
  // Nothing leaves the machine: every web request is answered here or refused (the
  // extension's own chrome-extension:// files load as they are).
  await context.route((url) => url.protocol === 'https:' || url.protocol === 'http:', async (route) => {
    const url = new URL(route.request().url());
    const key = `${url.origin}${url.pathname}`;
    const extra = session.extra.get(key);
    const file = FIXTURE_PAGES[key];
    if (extra !== undefined) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: extra });
    if (file) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixtureHtml(file, session.vars) });
    const folder = session.folders.get(url.origin);
    if (folder) return route.fulfill(fromFolder(folder, url.pathname));
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not served in tests' });
  });
  return session;
}

export async function seed(session: Session, history: History, asOf: string | null): Promise<void> {
  await session.worker.evaluate(
    async ({ history: h, asOf: date }) => {
      await chrome.storage.local.set({ history: h, settings: { pwaOrigin: 'http://localhost:4173', asOf: date } });
    },
    { history, asOf },
  );
}

export function storedHistory(session: Session): Promise<History> {
  return session.worker.evaluate(async () => (await chrome.storage.local.get('history'))['history'] as History);
}

export interface HintButton {
  nodeId: number;
  label: string;
  x: number;
  y: number;
}

export interface HintSnapshot {
  title: string;
  lines: string[];
  note: string;
  text: string;
  /** The first act button (Fill voucher, Add to my attempts, or the first date to pick). */
  button: HintButton | null;
  /** Every act button: one per date reading when the candidate must pick. */
  buttons: HintButton[];
  /** The dismiss button. */
  close: HintButton | null;
  /** The mark next to the voucher field (payment pages), which shows and hides the panel. */
  mark: HintButton | null;
  /** Element names inside the shadow root: page markup shown as text adds none. */
  elements: string[];
}

interface CdpNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

const sessions = new WeakMap<Page, CDPSession>();
async function cdp(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

function findNode(node: CdpNode, test: (n: CdpNode) => boolean): CdpNode | null {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findNode(child, test);
    if (found) return found;
  }
  return null;
}

function textIn(node: CdpNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.localName === 'style') return '';
  return (node.children ?? []).map(textIn).join(node.localName === 'li' || node.localName === 'h2' || node.localName === 'p' ? ' ' : '');
}

const classOf = (n: CdpNode): string => {
  const attributes = n.attributes ?? [];
  const index = attributes.indexOf('class');
  return index >= 0 ? (attributes[index + 1] ?? '') : '';
};

/** The hint as the user sees it, or null when there is none. */
export async function readHint(page: Page): Promise<HintSnapshot | null> {
  // The hint may be redrawn between two DevTools calls: read it again then.
  for (let attempt = 0; ; attempt++) {
    try {
      return await readHintOnce(page);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('Could not find node')) throw error;
    }
  }
}

async function readHintOnce(page: Page): Promise<HintSnapshot | null> {
  const session = await cdp(page);
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const host = findNode(root, (n) => n.localName === 'second-shot-hint');
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) return null;
  const all: CdpNode[] = [];
  const walk = (n: CdpNode): void => {
    if (n.nodeType === 1) all.push(n);
    (n.children ?? []).forEach(walk);
  };
  walk(shadow);
  const title = all.find((n) => n.localName === 'h2');
  const note = all.find((n) => classOf(n) === 'note');
  const place = async (node: CdpNode | undefined): Promise<HintButton | null> => {
    if (!node) return null;
    // A button with no box (the panel hidden by its mark) is not there to click.
    const boxed = await session.send('DOM.getBoxModel', { nodeId: node.nodeId }).catch((error: unknown) => {
      if (String(error).includes('Could not compute box model')) return null;
      throw error;
    });
    if (!boxed) return null;
    const { model } = boxed as { model: { content: number[] } };
    const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.content;
    return { nodeId: node.nodeId, label: textIn(node), x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
  };
  const buttons: HintButton[] = [];
  for (const node of all.filter((n) => classOf(n) === 'act')) {
    const button = await place(node);
    if (button) buttons.push(button);
  }
  const close = await place(all.find((n) => classOf(n) === 'close'));
  const mark = await place(all.find((n) => classOf(n).split(' ').includes('mark')));
  return {
    title: title ? textIn(title) : '',
    lines: all.filter((n) => n.localName === 'li').map(textIn),
    note: note ? textIn(note) : '',
    text: textIn(shadow),
    button: buttons[0] ?? null,
    buttons,
    close,
    mark,
    elements: all.map((n) => n.localName ?? n.nodeName),
  };
}

export async function waitForHint(page: Page, until: (hint: HintSnapshot) => boolean = () => true, timeout = WAIT_MS): Promise<HintSnapshot> {
  const deadline = Date.now() + timeout;
  let last: HintSnapshot | null = null;
  while (Date.now() < deadline) {
    last = await readHint(page);
    if (last && until(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`No matching hint within ${timeout} ms; last seen: ${JSON.stringify(last)}`);
}

/** A real, trusted click (DevTools input events) at the centre of the hint's button (or of the one given). */
export async function clickHintButton(page: Page, hint: HintSnapshot, button: HintButton | null = hint.button): Promise<void> {
  if (!button) throw new Error(`The hint has no button: ${hint.text}`);
  // As a person would: the pointer comes to the button, and the click follows once the hint has
  // looked whether something covers it (it refuses clicks before).
  await page.mouse.move(button.x, button.y);
  await expect.poll(() => inContentScript(page, 'secondShotProgress.coverSeen')).toBeGreaterThan(0);
  await page.mouse.click(button.x, button.y);
}

/** What a page script can do: call .click() on our button, an untrusted click. */
export async function scriptClickHintButton(page: Page, hint: HintSnapshot): Promise<void> {
  if (!hint.button) throw new Error(`The hint has no button: ${hint.text}`);
  const session = await cdp(page);
  const { object } = (await session.send('DOM.resolveNode', { nodeId: hint.button.nodeId })) as { object: { objectId: string } };
  await session.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { this.click(); }' });
}

/**
 * Runs an expression in the extension's content-script world on this page (what our
 * content script could send), or returns null when no script of ours runs there.
 */
export async function inContentScript(page: Page, expression: string): Promise<unknown> {
  const session = await page.context().newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
  session.on('Runtime.executionContextCreated', (event: { context: (typeof contexts)[number] }) => contexts.push(event.context));
  await session.send('Runtime.enable');
  const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const ours = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Second Shot' && c.auxData.frameId === frameTree.frame.id);
  if (!ours) {
    await session.detach();
    return null;
  }
  const { result, exceptionDetails } = (await session.send('Runtime.evaluate', { expression, contextId: ours.id, awaitPromise: true, returnByValue: true })) as {
    result: { value?: unknown };
    exceptionDetails?: { exception?: { description?: string } };
  };
  await session.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'evaluation failed');
  return result.value;
}

/**
 * Returns once the page has loaded and every document_idle content script that would run on it
 * has run (Chromium injects them at the latest right after the load event; a task queued after
 * that event runs after them): then "no script of ours here" can be checked without sleeping.
 */
export async function afterContentScripts(page: Page | Frame): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

interface ReadProgress {
  reads: number;
  pending: boolean;
  watching: boolean;
}

/**
 * Waits until the content script has finished reading the page as it is now: a read that
 * started after this call (or after `since` reads) is done and none is due. Tests wait on this
 * signal instead of sleeping before they check that nothing happened.
 */
export async function waitForRead(page: Page, since?: number): Promise<ReadProgress> {
  const progress = (): Promise<ReadProgress | null> => inContentScript(page, 'globalThis.secondShotProgress ?? null') as Promise<ReadProgress | null>;
  const start = since ?? (await progress())?.reads ?? 0;
  let last: ReadProgress | null = null;
  await expect.poll(async () => {
    last = await progress();
    return last !== null && (last.reads > start || !last.watching) && !last.pending;
  }).toBe(true);
  return last as unknown as ReadProgress;
}

export function history(vouchers: History['vouchers'], attempts: History['attempts'] = []): History {
  return { format: 'second-shot/history', version: 1, vouchers, attempts };
}

/**
 * Stops the extension's service worker, as Chromium does when it idles, then wakes it by
 * opening an extension page: it starts again from its script, with no globals left over.
 */
export async function restartServiceWorker(session: Session): Promise<void> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/extension/popup/index.html`);
  const devtools = await session.context.newCDPSession(page);
  const versions = new Map<string, string>();
  devtools.on('ServiceWorker.workerVersionUpdated', (event: { versions: { versionId: string; runningStatus: string }[] }) => {
    for (const v of event.versions) versions.set(v.versionId, v.runningStatus);
  });
  await devtools.send('ServiceWorker.enable');
  await expect.poll(() => versions.size).toBeGreaterThan(0);
  for (const versionId of versions.keys()) await devtools.send('ServiceWorker.stopWorker', { versionId });
  await expect.poll(() => [...versions.values()].every((status) => status === 'stopped')).toBe(true);
  await page.reload();
  await expect.poll(() => [...versions.values()].includes('running')).toBe(true);
  await devtools.detach();
  await page.close();
  const worker = session.context.serviceWorkers().at(-1);
  if (!worker) throw new Error('the service worker did not start again');
  session.worker = worker;
}
