// The built PWA served like `npm start` (cli/serve.ts over dist/pwa) on a free port, in
// real Chromium, with helpers for axe checks and downloads.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { serveStatic } from '../../../cli/serve.ts';
import { type History, serializeHistory } from '../../../shared/history/format.ts';
import { launchBrowser } from '../support/chromium.ts';

export const BUILT_PWA = join(ROOT, 'dist', 'pwa');

export interface HistoryFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A history file to choose in the app's import, holding these records. */
export function historyFile(name: string, records: Pick<History, 'vouchers' | 'attempts'>): HistoryFile {
  return { name, mimeType: 'application/json', buffer: Buffer.from(serializeHistory({ format: 'second-shot/history', version: 1, ...records })) };
}

/** A history file: voucher SS07-ABCD-1234 (2007 offer) and 70-298 failed on 10 Nov 2007. */
export const FAILED_298_FILE = historyFile('mine.json', {
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
});

export interface Served {
  server: Server;
  base: string;
}

export async function serve(folder = BUILT_PWA): Promise<Served> {
  const server = await serveStatic(folder, 0);
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

export function close(server: Server | undefined): Promise<void> {
  return new Promise((done) => (server ? server.close(() => done()) : done()));
}

/** A fresh profile whose clock reads the given instant, with the device in the given time zone. */
async function newContext(browser: Browser, now = '2007-11-10T12:00:00Z', timezoneId = 'Europe/London'): Promise<BrowserContext> {
  const context = await browser.newContext({ timezoneId, acceptDownloads: true });
  await context.clock.setFixedTime(new Date(now));
  return context;
}

/** Waits until the service worker controls the page, so what it precached serves offline. */
export async function untilOfflineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

declare global {
  interface Window {
    /** axe-core, once injected into the page under test. */
    axe?: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
  }
}

/**
 * Runs axe-core on the page as it is now, in dark mode and in light mode (the device's
 * preference, as the app follows it); fails with each violation named. The page is left light.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.addScriptTag({ content: AXE });
  const found: string[] = [];
  // Dark mode changes only colours: there, the rules about colours; in light, every rule.
  for (const [colorScheme, only] of [['dark', ['color-contrast', 'link-in-text-block']], ['light', null]] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await page.evaluate(async (rules) => {
      if (!window.axe) throw new Error('axe-core did not load');
      const result = await window.axe.run(document, { resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) });
      return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    }, only);
    found.push(...violations.map((v) => `${screen} (${colorScheme}): ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  }
  expect(found).toEqual([]);
}

/** Clicks what starts a download and returns the downloaded file's name and text. */
export async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what}: use it inside a test`);
  return value;
}

export interface AppSession {
  readonly base: string;
  /** This file's own copy of the build, as served: a test may publish into it. */
  readonly folder: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * For a test file: serves its own copy of the build (another build of dist/pwa meanwhile
 * changes nothing here) and starts Chromium once; each test gets a fresh profile (empty
 * storage, clock at `now`, device in `timezoneId`) and page. Everything is closed afterwards.
 */
export function useAppSession(now?: string, timezoneId?: string): AppSession {
  let browser: Browser | undefined;
  let served: Served | undefined;
  let folder: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'second-shot-pwa-'));
    cpSync(BUILT_PWA, folder, { recursive: true });
    served = await serve(folder);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await close(served?.server);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(async () => {
    context = await newContext(started(browser, 'browser'), now, timezoneId);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });
  return {
    get base() {
      return started(served, 'server').base;
    },
    get folder() {
      return started(folder, 'folder');
    },
    get context() {
      return started(context, 'browser context');
    },
    get page() {
      return started(page, 'page');
    },
  };
}

/**
 * Imports a history file through the Backup screen as a candidate would, choosing the file
 * once the offer rules are loaded (a file chosen before they are is not read).
 */
export async function importHistoryFile(page: Page, base: string, file: HistoryFile): Promise<void> {
  await page.goto(`${base}/offers`);
  await page.getByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backup & link' }).click();
  await page.getByLabel('History file').setInputFiles(file);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).click();
}
