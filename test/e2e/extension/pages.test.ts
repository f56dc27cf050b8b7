/// <reference types="chrome" />
// The popup and the options page of the built extension: vouchers with status and next
// step; import (validated completely, a bad file changes nothing and says exactly why) and
// export of the history file.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../pwa/support.ts';
import { history, seed, type Session, startSession, storedHistory } from './support.ts';

// Extension pages allow only their own scripts: axe goes in through DevTools instead.
const AXE = readFileSync(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const V2 = { id: 'v2', code: 'SS07-WXYZ-9876', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-20' };
const A1 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  await session?.close();
});

const pageUrl = (name: 'popup' | 'options'): string => `chrome-extension://${session.extensionId}/extension/${name}/index.html`;

describe('popup', () => {
  it('lists every voucher with its status in the app\'s words and its next step', async () => {
    await seed(session, history([V1, V2], [A1]), '2007-11-10');
    const page = await session.context.newPage();
    await page.goto(pageUrl('popup'));
    const items = page.getByRole('list', { name: 'Your vouchers' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toContain('SS07-ABCD-1234');
    expect(await items.nth(0).innerText()).toContain('Retake not open yet');
    expect(await items.nth(0).innerText()).toContain('Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.');
    expect(await items.nth(1).innerText()).toContain('Book your first exam with this voucher by 30 Jun 2008.');
    expect(await page.getByText('As of 10 Nov 2007 (set in the options) · 1 attempt recorded').count()).toBe(1);
    await page.evaluate(AXE);
    await expectNoAxeViolations(page, 'popup');
    await page.close();
  });
});

describe('options: the history file', () => {
  it('exports the history as the v1 file', async () => {
    await seed(session, history([V1], [A1]), '2007-11-11');
    const page = await session.context.newPage();
    await page.goto(pageUrl('options'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history' }).click()]);
    expect(download.suggestedFilename()).toBe('second-shot-history-2007-11-11.json');
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as unknown;
    expect(file).toEqual(history([V1], [A1]));
    await page.evaluate(AXE);
    await expectNoAxeViolations(page, 'options');
    await page.close();
  });

  it('imports a valid file, replacing the history, and the popup shows it', async () => {
    await seed(session, history([]), '2007-11-11');
    const page = await session.context.newPage();
    await page.goto(pageUrl('options'));
    await page.getByLabel(/Import a history file/).setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(history([V1, V2], [A1]))) });
    await expect.poll(() => page.getByRole('status', { name: 'Import result' }).innerText()).toBe('Imported backup.json: 2 vouchers, 1 attempt.');
    expect(await storedHistory(session)).toEqual(history([V1, V2], [A1]));
    await page.goto(pageUrl('popup'));
    await expect.poll(() => page.getByRole('list', { name: 'Your vouchers' }).getByRole('listitem').count()).toBe(2);
    await page.close();
  });

  it('refuses a bad file whole, names each problem with its place, and changes nothing', async () => {
    await seed(session, history([V1], [A1]), '2007-11-11');
    const page = await session.context.newPage();
    await page.goto(pageUrl('options'));
    const bad = history([{ ...V2, obtainedOn: '2007-02-30' }], [{ ...A1, id: 'a2', voucher: 'v9' }]);
    await page.getByLabel(/Import a history file/).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const alert = page.getByRole('alert', { name: 'Import result' });
    await expect.poll(() => alert.count()).toBe(1);
    const text = await alert.innerText();
    expect(text).toContain('broken.json was not imported; your history is unchanged.');
    expect(text).toContain('broken.json#/vouchers/0/obtainedOn: "obtainedOn" "2007-02-30" is not a day of 2007-02');
    expect(text).toMatch(/broken\.json#\/attempts\/0\/voucher: .*v9/);
    expect(await storedHistory(session)).toEqual(history([V1], [A1]));
    await page.getByLabel(/Import a history file/).setInputFiles({ name: 'notjson.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "second-shot/history",') });
    await expect.poll(() => alert.innerText()).toContain('notjson.json:1:34: is not valid JSON: expected a field name in double quotes: the text ends too early');
    expect(await storedHistory(session)).toEqual(history([V1], [A1]));
    await page.close();
  });

  it('the app address must be an exact origin', async () => {
    const page = await session.context.newPage();
    await page.goto(pageUrl('options'));
    await page.getByLabel('App address (origin)').fill('http://localhost:4173/app/');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect.poll(() => page.getByRole('alert', { name: 'Link result' }).innerText()).toBe('write only the origin, like http://localhost:4173: no path, no trailing slash');
    await page.getByLabel('App address (origin)').fill('http://pwa.example.org');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect.poll(() => page.getByRole('alert', { name: 'Link result' }).innerText()).toBe('the PWA must be served over https (or http on localhost)');
    expect(await session.worker.evaluate(async () => ((await chrome.storage.local.get('settings'))['settings'] as { pwaOrigin: string }).pwaOrigin)).toBe('http://localhost:4173');
    await page.close();
  });

  it('a date to check as of is validated and changes the statuses', async () => {
    await seed(session, history([V1], [A1]), '2007-11-10');
    const page = await session.context.newPage();
    await page.goto(pageUrl('options'));
    await page.getByLabel('Check as of', { exact: true }).fill('2007-11-11');
    await page.getByRole('button', { name: 'Save date' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Your vouchers' }).innerText()).toContain('Book your free retake of 70-298 by 30 Jun 2008');
    await page.close();
  });
});
