/// <reference types="chrome" />
// Site profiles are published data: a booking page that changed (its voucher field renamed
// past what the fallback cues can find) is fixed by publishing a corrected profile next to
// the app's rules, without rebuilding the extension; a broken update is refused, named in
// options, and the last good profile keeps working. Options show each profile's version and
// how often pages reported a missing voucher field or exam.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { clickHintButton, fixtureHtml, history, PROMETRIC, seed, type Session, startSession, waitForHint } from './support.ts';

const PWA = 'http://localhost:4173';
const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const FAILED_298 = { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' as const };
const PAYMENT = `${PROMETRIC}/Payment.aspx`;

let session: Session;
let published: string;
const shipped = JSON.parse(readFileSync(join(ROOT, 'rules/sites/prometric.json'), 'utf8')) as { find: Record<string, string[]> };

/** Publishes Prometric's profile with these changes, as a maintainer replaces the file on the app's server. */
function publishPrometric(changes: Record<string, unknown>): void {
  writeFileSync(join(published, 'rules', 'sites', 'prometric.json'), JSON.stringify({ ...shipped, ...changes }, null, 2));
}

async function renamedPayment(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(PAYMENT);
  return page;
}

async function refreshInOptions(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/extension/options/index.html`);
  await page.getByRole('button', { name: 'Refresh rules' }).click();
  await page.getByRole('status', { name: 'Rules result' }).or(page.getByRole('alert', { name: 'Rules result' })).waitFor();
  return page;
}

const profilesShown = (page: Page): Promise<string> => page.getByRole('list', { name: 'Site profiles in force' }).innerText();

beforeAll(async () => {
  published = mkdtempSync(join(tmpdir(), 'second-shot-sites-'));
  cpSync(join(ROOT, 'dist', 'pwa', 'rules'), join(published, 'rules'), { recursive: true });
  session = await startSession();
  await seed(session, history([V1], [FAILED_298]), '2007-11-11');
  session.vars = { exam: '070-298', title: 'Designing Security for a Microsoft Windows Server 2003 Network', dateLong: 'December 3, 2007' };
  session.extra.set(PAYMENT, fixtureHtml('variants/renamed-payment.html', session.vars));
  session.folders.set(PWA, published);
});
afterAll(async () => {
  await session?.close();
  rmSync(published, { recursive: true, force: true });
});

describe('published site profiles', () => {
  it('the app publishes the bundled profiles next to its rules', () => {
    const index = JSON.parse(readFileSync(join(published, 'rules', 'index.json'), 'utf8')) as { sites: string[] };
    expect(index.sites).toEqual(['sites/pearson-vue.json', 'sites/prometric.json']);
  });

  it('a changed booking page is fixed by a published profile, without a new extension', async () => {
    const before = await renamedPayment();
    const stale = await waitForHint(before);
    expect(stale.title).toBe('Covered (free retake): use voucher SS07-ABCD-1234');
    expect(stale.text).toContain('The voucher field is not on this page');
    expect(stale.button).toBeNull();
    await before.close();

    publishPrometric({ version: 2, find: { ...shipped.find, voucherField: ['input#authCode'], applyButton: ['#checkCode'] } });
    const options = await refreshInOptions();
    await expect.poll(() => profilesShown(options)).toContain('Prometric: profile version 2, as published.');
    // Dates one way on every page of ours: "30 Nov 2026, 05:12", never the browser's locale format.
    expect(await options.locator('main').innerText()).toMatch(/last checked \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d\d:\d\d\./);
    // The page's self-report before the fix is counted for the site.
    expect(await profilesShown(options)).toContain('Prometric: profile version 2, as published. Voucher field not found once; exam not found 0 times.');
    expect(await profilesShown(options)).toContain('Pearson VUE: profile version 1, as published.');

    const after = await renamedPayment();
    const fixed = await waitForHint(after, (h) => h.button?.label === 'Fill voucher');
    await clickHintButton(after, fixed);
    await expect.poll(() => after.inputValue('#authCode')).toBe('SS07-ABCD-1234');
    await Promise.all([options.close(), after.close()]);
  });

  it('a broken update is refused and named in options; the last good profile keeps the page working', async () => {
    publishPrometric({ version: 3, dateOrder: 'DDMMYY', find: { ...shipped.find, voucherField: ['input#authCode'] } });
    const options = await refreshInOptions();
    const refused = options.getByRole('alert', { name: 'Refused site profiles' });
    await expect.poll(() => refused.innerText()).toContain('rules/sites/prometric.json at /dateOrder: "dateOrder" must be one of MDY, DMY, YMD');
    expect(await options.getByRole('alert', { name: 'Rules result' }).innerText()).toContain('1 site profile refused: it keeps its last good version.');
    expect(await profilesShown(options)).toContain('Prometric: profile version 2, last good version (the published one was refused).');

    const page = await renamedPayment();
    expect((await waitForHint(page, (h) => h.button?.label === 'Fill voucher')).title).toBe('Covered (free retake): use voucher SS07-ABCD-1234');
    await Promise.all([options.close(), page.close()]);
  });

  it('a published profile may not reach a new origin: that needs a new release', async () => {
    publishPrometric({ version: 4, origins: ['https://www.prometric.com', 'https://prometric.example.net'] });
    const options = await refreshInOptions();
    await expect.poll(() => options.getByRole('alert', { name: 'Refused site profiles' }).innerText())
      .toContain('rules/sites/prometric.json at /origins/1: "https://prometric.example.net" is not an origin of Prometric in this extension release');
    expect(await profilesShown(options)).toContain('Prometric: profile version 2, last good version');
    await options.close();
  });
});
