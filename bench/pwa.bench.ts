// The PWA's budgets, measured on the built app in real Chromium:
// - pwa.js-before-first-render: the JavaScript the page fetched before its first render
//   (the entry chunk and what it imports statically; the rule engine loads after), gzipped;
// - for a history of 200 vouchers and 1,000 attempts (medians of reloads):
//   pwa.dashboard-first-screenful, from "history read from IndexedDB" to the first screenful
//   of cards drawn with their statuses; pwa.dashboard-all-statuses, to every card with its
//   status; pwa.dashboard-edit, from a click on an attempt's Delete (or on Undo) to the
//   dashboard drawn again with every status, the write and read-back included;
// - pwa.dashboard-all-statuses.N-vouchers: the same at other sizes (no budget; for the chart).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ROOT } from '../cli/rules-on-disk.ts';
import { serveStatic } from '../cli/serve.ts';
import { type History, HISTORY_FORMAT, HISTORY_VERSION, serializeHistory } from '../shared/history/format.ts';
import { launchBrowser } from '../test/e2e/support/chromium.ts';
import { type Measurement, median } from './run.ts';

const DIST = join(ROOT, 'dist', 'pwa');
const RELOADS = 11;

const EDITS = 6;
const SIZES = [50, 100, 400];

/** Vouchers with 5 attempts each (200: 1,000 attempts): passes, failures waiting or open, scheduled exams. */
export function vouchersWithAttempts(count = 200): History {
  const history: History = { format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers: [], attempts: [] };
  const results = ['fail', 'fail', 'fail', 'pass', 'scheduled'] as const;
  for (let v = 0; v < count; v++) {
    const id = `v${String(v).padStart(3, '0')}`;
    const code = `SS07-${String(v).padStart(4, '0')}-${String(9999 - v).padStart(4, '0')}`;
    history.vouchers.push({ id, code, offer: 'ms-second-shot-2007', obtainedOn: '2007-09-20' });
    const last = results[v % results.length] ?? 'fail';
    for (let a = 0; a < 5; a++) {
      const day = String(1 + a * 5 + (v % 4)).padStart(2, '0');
      history.attempts.push({
        id: `${id}-a${a}`, voucher: id, exam: `70-${String(200 + (v % 90)).padStart(3, '0')}`, provider: 'prometric',
        bookedOn: '2007-09-25', takenOn: `2007-10-${day}`, result: a === 4 ? last : 'fail',
      });
    }
  }
  return history;
}

async function jsBeforeFirstRender(page: Page): Promise<number> {
  const urls = await page.evaluate(() => {
    const [render] = performance.getEntriesByName('second-shot:first-render');
    if (!render) throw new Error('the page never marked its first render');
    return performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js') && e.startTime <= render.startTime)
      .map((e) => new URL(e.name).pathname);
  });
  const entry = readFileSync(join(DIST, 'index.html'), 'utf8').match(/<script[^>]+src="([^"]+)"/)?.[1];
  if (!entry) throw new Error('dist/pwa/index.html has no entry script');
  const files = new Set([entry, ...urls]);
  let bytes = 0;
  for (const file of files) bytes += gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  return bytes / 1024;
}

/** Milliseconds from the history read to the first screenful drawn, and to every card drawn. */
async function renderTimes(page: Page): Promise<{ first: number; all: number }> {
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('second-shot:dashboard-complete').length > 0, undefined, { timeout: 30_000 });
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  const [read, first, all] = await page.evaluate(() =>
    ['second-shot:history-read', 'second-shot:dashboard-rendered', 'second-shot:dashboard-complete'].map((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN),
  );
  if (read === undefined || first === undefined || all === undefined || [read, first, all].some(Number.isNaN)) throw new Error('missing performance marks');
  return { first: first - read, all: all - read };
}

/** Milliseconds from a click on the button `selector` finds to the dashboard drawn again with every status. */
function editTime(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (target) =>
      new Promise<number>((resolve, reject) => {
        const button = document.querySelector<HTMLButtonElement>(target);
        if (!button) return reject(new Error(`no ${target} on the dashboard`));
        const start = performance.now();
        new PerformanceObserver((list, observer) => {
          const drawn = list.getEntriesByName('second-shot:dashboard-complete')[0];
          if (!drawn) return;
          observer.disconnect();
          resolve(drawn.startTime - start);
        }).observe({ type: 'mark' });
        button.click();
      }),
    selector,
  );
}

/** Replaces the app's data with a generated history through the Backup screen, and opens the dashboard. */
async function importHistory(page: Page, base: string, history: History): Promise<void> {
  await page.goto(`${base}/backup`);
  // The file input is enabled once the rules it is checked against have loaded (after the first render).
  await page.locator('#import-file:enabled').waitFor();
  await page.getByLabel('History file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(serializeHistory(history)) });
  await page.getByLabel(/Replace the data on this device/).check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText(/^Imported big\.json/).waitFor();
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: new RegExp(history.vouchers.at(-1)?.code ?? '') }).waitFor();
}

export async function measure(): Promise<Measurement[]> {
  execFileSync('npm', ['run', '--silent', 'build:pwa'], { cwd: ROOT, stdio: 'ignore' });
  const server = await serveStatic(DIST, 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  try {
    // The real clock: a faked one would replace the performance timeline being measured.
    // Every failed attempt's voucher still needs the engine for its status.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    const js = await jsBeforeFirstRender(page);

    await importHistory(page, base, vouchersWithAttempts(200));
    const samples: { first: number; all: number }[] = [];
    for (let i = 0; i < RELOADS; i++) samples.push(await renderTimes(page));
    if ((await page.locator('article.voucher:not(.status-pending)').count()) !== 200) throw new Error('the dashboard did not show 200 vouchers with their statuses');
    const edits: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      // An attempt of the first card, deleted and brought back: two small edits.
      edits.push(await editTime(page, 'article.voucher ul.attempts button.danger'));
      await page.getByRole('button', { name: 'Undo' }).waitFor();
      edits.push(await editTime(page, '.banner button:not(.secondary)'));
      await page.getByText('Restored.').waitFor();
    }
    const scaling: Measurement[] = [];
    for (const size of SIZES) {
      await importHistory(page, base, vouchersWithAttempts(size));
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push((await renderTimes(page)).all);
      scaling.push({ name: `pwa.dashboard-all-statuses.${size}-vouchers`, value: median(times) });
    }
    return [
      { name: 'pwa.js-before-first-render', value: js },
      { name: 'pwa.dashboard-first-screenful', value: median(samples.map((s) => s.first)) },
      { name: 'pwa.dashboard-all-statuses', value: median(samples.map((s) => s.all)) },
      { name: 'pwa.dashboard-edit', value: median(edits) },
      ...scaling,
    ];
  } finally {
    await browser.close();
    server.close();
  }
}
