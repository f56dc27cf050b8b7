/// <reference types="chrome" />
// The link between the built PWA (dist/pwa, served at http://localhost:4173 through route())
// and the built extension: linked once by the user, vouchers and attempts flow both ways,
// a conflict keeps both records, and only well-formed messages from the PWA origin count.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { afterContentScripts, history, inContentScript, seed, type Session, startSession, storedHistory } from './support.ts';

const PWA = 'http://localhost:4173';
const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const A1 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };
const SHARED_ID_HERE = { id: 'v3', code: 'SS07-HERE-0001', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-03' };
const SHARED_ID_THERE = { id: 'v3', code: 'SS07-PWA0-0002', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-04' };
const SECRET = '5e'.repeat(32);
const V_PWA = { id: 'v-pwa', code: 'SS07-FROM-0PWA', offer: 'ms-second-shot-2007', obtainedOn: '2007-11-01' };

let session: Session;
beforeAll(async () => {
  session = await startSession();
  session.folders.set(PWA, join(ROOT, 'dist', 'pwa'));
});
afterAll(async () => {
  await session?.close();
});

async function importIntoPwa(page: Page, file: object, mode: 'merge' | 'replace'): Promise<void> {
  await page.goto(`${PWA}/backup`);
  // A file chosen before the offer rules are loaded is not read: the input is enabled once they are.
  await page.locator('#import-file:enabled').waitFor();
  await page.locator('#import-file').setInputFiles({ name: 'pwa.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator(`input[name=import-mode][value=${mode}]`).check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

describe('linking the PWA and the extension', () => {
  it('the bridge runs on the configured PWA origin only', async () => {
    // Registered by the service worker when the extension is installed.
    await expect.poll(() => session.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.matches)))
      .toEqual([[`${PWA}/*`]]);
  });

  it('the user links once; records then flow both ways and a conflict keeps both', async () => {
    await seed(session, history([V1, SHARED_ID_HERE], [A1]), '2007-11-11');
    const pwa = await session.context.newPage();
    await importIntoPwa(pwa, history([SHARED_ID_THERE]), 'replace');
    await expect.poll(() => pwa.getByRole('status').allInnerTexts()).toContainEqual(expect.stringMatching(/Imported|import/i));

    // The PWA asks; nothing is shared until the user agrees in the extension.
    await pwa.getByRole('button', { name: 'Link with the browser extension' }).click();
    await expect.poll(() => pwa.getByText('Waiting for the extension').count()).toBe(1);
    expect((await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1', 'v3']);

    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/extension/popup/index.html`);
    await popup.getByRole('button', { name: `Link with ${PWA}` }).click();
    await expect.poll(() => popup.getByText(`Linked with ${PWA}.`).count()).toBe(1);

    // Both sides now hold everything; the two v3 records are both kept.
    await expect.poll(() => pwa.getByText('Linked', { exact: true }).count()).toBe(1);
    await expect.poll(async () => (await storedHistory(session)).vouchers.map((v) => `${v.id} ${v.code}`)).toEqual([
      'v1 SS07-ABCD-1234', 'v3 SS07-HERE-0001', 'v3-2 SS07-PWA0-0002',
    ]);
    await pwa.goto(`${PWA}/`);
    for (const code of ['SS07-ABCD-1234', 'SS07-HERE-0001', 'SS07-PWA0-0002']) await expect.poll(() => pwa.getByText(code).count()).toBeGreaterThan(0);

    // A voucher entered in the PWA appears in the extension.
    await importIntoPwa(pwa, history([V_PWA]), 'merge');
    await expect.poll(async () => (await storedHistory(session)).vouchers.map((v) => v.id)).toContain('v-pwa');
    // The two sides settle: once both hold the same records, a merge changes nothing and
    // nothing more is sent, so no copy is renamed back and forth.
    await pwa.goto(`${PWA}/`);
    for (const code of ['SS07-ABCD-1234', 'SS07-HERE-0001', 'SS07-PWA0-0002', 'SS07-FROM-0PWA']) await expect.poll(() => pwa.getByText(code).count()).toBeGreaterThan(0);
    expect((await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1', 'v3', 'v3-2', 'v-pwa']);

    const options = await session.context.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/extension/options/index.html`);
    await expect.poll(() => options.getByText('The PWA\'s voucher "v3" differed from this browser\'s: both kept, the PWA\'s as "v3-2".').count()).toBe(1);

    // One "today" for both: the date the extension checks as of is the app's too, and it says so.
    await options.getByLabel('Check as of', { exact: true }).fill('2007-11-20');
    await options.getByRole('button', { name: 'Save date' }).click();
    await expect.poll(() => pwa.getByText('Dates are checked as of 20 Nov 2007, the date set in the browser extension.').count()).toBe(1);
    await options.getByRole('button', { name: 'Use today' }).click();
    await expect.poll(() => pwa.getByText('Dates are checked as of today again, as in the browser extension.').count()).toBe(1);
    await Promise.all([pwa.close(), popup.close(), options.close()]);
  });

});

describe('what the extension accepts over the link', () => {
  // A fresh profile: the PWA's service worker from the tests above would answer every
  // navigation on its origin with the app itself.
  let probe: Session;
  beforeAll(async () => {
    probe = await startSession();
  });
  afterAll(async () => {
    await probe?.close();
  });

  it('refuses what does not come, well-formed, from the linked PWA origin', async () => {
    const session = probe;
    await expect.poll(() => session.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)).toBe(1);
    await seed(session, history([V1], [A1]), '2007-11-11');
    await session.worker.evaluate(() => chrome.storage.local.set({ link: { linkedOrigin: null, pairing: null, pending: null, conflicts: [], shared: [] } }));
    const post = (page: Page, message: unknown): Promise<void> => page.evaluate((m) => window.postMessage(m, location.origin), message);
    const relayed = async (page: Page): Promise<number> => ((await inContentScript(page, 'globalThis.secondShotLinkProgress?.relayed ?? -1')) as number | null) ?? -1;
    /** Posts a link message and waits until the bridge has the service worker's answer to it. */
    const postAndWait = async (page: Page, message: unknown): Promise<void> => {
      const before = await relayed(page);
      expect(before, 'the bridge runs on this page').toBeGreaterThanOrEqual(0);
      await post(page, message);
      await expect.poll(() => relayed(page)).toBeGreaterThan(before);
    };
    const stranger = history([V_PWA]);
    const page = await session.context.newPage();
    session.extra.set(`${PWA}/probe`, '<!DOCTYPE html><title>probe</title><p>probe</p>');
    await page.goto(`${PWA}/probe`);

    // Not linked: a history is ignored (checked once the service worker has answered it).
    await postAndWait(page, { channel: 'second-shot/link', version: 1, type: 'history', from: 'pwa', history: stranger });
    expect((await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1']);

    // Linked, but malformed: refused and reported, nothing merged.
    await session.worker.evaluate((pairing) => chrome.storage.local.set({ link: { linkedOrigin: 'http://localhost:4173', pairing, pending: null, conflicts: [], shared: [] } }), SECRET);
    await post(page, { channel: 'second-shot/link', version: 1, type: 'history', from: 'pwa', pairing: SECRET, history: { ...stranger, vouchers: [{ ...V_PWA, obtainedOn: 'yesterday' }] } });
    await expect.poll(() => session.worker.evaluate(async () => ((await chrome.storage.local.get('link'))['link'] as { conflicts: string[] }).conflicts))
      .toEqual([expect.stringMatching(/^Refused a message from http:\/\/localhost:4173: \/vouchers\/0\/obtainedOn: .*yesterday/)]);
    expect((await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1']);

    // Another origin has no bridge: its messages never reach the extension.
    session.extra.set('http://localhost:5173/', '<!DOCTYPE html><title>other</title>');
    const other = await session.context.newPage();
    await other.goto('http://localhost:5173/');
    await afterContentScripts(other);
    expect(await inContentScript(other, 'true')).toBeNull();
    await post(other, { channel: 'second-shot/link', version: 1, type: 'history', from: 'pwa', history: stranger });
    await other.close();
    expect((await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1']);

    // The linked origin, well-formed, but without the pairing secret (another app served at the
    // same address): its hello gets no history and asks the user again; its history is not merged.
    await page.goto(`${PWA}/probe`);
    await page.evaluate(() => {
      const seen: string[] = [];
      window.addEventListener('message', (event: MessageEvent<{ from?: string; type?: string }>) => {
        if (event.data?.from === 'extension') seen.push(String(event.data.type));
      });
      (window as unknown as { answers: string[] }).answers = seen;
    });
    await post(page, { channel: 'second-shot/link', version: 1, type: 'hello', from: 'pwa' });
    await expect.poll(() => session.worker.evaluate(async () => ((await chrome.storage.local.get('link'))['link'] as { pending: unknown }).pending)).not.toBeNull();
    await post(page, { channel: 'second-shot/link', version: 1, type: 'history', from: 'pwa', pairing: 'cd'.repeat(32), history: stranger });
    await post(page, { channel: 'second-shot/link', version: 1, type: 'hello', from: 'pwa', pairing: 'cd'.repeat(32) });
    await expect.poll(() => session.worker.evaluate(async () => ((await chrome.storage.local.get('link'))['link'] as { pending: { tabId: number } | null }).pending?.tabId)).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { answers: string[] }).answers)).toEqual([]);
    expect((await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1']);

    // The linked app, with its secret: its hello gets our history, its history is merged, and the options say what was shared.
    await post(page, { channel: 'second-shot/link', version: 1, type: 'hello', from: 'pwa', pairing: SECRET });
    await expect.poll(() => page.evaluate(() => (window as unknown as { answers: string[] }).answers)).toEqual(['linked', 'history']);
    await post(page, { channel: 'second-shot/link', version: 1, type: 'history', from: 'pwa', pairing: SECRET, history: stranger });
    await expect.poll(async () => (await storedHistory(session)).vouchers.map((v) => v.id)).toEqual(['v1', 'v-pwa']);
    const options = await session.context.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/extension/options/index.html`);
    await expect.poll(() => options.getByRole('list', { name: 'Shared with the app' }).innerText()).toMatch(/: your history: 1 voucher, 1 attempt, to http:\/\/localhost:4173/);
    await Promise.all([page.close(), options.close()]);
  });
});
