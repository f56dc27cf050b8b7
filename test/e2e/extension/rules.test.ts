/// <reference types="chrome" />
// The extension takes the offer rules the linked PWA publishes (a copy of the built
// dist/pwa/rules served at http://localhost:4173 through route()), validated as the PWA
// validates them: a changed file changes the hint on a booking page, a broken file is
// named in options with its pointer and reason while its last good version still answers.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { history, PROMETRIC, restartServiceWorker, seed, type Session, startSession, waitForHint } from './support.ts';

const PWA = 'http://localhost:4173';
const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const FAILED_298 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };
const OFFER_2007 = 'rules/offers/ms-second-shot-2007.json';

let session: Session;
let published: string;
let shipped2007: string;

/** Publishes the 2007 offer with another retakeBy, as a program manager would replace the file. */
function publish2007(retakeBy: string): void {
  writeFileSync(join(published, OFFER_2007), shipped2007.replace('"retakeBy": "2008-06-30"', `"retakeBy": "${retakeBy}"`));
}

async function payment(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`${PROMETRIC}/Payment.aspx`);
  return page;
}

async function options(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/extension/options/index.html`);
  await page.getByRole('heading', { name: 'Offer rules' }).waitFor();
  return page;
}

const inForce = (page: Page): Promise<string[]> => page.getByRole('list', { name: 'Offer files in force' }).getByRole('listitem').allInnerTexts();

beforeAll(async () => {
  published = mkdtempSync(join(tmpdir(), 'second-shot-published-'));
  cpSync(join(ROOT, 'dist', 'pwa', 'rules'), join(published, 'rules'), { recursive: true });
  shipped2007 = readFileSync(join(published, OFFER_2007), 'utf8');
  session = await startSession();
  await seed(session, history([V1], [FAILED_298]), '2007-11-11');
  session.vars = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
});
afterAll(async () => {
  await session?.close();
  rmSync(published, { recursive: true, force: true });
});

describe('offer rules published by the PWA', () => {
  it('a changed offer file changes the hint once the rules are refreshed', async () => {
    const before = await payment();
    expect((await waitForHint(before)).title).toBe('Covered (free retake): use voucher SS07-ABCD-1234');
    await before.close();
    const bundled = await options();
    expect(await bundled.getByRole('list', { name: 'Your vouchers' }).innerText()).toContain('Book your free retake of 70-298 by 30 Jun 2008.');
    await bundled.close();

    session.folders.set(PWA, published);
    publish2007('2007-11-10');
    const page = await options();
    await page.getByRole('button', { name: 'Refresh rules' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Rules result' }).innerText())
      .toBe(`Rules refreshed from ${PWA}/rules/index.json: 5 offer files in force.`);
    await expect.poll(() => inForce(page)).toContain(`${OFFER_2007}: as published`);
    // The vouchers' statuses follow the same rules.
    await expect.poll(() => page.getByRole('list', { name: 'Your vouchers' }).innerText()).toContain('No free retake of 70-298: Second Shot 2007–2008 ended on 10 Nov 2007');

    const after = await payment();
    const hint = await waitForHint(after);
    expect(hint.title).toBe('Not covered: 70-298');
    expect(hint.text).toContain('ended on 10 Nov 2007');
    expect(hint.button).toBeNull();
    await Promise.all([page.close(), after.close()]);
  });

  it('a broken file is refused and named in options; its last good version still answers', async () => {
    publish2007('2008-06-31');
    const page = await options();
    await page.getByRole('button', { name: 'Refresh rules' }).click();
    const refused = page.getByRole('alert', { name: 'Refused rule files' });
    await expect.poll(() => refused.innerText()).toContain(`${OFFER_2007} at /parameters/retakeBy:`);
    expect(await refused.innerText()).toContain('2008-06-31');
    await expect.poll(() => inForce(page)).toContain(`${OFFER_2007}: last good version (the published one was refused)`);

    const booking = await payment();
    const hint = await waitForHint(booking);
    expect(hint.title).toBe('Not covered: 70-298');
    expect(hint.text).toContain('ended on 10 Nov 2007');
    await Promise.all([page.close(), booking.close()]);
  });

  it('linking with the app takes its rules', async () => {
    publish2007('2007-12-31');
    const page = await options();
    await page.getByRole('button', { name: `Link with ${PWA}` }).click();
    await expect.poll(() => inForce(page)).toContain(`${OFFER_2007}: as published`);
    expect(await page.getByRole('alert', { name: 'Refused rule files' }).count()).toBe(0);

    const booking = await payment();
    const hint = await waitForHint(booking, (h) => h.button !== null);
    expect(hint.title).toBe('Covered (free retake): use voucher SS07-ABCD-1234');
    expect(hint.text).toContain('by 31 Dec 2007');
    await Promise.all([page.close(), booking.close()]);
  });

  it('a rules URL set in options is where the rules come from', async () => {
    const alternative = join(published, 'alt');
    cpSync(join(published, 'rules'), alternative, { recursive: true });
    writeFileSync(join(alternative, 'offers', 'ms-second-shot-2007.json'), shipped2007.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2007-11-20"'));
    const page = await options();
    const field = page.getByLabel('Rules URL (leave empty to use the app\'s published rules)');
    const result = page.getByRole('alert', { name: 'Rules result' });

    await field.fill('http://rules.example.org/index.json');
    await page.getByRole('button', { name: 'Save rules URL' }).click();
    await expect.poll(() => result.innerText()).toBe('rules must be served over https (or http on localhost)');

    await field.fill(`${PWA}/alt/index.json`);
    await page.getByRole('button', { name: 'Save rules URL' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Rules result' }).innerText())
      .toBe(`Rules refreshed from ${PWA}/alt/index.json: 5 offer files in force.`);
    const booking = await payment();
    expect((await waitForHint(booking, (h) => h.button !== null)).text).toContain('by 20 Nov 2007');
    await booking.close();

    // Emptied: the app's own published rules again.
    await field.fill('');
    await page.getByRole('button', { name: 'Save rules URL' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Rules result' }).innerText())
      .toBe(`Rules refreshed from ${PWA}/rules/index.json: 5 offer files in force.`);
    const again = await payment();
    expect((await waitForHint(again, (h) => h.button !== null)).text).toContain('by 31 Dec 2007');
    await Promise.all([page.close(), again.close()]);
  });

  it('the service worker, on waking, refreshes only when the last try is a day old', async () => {
    publish2007('2007-12-15');
    const triedAt = (): Promise<number> => session.worker.evaluate(async () => ((await chrome.storage.local.get('publishedRules'))['publishedRules'] as { triedAt: number }).triedAt);
    const wake = async (): Promise<void> => {
      await session.worker.evaluate(() => { Object.assign(self, { beforeTheStop: true }); });
      await restartServiceWorker(session);
      expect(await session.worker.evaluate(() => 'beforeTheStop' in self)).toBe(false);
    };
    const tried = await triedAt();
    await wake();
    const quiet = await payment();
    expect((await waitForHint(quiet, (h) => h.button !== null)).text).toContain('by 31 Dec 2007');
    await quiet.close();
    expect(await triedAt()).toBe(tried);

    await session.worker.evaluate(async () => {
      const state = (await chrome.storage.local.get('publishedRules'))['publishedRules'] as { triedAt: number };
      await chrome.storage.local.set({ publishedRules: { ...state, triedAt: state.triedAt - 24 * 60 * 60 * 1000 } });
    });
    await wake();
    await expect.poll(triedAt).toBeGreaterThan(tried);
    const booking = await payment();
    expect((await waitForHint(booking, (h) => h.button !== null)).text).toContain('by 15 Dec 2007');
    await booking.close();
  });
});
