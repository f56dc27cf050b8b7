// Publishing rules without a rebuild: the served app reads /rules/index.json and the offer
// files at run time. A new or changed file is used after a reload (and offline after that);
// a broken one is refused with the reason while its last good version stays in force.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, untilOfflineReady, useAppSession } from './support.ts';

const session = useAppSession();
const published = (path: string): string => join(session.folder, 'rules', path);

describe('rules published as files', () => {
  it('uses a new offer file after a reload, refuses a broken one with the reason, and works offline', async () => {
    const { context, page } = session;
    await page.goto(`${session.base}/offers`);
    await page.getByRole('heading', { name: 'Microsoft Second Shot, 2015' }).waitFor();
    await untilOfflineReady(page);

    // A program manager publishes next year's round: one new file, listed in the index.
    const round = JSON.parse(readFileSync(published('offers/ms-second-shot-2015.json'), 'utf8')) as { id: string; title: string };
    writeFileSync(published('offers/ms-second-shot-2016.json'), JSON.stringify({ ...round, id: 'ms-second-shot-2016', title: 'Microsoft Second Shot, 2016' }, null, 2));
    const index = JSON.parse(readFileSync(published('index.json'), 'utf8')) as { files: string[] };
    writeFileSync(published('index.json'), JSON.stringify({ files: [...index.files, 'offers/ms-second-shot-2016.json'] }));
    await page.reload();
    await page.getByRole('heading', { name: 'Microsoft Second Shot, 2016' }).waitFor();

    // A mistake in a published file: refused, said where and why; the last good version stays.
    const file = published('offers/ms-second-shot-2007.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-06-31"'));
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'Some published rule files were refused' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('rules/offers/ms-second-shot-2007.json#/parameters/retakeBy');
    expect(await alert.textContent()).toContain('The last good version of Microsoft Second Shot, 2007–2008 stays in force.');
    expect(await page.getByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'offers with a refused file');

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Microsoft Second Shot, 2016' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' }).isVisible()).toBe(true);
  });
});
