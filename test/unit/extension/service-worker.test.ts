// The service worker as Chrome runs it (extension/background/index.ts, loaded fresh in each
// test against a Chrome faked at its boundary): every message goes through its listeners, so
// removing a check of who sent it, from which frame, origin and URL, or for which act, fails here.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRuleFiles, ROOT } from '../../../cli/rules-on-disk.ts';
import { RULES_MESSAGE_CHANNEL } from '../../../extension/rules-messages.ts';
import { deviceToday } from '../../../shared/dates.ts';
import { serializeHistory } from '../../../shared/history/format.ts';
import { envelope, HintFill, HintRecord, HistoryExport, HistoryImport, LinkAccept, LinkForget, LinkPost, LinkRelay, PageRead, SettingsSet, StatusGet } from '../../../shared/messages.ts';
import { WAIT_MS } from '../../support/patience.ts';
import { history } from '../../support/rules.ts';
import { CONFIRMATION, PAYMENT, reading, RUNTIME, sender, V1, A1 } from './booking-pages.ts';
import { type FakeBrowser, installFakeBrowser, wokenUp } from './fake-chrome.ts';

const OPTIONS = { id: RUNTIME, url: `chrome-extension://${RUNTIME}/extension/options/index.html` };
const APP = 'http://localhost:4173';
const SETTINGS = { pwaOrigin: APP, asOf: '2007-11-11' };

let worker: FakeBrowser | undefined;

/**
 * The service worker with a fresh storage holding these settings and this history, and what
 * `prepare` adds. It is loaded once per file (its listeners stay registered, as in Chrome between
 * wake-ups), so each test runs only its own messages; what it does on waking is
 * service-worker-waking.test.ts's.
 */
async function start(prepare: (browser: FakeBrowser) => void = () => undefined): Promise<FakeBrowser> {
  const seed = (browser: FakeBrowser): FakeBrowser => {
    browser.storage.local.set('settings', SETTINGS);
    browser.storage.local.set('history', history({ vouchers: [V1], attempts: [A1] }));
    prepare(browser);
    return browser;
  };
  if (worker) {
    worker.reset();
    return seed(worker);
  }
  const browser = installFakeBrowser(RUNTIME);
  await import('../../../extension/background/index.ts');
  await wokenUp(browser);
  browser.reset();
  worker = browser;
  return seed(browser);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const rules = (type: string, body: unknown): unknown => ({ channel: RULES_MESSAGE_CHANNEL, type, body });

describe('fill safety, through the service worker\'s own listener', () => {
  it('a booking page gets a hint, fills the voucher it offers and records the booking', async () => {
    const browser = await start();
    const payment = await browser.send(envelope(PageRead, reading(PAYMENT, 'payment', 'December 3, 2007')), sender(PAYMENT)) as { hint: { nonce: string; action: string } };
    expect(payment.hint.action).toBe('fill');
    expect(await browser.send(envelope(HintFill, { nonce: payment.hint.nonce, url: PAYMENT }), sender(PAYMENT))).toEqual({ ok: true, message: 'Voucher SS07-ABCD-1234 filled.', code: 'SS07-ABCD-1234' });
    const confirmation = await browser.send(envelope(PageRead, reading(CONFIRMATION, 'confirmation', 'December 3, 2007')), sender(CONFIRMATION)) as { hint: { nonce: string; action: string } };
    expect(await browser.send(envelope(HintRecord, { nonce: confirmation.hint.nonce, url: CONFIRMATION, date: null }), sender(CONFIRMATION)))
      .toEqual({ ok: true, message: 'Added to your attempts: 70-298 on 3 Dec 2007, scheduled, voucher SS07-ABCD-1234.' });
  });

  it.each([
    ['a frame inside the page', sender(PAYMENT, { frameId: 1 }), PAYMENT, 'Second Shot works only in the top frame of a booking page, not in a frame inside it.'],
    ['another extension', sender(PAYMENT, { id: 'anotherextensionanotherextension' }), PAYMENT, 'the request did not come from Second Shot.'],
    ['a look-alike origin', sender('https://www.prometric.com.example.net/Microsoft/Schedule/Payment.aspx'), 'https://www.prometric.com.example.net/Microsoft/Schedule/Payment.aspx', 'https://www.prometric.com.example.net is not a booking site of any profile.'],
    ['a page claiming another origin\'s URL', sender('https://evil.example.net/'), PAYMENT, 'https://evil.example.net is not a booking site of any profile.'],
    ['an origin that disagrees with its address', sender(PAYMENT, { origin: 'https://evil.example.net' }), PAYMENT, 'the request came from a page whose origin and address disagree.'],
  ])('%s gets no hint, no fill and no record', async (_what, from, url, reason) => {
    const browser = await start();
    const hintAtPayment = await browser.send(envelope(PageRead, reading(PAYMENT, 'payment', 'December 3, 2007')), sender(PAYMENT)) as { hint: { nonce: string } };
    const { nonce } = hintAtPayment.hint;
    expect(await browser.send(envelope(PageRead, reading(url, 'payment', 'December 3, 2007')), from)).toEqual({ refused: reason });
    expect(await browser.send(envelope(HintFill, { nonce, url }), from)).toEqual({ refused: reason });
    expect(await browser.send(envelope(HintRecord, { nonce, url, date: null }), from)).toEqual({ refused: reason });
  });

  it('a hint drawn in one tab fills nothing in another', async () => {
    const browser = await start();
    const { hint } = await browser.send(envelope(PageRead, reading(PAYMENT, 'payment', 'December 3, 2007')), sender(PAYMENT)) as { hint: { nonce: string } };
    expect(await browser.send(envelope(HintFill, { nonce: hint.nonce, url: PAYMENT }), sender(PAYMENT, { tab: { id: 8 } as chrome.tabs.Tab })))
      .toEqual({ ok: false, message: 'The page changed since this hint was drawn: nothing was filled.', code: null });
  });

  it('the popup\'s and options\' requests are refused from a booking page', async () => {
    const browser = await start();
    for (const request of [envelope(StatusGet, {}), envelope(HistoryExport, {}), envelope(HistoryImport, { text: '{}', fileName: 'h.json' }), envelope(SettingsSet, SETTINGS), envelope(LinkAccept, {}), envelope(LinkForget, {}), rules('rules/get', {})]) {
      expect(await browser.send(request, sender(PAYMENT))).toEqual({ refused: 'only the extension\'s own pages may ask this.' });
    }
    expect(browser.storage.local.get('settings')).toEqual(SETTINGS);
  });

  it('malformed and unknown requests are refused with the reason; messages not for it get no answer', async () => {
    const browser = await start();
    expect(await browser.send({ channel: 'second-shot/extension', type: 'hint/fill', body: { nonce: 'n' } }, sender(PAYMENT))).toEqual({ refused: 'Second Shot refused a message: malformed "hint/fill" request.' });
    expect(await browser.send({ channel: 'second-shot/extension', type: 'hint/steal', body: {} }, sender(PAYMENT))).toEqual({ refused: 'Second Shot refused a message: unknown message type "hint/steal".' });
    expect(await browser.send(rules('rules/steal', {}), OPTIONS)).toEqual({ refused: 'Second Shot refused a message: unknown rules message type "rules/steal".' });
    expect(await browser.send({ channel: 'elsewhere', type: 'status/get', body: {} }, OPTIONS)).toBeUndefined();
    expect(await browser.send(envelope(LinkPost, { post: [] }), OPTIONS)).toEqual({ refused: 'link/post goes to the bridge, not the service worker' });
    // A refusal is the sender's doing: nothing is logged. A failure is logged.
    expect(browser.warnings).toEqual([]);
  });

  it('an answer that fails is a refusal with the reason, and is logged', async () => {
    const browser = await start((b) => b.storage.local.set('history', { format: 'second-shot/history', version: 1, vouchers: 'none', attempts: [] }));
    const refused = await browser.send(envelope(HistoryExport, {}), OPTIONS) as { refused: string };
    expect(refused.refused).toMatch(/^Your saved history is damaged, so it was not used: .*vouchers/);
    expect(browser.warnings).toEqual([`Second Shot could not answer "history/export": ${refused.refused}`]);
  });
});

describe('the popup and the options', () => {
  it('status: each voucher\'s status as of the date checked, the attempts, the link and the settings', async () => {
    const browser = await start();
    expect(await browser.send(envelope(StatusGet, {}), OPTIONS)).toEqual({
      today: '2007-11-11',
      statuses: [{ voucher: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', offerTitle: 'Microsoft Second Shot, 2007–2008', exam: '70-298', status: 'retake-available', statusLabel: 'Free retake available', nextStep: 'Book your free retake of 70-298 by 30 Jun 2008.' }],
      attempts: 1,
      settings: SETTINGS,
      diagnostics: [],
      link: { origin: APP, linked: false, pendingHello: false, conflicts: [], shared: [] },
    });
  });

  it('status without a date to check as of: as of today where the candidate is; with what booking pages missed', async () => {
    const browser = await start((b) => b.storage.local.set('settings', { pwaOrigin: APP, asOf: null }));
    await browser.send(envelope(PageRead, { ...reading(PAYMENT, 'payment', 'December 3, 2007'), voucherField: null }), sender(PAYMENT));
    const status = await browser.send(envelope(StatusGet, {}), OPTIONS) as { today: string; diagnostics: { site: string; target: string }[] };
    expect(status.today).toBe(deviceToday());
    expect(status.diagnostics.map((d) => [d.site, d.target])).toEqual([['prometric', 'voucherField']]);
  });

  it('status with a damaged history: no statuses, and the damage said first', async () => {
    const browser = await start((b) => b.storage.local.set('history', { format: 'second-shot/history', version: 1, vouchers: 'none', attempts: [] }));
    const status = await browser.send(envelope(StatusGet, {}), OPTIONS) as { statuses: unknown[]; attempts: number; diagnostics: { site: string; target: string; message: string }[] };
    expect([status.statuses, status.attempts]).toEqual([[], 0]);
    expect(status.diagnostics).toEqual([expect.objectContaining({ site: 'history', target: 'history', message: expect.stringMatching(/^Your saved history is damaged/) })]);
  });

  it('export: the history as a file named for the day', async () => {
    const browser = await start();
    expect(await browser.send(envelope(HistoryExport, {}), OPTIONS)).toEqual({ text: serializeHistory(history({ vouchers: [V1], attempts: [A1] })), fileName: 'second-shot-history-2007-11-11.json' });
  });

  it('import: a bad file changes nothing and says why; a good one replaces the history, counted', async () => {
    const browser = await start();
    const bad = await browser.send(envelope(HistoryImport, { text: '{"format": "second-shot/history", "version": 0}', fileName: 'old.json' }), OPTIONS) as { ok: boolean; message: string; problems: string[] };
    expect([bad.ok, bad.message]).toEqual([false, 'old.json was not imported; your history is unchanged.']);
    expect(bad.problems).toEqual(['old.json#/version: "version" must be a whole number (1)', 'old.json#/vouchers: "vouchers" must be a list', 'old.json#/attempts: "attempts" must be a list']);
    expect(browser.storage.local.get('history')).toEqual(history({ vouchers: [V1], attempts: [A1] }));
    const one = serializeHistory(history({ vouchers: [V1], attempts: [] }));
    expect(await browser.send(envelope(HistoryImport, { text: one, fileName: 'one.json' }), OPTIONS)).toEqual({ ok: true, message: 'Imported one.json: 1 voucher, 0 attempts.', problems: [] });
    expect(browser.storage.local.get('history')).toEqual(history({ vouchers: [V1], attempts: [] }));
    const two = serializeHistory(history({ vouchers: [V1, { ...V1, id: 'v2', code: 'SS07-EFGH-5678' }], attempts: [A1] }));
    expect(await browser.send(envelope(HistoryImport, { text: two, fileName: 'two.json' }), OPTIONS)).toEqual({ ok: true, message: 'Imported two.json: 2 vouchers, 1 attempt.', problems: [] });
  });

  it('settings: a bad address or date is refused and nothing is saved', async () => {
    const browser = await start();
    const badOrigin = await browser.send(envelope(SettingsSet, { pwaOrigin: 'ftp://example.org', asOf: null }), OPTIONS) as { ok: boolean; settings: unknown };
    expect([badOrigin.ok, badOrigin.settings]).toEqual([false, SETTINGS]);
    expect(await browser.send(envelope(SettingsSet, { pwaOrigin: APP, asOf: '2007-02-30' }), OPTIONS)).toEqual({ ok: false, message: expect.stringMatching(/^The date to check as of: /), settings: SETTINGS });
    expect(browser.storage.local.get('settings')).toEqual(SETTINGS);
    expect(await browser.send(envelope(SettingsSet, { pwaOrigin: APP, asOf: null }), OPTIONS)).toEqual({ ok: true, message: 'Settings saved.', settings: { pwaOrigin: APP, asOf: null } });
    expect(browser.storage.local.get('settings')).toEqual({ pwaOrigin: APP, asOf: null });
  });
});

const PWA_TAB = 3;
const fromApp = (extra: Partial<chrome.runtime.MessageSender> = {}): chrome.runtime.MessageSender => ({ id: RUNTIME, url: `${APP}/`, origin: APP, frameId: 0, tab: { id: PWA_TAB } as chrome.tabs.Tab, ...extra });
const linkMessage = (type: string, extra: Record<string, unknown> = {}): unknown => ({ channel: 'second-shot/link', version: 1, from: 'pwa', type, ...extra });
type Posted = { channel: string; type: string; body: { post: { type: string; pairing?: string; asOf?: string | null; history?: { vouchers: unknown[] } }[] } };
const posts = (browser: FakeBrowser, tabId: number): Posted['body']['post'][] => browser.sentToTabs.filter((s) => s.tabId === tabId).map((s) => (s.message as Posted).body.post);
const relay = async (browser: FakeBrowser, data: unknown, from = fromApp()): Promise<unknown> => browser.send(envelope(LinkRelay, { data }), from);
const stored = (browser: FakeBrowser, key: string): Record<string, unknown> => browser.storage.local.get(key) as Record<string, unknown>;

/** The app says hello and the user agrees in the options: returns the pairing secret the app was given. */
async function link(browser: FakeBrowser): Promise<string> {
  expect(await relay(browser, linkMessage('hello'))).toEqual({ post: [] });
  expect(stored(browser, 'link')['pending']).toEqual({ origin: APP, tabId: PWA_TAB });
  await browser.send(envelope(LinkAccept, {}), OPTIONS);
  const pairing = posts(browser, PWA_TAB)[0]?.[0]?.pairing;
  if (pairing === undefined) throw new Error('no pairing posted');
  return pairing;
}

describe('the link with the app', () => {
  it('a hello waits for the user; agreeing hands the waiting tab a secret and the history, and logs what was shared', async () => {
    const browser = await start();
    expect(await relay(browser, linkMessage('hello'))).toEqual({ post: [] });
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: null, pending: { origin: APP, tabId: PWA_TAB } });
    expect(await browser.send(envelope(StatusGet, {}), OPTIONS)).toMatchObject({ link: { origin: APP, linked: false, pendingHello: true } });
    expect(await browser.send(envelope(LinkAccept, {}), OPTIONS)).toEqual({
      ok: true, message: 'Linked with http://localhost:4173. Its rules were not taken: The extension has no access to http://localhost:4173: save that address in the options to grant it.',
    });
    const [posted] = posts(browser, PWA_TAB);
    expect(browser.sentToTabs.map((s) => s.frameId)).toEqual([0]);
    expect(posted?.map((m) => [m.type, m.asOf])).toEqual([['linked', '2007-11-11'], ['history', '2007-11-11']]);
    expect(posted?.[0]?.pairing).toMatch(/^[0-9a-f]{64}$/);
    expect(posted?.[1]?.history?.vouchers).toEqual([V1]);
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: APP, pairing: posted?.[0]?.pairing, pending: null });
    expect((stored(browser, 'link')['shared'] as { origin: string; what: string }[]).map((s) => [s.origin, s.what])).toEqual([[APP, 'your history: 1 voucher, 1 attempt']]);
    expect(await browser.send(envelope(StatusGet, {}), OPTIONS)).toMatchObject({ link: { linked: true, pendingHello: false } });
  });

  it('agreeing with no hello waiting links the origin but hands out no secret', async () => {
    const browser = await start();
    await browser.send(envelope(LinkAccept, {}), OPTIONS);
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: APP, pairing: null, pending: null, shared: [] });
    expect(browser.sentToTabs).toEqual([]);
  });

  it('the linked app is known by its secret: with it a hello gets the history, without it the user is asked again', async () => {
    const browser = await start();
    const pairing = await link(browser);
    const answer = await relay(browser, linkMessage('hello', { pairing })) as { post: { type: string; asOf: string }[] };
    expect(answer.post.map((m) => [m.type, m.asOf])).toEqual([['linked', '2007-11-11'], ['history', '2007-11-11']]);
    expect(browser.storage.session.get('pairedTabs')).toEqual([PWA_TAB]);
    expect(await relay(browser, linkMessage('hello', { pairing: 'ab'.repeat(32) }), fromApp({ tab: { id: 4 } as chrome.tabs.Tab }))).toEqual({ post: [] });
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: APP, pending: { origin: APP, tabId: 4 } });
    expect(browser.storage.session.get('pairedTabs')).toEqual([PWA_TAB]);
    // A history without the secret is not merged.
    const theirs = history({ vouchers: [V1, { ...V1, id: 'v2', code: 'SS07-EFGH-5678' }], attempts: [A1] });
    expect(await relay(browser, linkMessage('history', { history: theirs }))).toEqual({ post: [] });
    expect((stored(browser, 'history')['vouchers'] as unknown[]).length).toBe(1);
  });

  it('the linked app\'s history is merged; the app is answered only when it lacks something', async () => {
    const browser = await start();
    const pairing = await link(browser);
    const more = history({ vouchers: [V1, { ...V1, id: 'v2', code: 'SS07-EFGH-5678' }], attempts: [A1] });
    expect(await relay(browser, linkMessage('history', { history: more, pairing }))).toEqual({ post: [] });
    expect((stored(browser, 'history')['vouchers'] as { id: string }[]).map((v) => v.id)).toEqual(['v1', 'v2']);
    const less = await relay(browser, linkMessage('history', { history: history({ vouchers: [V1], attempts: [] }), pairing })) as { post: { type: string; history: { attempts: unknown[] } }[] };
    expect(less.post.map((m) => [m.type, m.history.attempts.length])).toEqual([['history', 1]]);
    expect((stored(browser, 'link')['shared'] as { what: string }[]).map((s) => s.what)).toEqual(['your history: 2 vouchers, 1 attempt', 'your history: 1 voucher, 1 attempt']);
  });

  it('a record that differs is kept both ways and noted; a message that fails validation is noted and merges nothing', async () => {
    const browser = await start();
    const pairing = await link(browser);
    const changed = history({ vouchers: [{ ...V1, code: 'SS07-WXYZ-9999' }], attempts: [A1] });
    await relay(browser, linkMessage('history', { history: changed, pairing }));
    expect(stored(browser, 'link')['conflicts']).toEqual([
      'The PWA\'s voucher "v1" differed from this browser\'s: both kept, the PWA\'s as "v1-2".',
      'The PWA\'s attempt "a1" differed from this browser\'s: both kept, the PWA\'s as "a1-2".',
    ]);
    expect(await relay(browser, linkMessage('history', { history: { vouchers: 'none' }, pairing }))).toEqual({ post: [] });
    expect((stored(browser, 'link')['conflicts'] as string[])[0]).toMatch(/^Refused a message from http:\/\/localhost:4173: /);
    expect(await relay(browser, { channel: 'elsewhere' })).toEqual({ post: [] });
    expect((stored(browser, 'link')['conflicts'] as string[]).length).toBe(3);
  });

  it('link messages are heard only from the configured app origin, in a tab\'s top frame', async () => {
    const browser = await start();
    const { tab: _tab, ...noTab } = fromApp();
    for (const from of [fromApp({ url: 'http://localhost:5173/', origin: 'http://localhost:5173' }), fromApp({ frameId: 2 }), fromApp({ id: 'anotherextensionanotherextension' }), noTab]) {
      expect(await relay(browser, linkMessage('hello'), from)).toEqual({ refused: 'link messages come only from the configured app origin.' });
    }
    expect(stored(browser, 'link')).toBeUndefined();
  });

  it('forgetting ends the link: the app\'s secret no longer works', async () => {
    const browser = await start();
    const pairing = await link(browser);
    expect(await browser.send(envelope(LinkForget, {}), OPTIONS)).toEqual({ ok: true, message: 'The PWA is no longer linked.' });
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: null, pairing: null, pending: null });
    expect(await relay(browser, linkMessage('hello', { pairing }))).toEqual({ post: [] });
  });

  it('a recorded booking goes to the linked app\'s proven tabs only, and is logged once sent', async () => {
    const browser = await start();
    await link(browser);
    browser.tabs.push({ id: PWA_TAB, url: `${APP}/` } as chrome.tabs.Tab, { id: 5, url: `${APP}/vouchers` } as chrome.tabs.Tab);
    const { hint } = await browser.send(envelope(PageRead, reading(CONFIRMATION, 'confirmation', 'December 3, 2007')), sender(CONFIRMATION)) as { hint: { nonce: string } };
    await browser.send(envelope(HintRecord, { nonce: hint.nonce, url: CONFIRMATION, date: null }), sender(CONFIRMATION));
    expect(browser.sentToTabs.map((s) => s.tabId)).toEqual([PWA_TAB, PWA_TAB]);
    expect(posts(browser, PWA_TAB)[1]?.map((m) => [m.type, m.history?.vouchers.length])).toEqual([['history', 1]]);
    expect((stored(browser, 'link')['shared'] as { what: string }[])[0]?.what).toBe('your history: 1 voucher, 2 attempts');
    // A closed tab gets nothing and nothing is logged.
    browser.closedTabs.add(PWA_TAB);
    await browser.send(envelope(HistoryImport, { text: serializeHistory(history({ vouchers: [V1], attempts: [] })), fileName: 'h.json' }), OPTIONS);
    expect((stored(browser, 'link')['shared'] as unknown[]).length).toBe(2);
  });
});

describe('settings that change more than themselves', () => {
  it('a new date to check as of goes to the linked app', async () => {
    const browser = await start();
    await link(browser);
    browser.tabs.push({ id: PWA_TAB, url: `${APP}/` } as chrome.tabs.Tab);
    await browser.send(envelope(SettingsSet, { pwaOrigin: APP, asOf: '2007-12-01' }), OPTIONS);
    expect(posts(browser, PWA_TAB).at(-1)?.map((m) => [m.type, m.asOf])).toEqual([['history', '2007-12-01']]);
    const sent = browser.sentToTabs.length;
    await browser.send(envelope(SettingsSet, { pwaOrigin: APP, asOf: '2007-12-01' }), OPTIONS);
    expect(browser.sentToTabs.length).toBe(sent);
  });

  it('a new app address unlinks, moves the bridge there (when granted) and refreshes the rules from it', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    browser.onInstalled.fire();
    await vi.waitFor(() => expect(browser.contentScripts.map((s) => s.matches)).toEqual([[`${APP}/*`]]), { timeout: WAIT_MS });
    await link(browser);
    browser.tabs.push({ id: PWA_TAB, url: `${APP}/` } as chrome.tabs.Tab);
    const other = 'https://app.example.org';
    browser.granted.add(`${other}/*`);
    expect(await browser.send(envelope(SettingsSet, { pwaOrigin: other, asOf: null }), OPTIONS)).toEqual({ ok: true, message: 'Settings saved.', settings: { pwaOrigin: other, asOf: null } });
    // The app at the old address is not linked any more: it is not sent the new date.
    expect(browser.sentToTabs).toHaveLength(1);
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: null, pairing: null, pending: null });
    expect(browser.contentScripts).toEqual([{ id: 'pwa-bridge', matches: [`${other}/*`], js: ['extension/content/bridge.iife.ts'], runAt: 'document_start', allFrames: false, persistAcrossSessions: true }]);
    expect(browser.fetched.at(-1)).toBe(`${other}/rules/index.json`);
    // Without the permission for the address, no bridge runs anywhere.
    await browser.send(envelope(SettingsSet, { pwaOrigin: 'https://elsewhere.example.org', asOf: null }), OPTIONS);
    expect(browser.contentScripts).toEqual([]);
  });

  it('the bridge is registered on start-up and on install, once however they overlap', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    browser.onStartup.fire();
    await vi.waitFor(() => expect(browser.contentScripts).toHaveLength(1), { timeout: WAIT_MS });
    browser.onInstalled.fire();
    browser.onStartup.fire();
    // A new address registers it in turn, after those two.
    await browser.send(envelope(SettingsSet, { pwaOrigin: 'https://app.example.org', asOf: null }), OPTIONS);
    expect(browser.contentScripts).toEqual([]);
    browser.granted.add('https://app.example.org/*');
    browser.onInstalled.fire();
    browser.onStartup.fire();
    await browser.send(envelope(SettingsSet, { pwaOrigin: 'https://app.example.org', asOf: '2007-12-01' }), OPTIONS);
    await vi.waitFor(() => expect(browser.contentScripts.map((s) => [s.id, s.matches])).toEqual([['pwa-bridge', ['https://app.example.org/*']]]), { timeout: WAIT_MS });
  });
});

/** The published rules as the app serves them: the shipped files, some replaced. */
function publish(browser: FakeBrowser, base: string, replaced: Record<string, string> = {}): void {
  const offers = readRuleFiles();
  const sites = readRuleFiles(join(ROOT, 'rules', 'sites'));
  browser.served.set(`${base}/rules/index.json`, JSON.stringify({ files: offers.map((f) => f.file.replace(/^rules\//, '')), sites: sites.map((f) => f.file.replace(/^rules\//, '')) }));
  for (const f of [...offers, ...sites]) browser.served.set(`${base}/${f.file}`, replaced[f.file] ?? f.text);
}

describe('the rules in force', () => {
  it('before any refresh: the bundled files', async () => {
    const browser = await start();
    const view = await browser.send(rules('rules/get', {}), OPTIONS) as Record<string, unknown>;
    expect(view).toMatchObject({ source: `${APP}/rules/index.json`, configured: null, triedAt: null, refused: [], sitesRefused: [], error: null });
    expect(view['inForce']).toEqual(readRuleFiles().map((f) => ({ file: f.file, from: 'bundled' })));
    expect((view['sites'] as { id: string; from: string }[]).map((s) => [s.id, s.from])).toEqual([['pearson-vue', 'bundled'], ['prometric', 'bundled']]);
    expect(browser.fetched).toEqual([]);
  });

  it('a refresh takes the published files; a refused one keeps its last good version and is named', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    publish(browser, APP);
    const taken = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string; rules: { inForce: { from: string }[] } };
    expect([taken.ok, taken.message]).toEqual([true, 'Rules refreshed from http://localhost:4173/rules/index.json: 5 offer files in force.']);
    expect(taken.rules.inForce.map((f) => f.from)).toEqual(['published', 'published', 'published', 'published', 'published']);
    publish(browser, APP, { 'rules/offers/ms-second-shot-2007.json': '{ "id": ', 'rules/sites/prometric.json': '{}' });
    const refused = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string; rules: { inForce: { file: string; from: string }[]; refused: { file: string }[] } };
    expect([refused.ok, refused.message]).toEqual([false, `Rules refreshed from http://localhost:4173/rules/index.json: 5 offer files in force. 1 problem found: a refused file keeps its last good version. 1 site profile refused: it keeps its last good version.`]);
    expect(refused.rules.inForce.find((f) => f.file === 'rules/offers/ms-second-shot-2007.json')?.from).toBe('bundled');
  });

  it('without access to the app\'s origin nothing is fetched, and the options say how to grant it', async () => {
    const browser = await start();
    const answer = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string; rules: { triedAt: string; error: string } };
    const error = 'The extension has no access to http://localhost:4173: save that address in the options to grant it.';
    expect([answer.ok, answer.message, answer.rules.error]).toEqual([false, error, error]);
    expect(new Date(answer.rules.triedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(browser.fetched).toEqual([]);
  });

  it('an unreachable index changes nothing and says so', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    const answer = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string };
    expect(answer.ok).toBe(false);
    expect(answer.message).toMatch(/^Nothing changed: .*http:\/\/localhost:4173\/rules\/index\.json: HTTP 404/);
  });

  it('a rules URL of its own: a bad one is refused, a good one is fetched from, none follows the app again', async () => {
    const browser = await start((b) => b.granted.add('https://rules.example.org/*'));
    const bad = await browser.send(rules('rules/source', { url: 'ftp://rules.example.org/index.json' }), OPTIONS) as { ok: boolean; rules: { configured: string | null } };
    expect([bad.ok, bad.rules.configured]).toEqual([false, null]);
    publish(browser, 'https://rules.example.org');
    const set = await browser.send(rules('rules/source', { url: 'https://rules.example.org/rules/index.json' }), OPTIONS) as { ok: boolean; rules: { configured: string; source: string } };
    expect([set.ok, set.rules.configured, set.rules.source]).toEqual([true, 'https://rules.example.org/rules/index.json', 'https://rules.example.org/rules/index.json']);
    expect(browser.fetched[0]).toBe('https://rules.example.org/rules/index.json');
    const back = await browser.send(rules('rules/source', { url: null }), OPTIONS) as { ok: boolean; rules: { configured: string | null; source: string } };
    expect([back.rules.configured, back.rules.source]).toEqual([null, `${APP}/rules/index.json`]);
  });
});

describe('the toolbar badge and the reminders', () => {
  it('the badge counts the vouchers to book with, and says "link" while the app waits for an answer', async () => {
    const browser = await start();
    browser.onStorageChanged.fire({ history: {} }, 'local');
    await vi.waitFor(() => expect(browser.badge.drawn).toBe(1), { timeout: WAIT_MS });
    expect(browser.badge).toMatchObject({ text: '1', title: 'Second Shot: 1 voucher needs you to book' });
    await relay(browser, linkMessage('hello'));
    browser.onStorageChanged.fire({ link: {} }, 'local');
    await vi.waitFor(() => expect(browser.badge.drawn).toBe(2), { timeout: WAIT_MS });
    expect(browser.badge).toMatchObject({ text: 'link', title: 'Second Shot: the app asks to link with this browser' });
  });

  it('a reminder due today is shown once a day, on the daily alarm', async () => {
    const browser = await start((b) => b.storage.local.set('settings', { pwaOrigin: APP, asOf: '2008-06-23' }));
    browser.onAlarm.fire({ name: 'second-shot/reminders' });
    await vi.waitFor(() => expect(browser.badge.drawn).toBe(1), { timeout: WAIT_MS });
    expect(browser.notifications).toMatchObject([{ id: 'deadline:v1:2008-06-23', title: '7 days left to book your free retake of 70-298', message: 'The last day to book is 30 Jun 2008. Book your free retake of 70-298 by 30 Jun 2008.' }]);
    browser.onAlarm.fire({ name: 'another-alarm' });
    browser.onAlarm.fire({ name: 'second-shot/reminders' });
    await vi.waitFor(() => expect(browser.badge.drawn).toBe(2), { timeout: WAIT_MS });
    expect(browser.notifications).toHaveLength(1);
    expect(browser.storage.local.get('remindersShown')).toEqual(['deadline:v1:2008-06-23']);
  });

  it('a damaged record of the reminders shown does not silence them', async () => {
    const browser = await start((b) => {
      b.storage.local.set('settings', { pwaOrigin: APP, asOf: '2008-06-23' });
      b.storage.local.set('remindersShown', 'deadline:v1:2008-06-23');
    });
    browser.onAlarm.fire({ name: 'second-shot/reminders' });
    await vi.waitFor(() => expect(browser.notifications.map((n) => n.id)).toEqual(['deadline:v1:2008-06-23']), { timeout: WAIT_MS });
  });

});

describe('what is published, put in force', () => {
  const OFFER_2007 = 'rules/offers/ms-second-shot-2007.json';
  const bundled2007 = (): string => readRuleFiles().find((f) => f.file === OFFER_2007)?.text ?? '';
  const retitled = (): string => bundled2007().replace('"title": "Microsoft Second Shot, 2007–2008"', '"title": "Microsoft Second Shot (as published)"');

  it('a published offer answers the popup; once refused later, its last good version stays', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    publish(browser, APP, { [OFFER_2007]: retitled() });
    await browser.send(rules('rules/refresh', {}), OPTIONS);
    expect(await browser.send(envelope(StatusGet, {}), OPTIONS)).toMatchObject({ statuses: [{ offerTitle: 'Microsoft Second Shot (as published)' }] });
    publish(browser, APP, { [OFFER_2007]: '{ "id": ' });
    const refused = await browser.send(rules('rules/refresh', {}), OPTIONS) as { rules: { inForce: { file: string; from: string }[]; refused: { file: string; pointer: string; message: string; hint: string | null }[] } };
    expect(refused.rules.inForce.find((f) => f.file === OFFER_2007)?.from).toBe('last good');
    expect(refused.rules.refused[0]).toEqual({ file: OFFER_2007, pointer: expect.any(String), message: expect.any(String), hint: null });
    expect(await browser.send(envelope(StatusGet, {}), OPTIONS)).toMatchObject({ statuses: [{ offerTitle: 'Microsoft Second Shot (as published)' }] });
  });

  it('stored files this version refuses give way to the bundled ones', async () => {
    const state = (files: { file: string; text: string }[]): Record<string, unknown> => ({
      source: `${APP}/rules/index.json`, triedAt: Date.now(), files, refused: [], keptLastGood: [], error: null, memory: {},
      sites: { files: [{ file: 'rules/sites/prometric.json', text: '{' }], from: {}, refused: [], memory: {} },
    });
    const title = async (browser: FakeBrowser): Promise<unknown> => ((await browser.send(envelope(StatusGet, {}), OPTIONS)) as { statuses: { offerTitle: string }[] }).statuses[0]?.offerTitle;
    const stored = await start((b) => b.storage.local.set('publishedRules', state(readRuleFiles().map((f) => (f.file === OFFER_2007 ? { ...f, text: retitled() } : f)))));
    expect(await title(stored)).toBe('Microsoft Second Shot (as published)');
    const broken = await start((b) => b.storage.local.set('publishedRules', state([{ file: OFFER_2007, text: '{' }])));
    expect(await title(broken)).toBe('Microsoft Second Shot, 2007–2008');
    // The page is read with the bundled profile, not told to read again.
    const read = await broken.send(envelope(PageRead, reading(PAYMENT, 'payment', 'December 3, 2007')), sender(PAYMENT)) as { hint: { action: string } | null; site: unknown };
    expect([read.hint?.action, read.site]).toEqual(['fill', null]);
  });

  it('a published set that cannot read the history is not taken', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    publish(browser, APP);
    const offers = readRuleFiles().filter((f) => f.file !== OFFER_2007).map((f) => f.file.replace(/^rules\//, ''));
    browser.served.set(`${APP}/rules/index.json`, JSON.stringify({ files: offers }));
    const answer = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string; rules: { inForce: { from: string }[] } };
    expect(answer.message).toMatch(/^Nothing changed: the published rules were not taken: they cannot read your history \(\/vouchers\/0\/offer: .+\)\.$/);
    expect(answer.rules.inForce.map((f) => f.from)).toEqual(readRuleFiles().map(() => 'bundled'));
  });

  it('a listed file that cannot be fetched keeps its version and is named', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    publish(browser, APP);
    browser.served.delete(`${APP}/${OFFER_2007}`);
    const answer = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string };
    expect([answer.ok, answer.message]).toEqual([false, `Could not fetch ${APP}/${OFFER_2007}: HTTP 404: the last good version stays in force.`]);
  });

  it('a published site profile takes over: a page read with the bundled one is told to read again', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    const prometric = readRuleFiles(join(ROOT, 'rules', 'sites')).find((f) => f.file === 'rules/sites/prometric.json')?.text ?? '';
    publish(browser, APP, { 'rules/sites/prometric.json': prometric.replace('"version": 1', '"version": 2') });
    const refreshed = await browser.send(rules('rules/refresh', {}), OPTIONS) as { rules: { sites: { id: string; version: number; from: string }[] } };
    expect(refreshed.rules.sites.map((s) => [s.id, s.version, s.from])).toEqual([['pearson-vue', 1, 'published'], ['prometric', 2, 'published']]);
    const read = await browser.send(envelope(PageRead, reading(PAYMENT, 'payment', 'December 3, 2007')), sender(PAYMENT)) as { hint: unknown; site: { profile: string; version: number } };
    expect([read.hint, read.site.profile, read.site.version]).toEqual([null, 'prometric', 2]);
  });

  it('two refused offer files and site profiles are counted as two', async () => {
    const browser = await start((b) => b.granted.add(`${APP}/*`));
    publish(browser, APP, { 'rules/sites/prometric.json': '{}', 'rules/sites/pearson-vue.json': '{}' });
    const sites = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string };
    expect([sites.ok, sites.message]).toEqual([false, `Rules refreshed from ${APP}/rules/index.json: 5 offer files in force. 2 site profiles refused: each keeps its last good version.`]);
    publish(browser, APP, { [OFFER_2007]: '{ "id": ', 'rules/offers/ms-second-shot-2006.json': '{ "id": ' });
    const offers = await browser.send(rules('rules/refresh', {}), OPTIONS) as { ok: boolean; message: string };
    expect([offers.ok, offers.message]).toEqual([false, `Rules refreshed from ${APP}/rules/index.json: 5 offer files in force. 2 problems found: a refused file keeps its last good version.`]);
  });

  it('each site profile says how often its pages missed the voucher field or the exam', async () => {
    const browser = await start((b) => b.storage.local.set('selfReports', { prometric: { voucherField: 2, exam: 1 } }));
    const view = await browser.send(rules('rules/get', {}), OPTIONS) as { sites: { id: string; file: string; name: string; notFound: unknown }[] };
    expect(view.sites.map((s) => [s.file, s.id, s.name, s.notFound])).toEqual([
      ['rules/sites/pearson-vue.json', 'pearson-vue', 'Pearson VUE', { voucherField: 0, exam: 0 }],
      ['rules/sites/prometric.json', 'prometric', 'Prometric', { voucherField: 2, exam: 1 }],
    ]);
  });
});

describe('the link, at its edges', () => {
  it('a link agreed with no hello waiting gives no secret, so a hello without one is asked about again', async () => {
    const browser = await start();
    await browser.send(envelope(LinkAccept, {}), OPTIONS);
    expect(await relay(browser, linkMessage('hello'))).toEqual({ post: [] });
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: APP, pairing: null, pending: { origin: APP, tabId: PWA_TAB } });
  });

  it('agreeing while the waiting tab has closed still links; nothing is logged as shared', async () => {
    const browser = await start((b) => {
      b.granted.add(`${APP}/*`);
      publish(b, APP);
    });
    await relay(browser, linkMessage('hello'));
    browser.closedTabs.add(PWA_TAB);
    expect(await browser.send(envelope(LinkAccept, {}), OPTIONS)).toEqual({ ok: true, message: 'Linked with http://localhost:4173.' });
    expect(stored(browser, 'link')).toMatchObject({ linkedOrigin: APP, shared: [] });
  });

  it('"linked" and "unlinked" from the app change nothing here', async () => {
    const browser = await start();
    const pairing = await link(browser);
    const before = stored(browser, 'link');
    for (const type of ['linked', 'unlinked']) expect(await relay(browser, linkMessage(type, { pairing }))).toEqual({ post: [] });
    expect(stored(browser, 'link')).toEqual(before);
  });

  it('the logs keep the latest: 30 shares and 20 notes', async () => {
    const browser = await start();
    const pairing = await link(browser);
    for (let i = 0; i < 30; i++) await relay(browser, linkMessage('hello', { pairing }));
    for (let i = 0; i < 21; i++) await relay(browser, linkMessage('hello', { version: 2 + i }));
    const kept = stored(browser, 'link') as { shared: unknown[]; conflicts: string[] };
    expect(kept.shared).toHaveLength(30);
    expect(kept.conflicts).toHaveLength(20);
    expect(kept.conflicts[0]).toBe('Refused a message from http://localhost:4173: link message version 22 is not 1');
  });

  it('nothing goes to the app before it is linked', async () => {
    const browser = await start();
    browser.tabs.push({ id: PWA_TAB, url: `${APP}/` } as chrome.tabs.Tab);
    await browser.send(envelope(HistoryImport, { text: serializeHistory(history({ vouchers: [V1], attempts: [] })), fileName: 'h.json' }), OPTIONS);
    expect(browser.sentToTabs).toEqual([]);
  });
});

describe('reminders and badge, at their edges', () => {
  it('a reminder already shown today is not shown again; a stored list of the wrong shape is none', async () => {
    const check = async (shown: unknown): Promise<FakeBrowser> => {
      const browser = await start((b) => {
        b.storage.local.set('settings', { pwaOrigin: APP, asOf: '2008-06-23' });
        b.storage.local.set('remindersShown', shown);
      });
      browser.onAlarm.fire({ name: 'second-shot/reminders' });
      await vi.waitFor(() => expect(browser.badge.drawn).toBe(1), { timeout: WAIT_MS });
      return browser;
    };
    expect((await check(['deadline:v1:2008-06-23'])).notifications).toEqual([]);
    expect((await check([7, 'deadline:v1:2008-06-23'])).notifications).toEqual([]);
    const wrong = await check('deadline:v1:2008-06-23');
    expect(wrong.notifications).toEqual([{
      id: 'deadline:v1:2008-06-23', type: 'basic', iconUrl: `chrome-extension://${RUNTIME}/extension/icons/icon-128.png`, priority: 1,
      title: '7 days left to book your free retake of 70-298', message: 'The last day to book is 30 Jun 2008. Book your free retake of 70-298 by 30 Jun 2008.',
    }]);
  });

  it('a damaged history counts nothing on the badge', async () => {
    const browser = await start((b) => b.storage.local.set('history', { format: 'second-shot/history', version: 1, vouchers: 'none', attempts: [] }));
    browser.onStorageChanged.fire({ history: {} }, 'local');
    await vi.waitFor(() => expect(browser.badge.drawn).toBe(1), { timeout: WAIT_MS });
    expect(browser.badge).toMatchObject({ text: '', title: 'Second Shot: your vouchers' });
  });
});
