// The rule workbench in Chromium, as a program manager uses it: open a published file in the
// CodeMirror editor, make a mistake and find it in the gutter at its line, go to it from the
// problem list, type a syntax error there, fix the file, read the diff with the published
// file, preview the impact in words, export; reload and find the draft; try a past offer on a
// history as of a date in its round; and leave with a draft that could not be kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../../../cli/rules-on-disk.ts';
import { formatDate } from '../../../shared/dates.ts';
import { generateCorpus, previewImpact, summarizeImpact } from '../../../shared/engine/impact.ts';
import { loadRuleSet } from '../../../shared/engine/ruleset.ts';
import { serializeHistory } from '../../../shared/history/format.ts';
import { WAIT_MS } from '../../support/patience.ts';
import { downloadOf, expectNoAxeViolations, FAILED_298_FILE, useAppSession } from './support.ts';

const session = useAppSession();

/** The lines whose gutter shows a lint marker of this severity (among the lines on screen). */
function markedLines(page: Page, severity: 'error' | 'warning'): Promise<number[]> {
  return page.evaluate((kind) => {
    const numbers = [...document.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement')];
    return [...document.querySelectorAll<HTMLElement>(`.cm-gutter-lint .cm-lint-marker-${kind}`)].map((marker) => {
      const top = (marker.closest('.cm-gutterElement') ?? marker).getBoundingClientRect().top;
      const line = numbers.find((n) => Math.abs(n.getBoundingClientRect().top - top) < 2 && n.style.visibility !== 'hidden');
      return Number(line?.textContent ?? Number.NaN);
    });
  }, severity);
}

/** The line number of the line the cursor is on. */
function cursorLine(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('.cm-lineNumbers .cm-activeLineGutter')?.textContent ?? Number.NaN));
}

/** Records the scripts a page requests; `withCodeMirror()` names those that contain CodeMirror's editor. */
function scriptsOf(page: Page, base: string): { withCodeMirror: () => Promise<string[]> } {
  const requested = new Set<string>();
  page.on('request', (request) => {
    if (request.resourceType() === 'script') requested.add(new URL(request.url()).pathname);
  });
  return {
    async withCodeMirror() {
      const found: string[] = [];
      for (const path of requested) {
        if ((await (await fetch(new URL(path, base))).text()).includes('cm-gutters')) found.push(path);
      }
      return found;
    },
  };
}

describe('rule workbench', () => {
  it('shows a mistake in the gutter at its line and goes to it; typing an error there moves the gutter with it', async () => {
    const { page } = session;
    const original = readFileSync(join(session.folder, 'rules', 'offers', 'ms-second-shot-2007.json'), 'utf8');
    const factLine = original.split('\n').findIndex((l) => l.includes('"fact": "daysSinceLastFailure"')) + 1;

    // The candidate's screens never load the editor; the workbench does.
    const scripts = scriptsOf(page, session.base);
    await page.goto(`${session.base}/offers`);
    await page.getByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' }).waitFor();
    expect(await scripts.withCodeMirror()).toEqual([]);
    await page.getByRole('link', { name: 'Rule workbench' }).click();
    await page.getByLabel('Start from a published file').selectOption('rules/offers/ms-second-shot-2007.json');
    await page.getByText(/^rules\/offers\/ms-second-shot-2007\.json is valid; all \d+ worked examples pass/).waitFor();
    expect(await scripts.withCodeMirror()).toHaveLength(1);
    await page.getByText('The draft is the same as the published rules/offers/ms-second-shot-2007.json.').waitFor();

    // A misspelt fact far down the file: in the list and in the gutter, at its own line.
    const editor = page.getByRole('textbox', { name: /^Rule file \(JSON\)/ });
    await editor.fill(original.replace('"fact": "daysSinceLastFailure"', '"fact": "daysSinceFial"'));
    const problem = page.getByRole('button', { name: new RegExp(`^Line ${factLine}, column \\d+$`) });
    await problem.waitFor();
    expect(await page.locator('ul.problems li').first().textContent()).toMatch(/rules\/offers\/ms-second-shot-2007\.json#\/rules\/\d+\/conditions\/all\/\d+\/fact: unknown fact `daysSinceFial` \(did you mean `daysSinceLastFailure`\?\)/);
    await expectNoAxeViolations(page, 'workbench with an error');
    await problem.click();
    expect(await cursorLine(page)).toBe(factLine);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    await expect.poll(() => markedLines(page, 'error')).toEqual([factLine]);

    // Typing where the cursor is breaks the JSON on that line: the gutter follows.
    await page.keyboard.type('x');
    const syntax = page.getByRole('button', { name: new RegExp(`^Line ${factLine}, column \\d+$`) });
    await page.getByText(/is not valid JSON/).waitFor();
    expect(await syntax.count()).toBe(1);
    await expect.poll(() => markedLines(page, 'error')).toEqual([factLine]);
  });

  it('shows the diff with the published file, previews the impact in words, exports, and keeps the draft over a reload', async () => {
    const { page } = session;
    const original = readFileSync(join(session.folder, 'rules', 'offers', 'ms-second-shot-2007.json'), 'utf8');
    await page.goto(`${session.base}/workbench`);
    const editor = page.getByRole('textbox', { name: /^Rule file \(JSON\)/ });
    await editor.waitFor();
    // The offer ends a month earlier: valid, but the answers change.
    await editor.fill(original.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-05-31"'));
    await page.getByText('The rules in plain English').waitFor();
    await page.getByText('Against the published rules/offers/ms-second-shot-2007.json: 1 line removed, 1 line added.').waitFor();
    expect(await page.locator('.diff del').textContent()).toContain('"retakeBy": "2008-06-30",');
    expect(await page.locator('.diff ins').textContent()).toContain('"retakeBy": "2008-05-31",');
    expect(await page.locator('ul.examples .result-pass').count()).toBeGreaterThan(0);
    // The bookings in a history file join the generated corpus.
    await page.getByLabel('Add a history file (optional)').setInputFiles(FAILED_298_FILE);
    await page.getByText('mine.json: 1 booking with a voucher of ms-second-shot-2007 is added.').waitFor();
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    const summary = page.getByText(/^\d[\d,]* of 1,001 histories change: /);
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/from covered as the retake to not covered \(offer ended\)/);
    expect(await summary.textContent()).not.toMatch(/[a-z]+-[a-z]+/);
    await expectNoAxeViolations(page, 'workbench with a diff and an impact preview');

    const exported = await downloadOf(page, () => page.getByRole('button', { name: 'Export ms-second-shot-2007.json' }).click());
    expect(exported.name).toBe('ms-second-shot-2007.json');
    expect(JSON.parse(exported.text)).toMatchObject({ id: 'ms-second-shot-2007', parameters: { retakeBy: '2008-05-31' } });

    // The draft is kept in this browser: a reload brings it back, diff and all.
    await page.getByText(/^Draft kept in this browser/).waitFor();
    await page.reload();
    await page.getByText(/^Your draft, kept in this browser on .*, is back\.$/).waitFor();
    await page.getByText('Against the published rules/offers/ms-second-shot-2007.json: 1 line removed, 1 line added.').waitFor();
  });

  it('previews 10,000 histories split across the cores, with the answers of one run and examples from the whole corpus', async () => {
    const { page } = session;
    const edit = (text: string): string => text.replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-01-31"');
    await page.goto(`${session.base}/workbench`);
    const editor = page.getByRole('textbox', { name: /^Rule file \(JSON\)/ });
    await editor.waitFor();
    await editor.fill(edit(readFileSync(join(session.folder, 'rules', 'offers', 'ms-second-shot-2007.json'), 'utf8')));
    await page.getByText('The rules in plain English').waitFor();
    await page.getByLabel('Histories').selectOption('10000');
    await page.getByRole('button', { name: 'Preview the impact' }).click();
    const summary = page.getByText(/^\d[\d,]* of 10,000 histories change: /);
    // 20,000 answers: at a load of 50 on two cores they took longer than Playwright's 30 s default.
    await summary.waitFor({ timeout: 8 * WAIT_MS });
    // The same cases asked in one run, here: every slice counted once, none lost or asked twice.
    const files = readRuleFiles();
    const published = loadRuleSet(files).ruleSet;
    const corpus = generateCorpus(published.get('ms-second-shot-2007')!.spec, 10_000);
    const report = await previewImpact(published, loadRuleSet(files.map((f) => (f.file.endsWith('ms-second-shot-2007.json') ? { ...f, text: edit(f.text) } : f))).ruleSet, corpus);
    expect(await summary.textContent()).toBe(summarizeImpact(report));
    // Each change's examples are the corpus's cases at the places named.
    const last = report.changes.at(-1)!;
    await page.getByText(`${last.count.toLocaleString('en-US')} from ${last.from} to ${last.to}`, { exact: true }).click();
    for (const index of last.examples) {
      const item = corpus[index]!;
      await page.getByText(`Generated history #${index + 1}: voucher obtained ${formatDate(item.history.vouchers[0]!.obtainedOn)};`).waitFor();
      expect(await page.getByText(`Generated history #${index + 1}:`).textContent()).toContain(`booking ${item.question.exam} at ${item.question.provider} on ${formatDate(item.question.on)}.`);
    }
  });

  it('tries a past offer on a history as of a date in its round, not only today', async () => {
    const { page } = session;
    const history = {
      name: 'friend-2006.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializeHistory({
        format: 'second-shot/history',
        version: 1,
        vouchers: [{ id: 'v1', code: 'SS06-ABCD-1234', offer: 'ms-second-shot-2006', obtainedOn: '2006-03-01' }],
        attempts: [{ id: 'a1', voucher: 'v1', exam: '70-431', provider: 'prometric', bookedOn: '2006-05-20', takenOn: '2006-06-10', result: 'fail' }],
      })),
    };
    await page.goto(`${session.base}/workbench`);
    await page.getByLabel('Start from a published file').selectOption('rules/offers/ms-second-shot-2006.json');
    await page.getByText(/^rules\/offers\/ms-second-shot-2006\.json is valid/).waitFor();
    await page.getByLabel('A history file (otherwise your own vouchers)').setInputFiles(history);
    // Today (10 Nov 2007) the 2006 round is long over.
    await page.getByText('Vouchers of ms-second-shot-2006 in friend-2006.json, as of 10 Nov 2007:').waitFor();
    const row = page.locator('li', { hasText: /^SS06-ABCD-1234: / });
    expect(await row.textContent()).toMatch(/unchanged — No free retake of 70-431/);

    await page.getByLabel('As of').fill('2006-06-20');
    await page.getByText('Vouchers of ms-second-shot-2006 in friend-2006.json, as of 20 Jun 2006:').waitFor();
    expect(await row.textContent()).toMatch(/unchanged — Book your free retake of 70-431 by 31 Jul 2006 and take it by 31 Jul 2006\./);
  });

  it('asks before leaving when the draft could not be kept in this browser', async () => {
    const { page } = session;
    // Storage refused for the workbench (a private window, a full disk).
    await page.addInitScript(() => {
      const open = indexedDB.open.bind(indexedDB);
      indexedDB.open = (name: string, version?: number) => {
        if (name === 'second-shot-workbench') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return open(name, version);
      };
    });
    const dialogs: string[] = [];
    let stay = true;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void (stay ? dialog.dismiss() : dialog.accept());
    });
    await page.goto(`${session.base}/workbench`);
    await page.getByRole('textbox', { name: /^Rule file \(JSON\)/ }).fill('{ "id": "ms-second-shot-2009" }');
    await page.getByText(/^This draft could not be kept in this browser .*: export it before you leave\.$/).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).click();
    expect(dialogs).toEqual(['confirm']);
    expect(new URL(page.url()).pathname).toBe('/workbench');
    await page.getByRole('heading', { name: 'Rule workbench' }).waitFor();

    stay = false;
    await page.reload();
    expect(dialogs).toEqual(['confirm', 'beforeunload']);
  });
});
