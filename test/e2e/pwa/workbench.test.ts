// The rule workbench in Chromium: open a published file, break a date and see the error on
// its line, fix it, see the worked examples pass and the rules in plain English, change a
// deadline and preview its impact in a worker with a progress bar, then export the file.
import { describe, expect, it } from 'vitest';
import { downloadOf, expectNoAxeViolations, FAILED_298_FILE, useAppSession } from './support.ts';

const session = useAppSession();

describe('rule workbench', () => {
  it('points at a broken date, passes the examples once fixed, previews the impact and exports', async () => {
    const { page } = session;
    await page.goto(`${session.base}/workbench`);
    await page.getByLabel('Start from a published file').selectOption('rules/offers/ms-second-shot-2007.json');
    const editor = page.getByLabel(/^Rule file \(JSON\)/);
    await page.getByText(/^rules\/offers\/ms-second-shot-2007\.json is valid; all \d+ worked examples pass/).waitFor();
    const original = await editor.inputValue();
    const line = original.split('\n').findIndex((l) => l.includes('"retakeBy": "2008-06-30"')) + 1;

    await editor.fill(original.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-06-31"'));
    const problem = page.getByRole('button', { name: new RegExp(`^Line ${line}, column \\d+$`) });
    await problem.waitFor();
    expect(await page.locator('ul.problems li').first().textContent()).toContain('rules/offers/ms-second-shot-2007.json#/parameters/retakeBy');
    await expectNoAxeViolations(page, 'workbench with an error');
    await problem.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('workbench-text');

    // The offer ends a month earlier: valid, but the answers change.
    await editor.fill(original.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-05-31"'));
    await page.getByText('The rules in plain English').waitFor();
    expect(await page.locator('ul.examples .result-pass').count()).toBeGreaterThan(0);
    expect(await page.locator('ul.rules li').first().textContent()).toMatch(/^(A free retake|The first exam|The booking)/);
    // The bookings in a history file join the generated corpus.
    await page.getByLabel('Add a history file (optional)').setInputFiles(FAILED_298_FILE);
    await page.getByText('mine.json: 1 booking with a voucher of ms-second-shot-2007 is added.').waitFor();
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    const summary = page.getByText(/^\d[\d,]* of 1,001 histories change: /);
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/from free-retake to not-eligible/);
    await expectNoAxeViolations(page, 'workbench with an impact preview');

    const exported = await downloadOf(page, () => page.getByRole('button', { name: 'Export ms-second-shot-2007.json' }).click());
    expect(exported.name).toBe('ms-second-shot-2007.json');
    expect(JSON.parse(exported.text)).toMatchObject({ id: 'ms-second-shot-2007', parameters: { retakeBy: '2008-05-31' } });
  });
});
