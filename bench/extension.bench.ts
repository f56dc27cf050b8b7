/// <reference types="chrome" />
// The extension's budgets, measured on the built extension in real Chromium:
// - extension.content-script: the booking content script, gzipped;
// - extension.main-thread-over-floor: main-thread CPU time (trace RunTask thread time) on the
//   fixture payment page at its real URL, where the extension reads the page and draws its
//   hint, minus the same page with the same extension whose content script is one line (the
//   floor: what any content script costs, an isolated world and its injection); two browsers
//   in the same run, alternating page loads, the median of the paired differences, reported as
//   it is (a negative median means noise exceeds the cost). Only the page renderer's main
//   thread counts: the content script runs there, while the service worker (extension
//   process) and the browser process are left out;
// - extension.minimal-hint-over-floor: the same for a minimal hint (one selector, one message,
//   one line drawn), measured the same way: the part of any hint's cost that is the platform's;
// - extension.changing-page-3s-over-floor: the same, over 3 s of a page whose clock changes it
//   every 100 ms (the read ceiling's cost);
// - extension.work-outside-profiles: our content scripts that ran on pages outside the
//   profiles (look-alike host, other site, plain http), counted as DevTools execution
//   contexts of the extension's isolated world.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../cli/rules-on-disk.ts';
import { EXTENSION_DIR, fixtureHtml, history, PEARSON, readHint, seed, type Session, startSession } from '../test/e2e/extension/support.ts';
import { envelope, PageRead } from '../shared/messages.ts';
import { type Measurement, median } from './run.ts';

const RUNS = 15;
const SETTLE_MS = 1500;
const CHANGING_MS = 3000;
const PAYMENT = `${PEARSON}/PaymentPage/MICROSOFT`;
/** A page of the profile whose clock changes it every 100 ms (test/fixtures/sites/variants). */
const CHANGING = `${PEARSON}/PaymentPage/TICKING`;
/** The floor: a content script of one line, in place of ours. */
const ONE_LINE = 'void 0;\n';
/**
 * The least any hint costs: one selector, one message to the service worker, and one line of
 * text in a closed shadow root drawn on the reply. Measured over the same floor, it shows which
 * part of our figure is the platform's (the extension's bindings, messaging, a first draw).
 */
const MINIMAL_HINT = `const field = document.querySelector('input');
const message = ${JSON.stringify(envelope(PageRead, { url: '', version: 0, step: '', lang: '', exam: [], examShown: false, dates: [], voucherField: null, voucherProblem: null, applyButton: null }))};
message.body.url = location.href;
chrome.runtime.sendMessage(message).then(() => {
  const host = document.createElement('second-shot-hint');
  const root = host.attachShadow({ mode: 'closed' });
  const box = document.createElement('section');
  box.textContent = 'Second Shot: your voucher covers this exam.';
  box.setAttribute('style', 'position: fixed; right: 16px; bottom: 16px; background: #fff; font: 14px system-ui, sans-serif; padding: 12px');
  root.append(box);
  (field ?? document.documentElement).after(host);
});
`;
const VARS = { exam: '70-410', title: 'Installing and Configuring Windows Server 2012', dateLong: 'March 10, 2015' };

function contentScriptKb(): number {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { content_scripts: { js: string[] }[] };
  const files = manifest.content_scripts.flatMap((s) => s.js);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(EXTENSION_DIR, file)), { level: 9 }).length, 0) / 1024;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { beginData?: { url?: string }; name?: string };
}

function isTraceEvent(value: unknown): value is TraceEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return typeof event['name'] === 'string' && typeof event['ph'] === 'string' && typeof event['pid'] === 'number' && typeof event['tid'] === 'number';
}

/**
 * Main-thread CPU milliseconds (trace events' thread time, so other processes on the machine
 * do not inflate it) of the page's renderer, from opening the page until it has settled.
 */
async function mainThreadMs(context: BrowserContext, url: string, withHint: boolean, settleMs = SETTLE_MS): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown[]).filter(isTraceEvent)));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,__metadata', transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(settleMs);
  await cdp.send('Tracing.end');
  await done;
  // Checked after the reading: looking into the page costs main-thread time of its own.
  if (withHint && !(await readHint(page))?.button) throw new Error('the hint never appeared: nothing to measure');
  await page.close();
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
  if (!parse) throw new Error(`no trace of ${url} being parsed`);
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === parse.pid && e.tid === parse.tid)?.args?.name;
  if (thread !== 'CrRendererMain') throw new Error(`the page was parsed on thread "${thread}", not its renderer's main thread: the sum would count the wrong work`);
  return events
    .filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.name === 'RunTask' && e.ph === 'X')
    .reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
}

async function ourScriptsOn(page: Page, url: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  let count = 0;
  cdp.on('Runtime.executionContextCreated', (event: { context: { name: string; auxData?: { type?: string } } }) => {
    if (event.context.auxData?.type === 'isolated' && event.context.name === 'Second Shot') count++;
  });
  await page.goto('about:blank');
  await cdp.send('Runtime.enable');
  // Runtime.enable reports the contexts that already exist: count only the new page's.
  count = 0;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1000);
  await cdp.detach();
  return count;
}

/** Median of the paired differences (extension − floor) of alternating runs of `run` in the two browsers. */
async function overFloor(ours: Session, floor: Session, run: (session: Session, isOurs: boolean) => Promise<number>): Promise<number> {
  // A warm-up of each, then alternate so drift in the machine's load hits both alike.
  await run(ours, true);
  await run(floor, false);
  const added: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const withUs = await run(ours, true);
    added.push(withUs - (await run(floor, false)));
  }
  return median(added);
}

async function prepared(contentScript?: string): Promise<Session> {
  const session = await startSession(contentScript === undefined ? {} : { contentScript });
  session.vars = VARS;
  await seed(session, history([{ id: 'v15', code: 'MSSS15-7Q2KD', offer: 'ms-second-shot-2015', obtainedOn: '2015-01-10' }]), '2015-02-01');
  session.extra.set(CHANGING, fixtureHtml('variants/ticking-payment.html', VARS));
  return session;
}

export async function measure(): Promise<Measurement[]> {
  execFileSync('npm', ['run', '--silent', 'build:extension'], { cwd: ROOT, stdio: 'ignore' });
  const session = await prepared();
  const floor = await prepared(ONE_LINE);
  const minimal = await prepared(MINIMAL_HINT);
  try {
    const normal = await overFloor(session, floor, (s, isOurs) => mainThreadMs(s.context, PAYMENT, isOurs));
    const least = await overFloor(minimal, floor, (s) => mainThreadMs(s.context, PAYMENT, false));
    const changing = await overFloor(session, floor, (s, isOurs) => mainThreadMs(s.context, CHANGING, isOurs, CHANGING_MS));

    const outside = ['https://wsr.pearsonvue.com.example.net/testtaker/registration/PaymentPage/MICROSOFT', 'https://www.example.org/exams/payment', 'http://wsr.pearsonvue.com/testtaker/registration/PaymentPage/MICROSOFT'];
    for (const url of outside) session.extra.set(url, fixtureHtml('pearson-vue/PaymentPage.html', VARS));
    const page = await session.context.newPage();
    // The counting must see our script where it does run, or a zero would mean nothing.
    if ((await ourScriptsOn(page, PAYMENT)) !== 1) throw new Error('the content script was not seen on a profile page: the count below would be meaningless');
    let ran = 0;
    for (const url of outside) ran += await ourScriptsOn(page, url);
    return [
      { name: 'extension.content-script', value: contentScriptKb() },
      { name: 'extension.main-thread-over-floor', value: normal },
      { name: 'extension.minimal-hint-over-floor', value: least },
      { name: 'extension.changing-page-3s-over-floor', value: changing },
      { name: 'extension.work-outside-profiles', value: ran },
    ];
  } finally {
    await session.close();
    await floor.close();
    await minimal.close();
  }
}
