// What a visit loads, in Chromium against the built app: a new visitor's empty dashboard is
// drawn without json-rules-engine or the rule files (the page's heaviest work while it loads),
// the candidate's screens' code comes while the page is idle, and the rules load with the first
// screen that uses them, or with the history on a device that used them before.
import { describe, expect, it } from 'vitest';
import { serializeHistory } from '../../../shared/history/format.ts';
import { importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession();

const isRules = (path: string): boolean => path.startsWith('/rules/') || /^\/assets\/(ruleset|evaluate)-[^/]+\.js$/.test(path);

describe('loading the app', () => {
  it('draws a new visitor\'s dashboard without the rules, and loads them when a screen uses them, or on the next visit', async () => {
    const { page, base } = session;
    // What the page itself asks for (through its service worker or not), by path.
    let asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    // The Backup screen's code is the last fetched while idle: by then the load is over.
    await expect.poll(() => asked.some((path) => /^\/assets\/backup-[^/]+\.js$/.test(path))).toBe(true);
    expect(asked.filter(isRules)).toEqual([]);
    // The page's icon is a PNG: an SVG one would be laid out on the main thread while the page loads.
    expect(await page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')].map((link) => link.type))).toEqual(['image/png']);

    await page.getByRole('link', { name: 'Offers' }).click();
    await page.getByRole('heading', { name: 'Microsoft Second Shot, 2015' }).waitFor();
    expect(asked).toContain('/rules/index.json');

    // The device has used the rules: the next visit loads them while the history is read.
    asked = [];
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'No vouchers yet' }).waitFor();
    await expect.poll(() => asked.includes('/rules/index.json')).toBe(true);
  });

  it("draws a dashboard of records without loading the locale's collator or formatters", async () => {
    const { page, base } = session;
    const exams = ['70-290', '70-291', '70-292', '70-293', '70-294', '70-295'];
    await importHistoryFile(page, base, {
      name: 'six.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializeHistory({
        format: 'second-shot/history',
        version: 1,
        vouchers: exams.map((_, n) => ({ id: `v${n}`, code: `SS07-INTL-000${n}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' })),
        attempts: exams.map((exam, n) => ({ id: `a${n}`, voucher: `v${n}`, exam, provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-01', result: 'fail' as const })),
      })),
    });
    // The first use of each loads locale data: tens of milliseconds in a new tab, before the cards show.
    await page.addInitScript(`
      window.localeWork = [];
      const note = (what) => window.localeWork.push(what);
      const compare = String.prototype.localeCompare;
      String.prototype.localeCompare = function (...args) { note('localeCompare'); return compare.apply(this, args); };
      for (const name of ['Collator', 'DateTimeFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter']) {
        Intl[name] = new Proxy(Intl[name], { construct: (target, args) => (note(name), Reflect.construct(target, args)), apply: (target, self, args) => (note(name), Reflect.apply(target, self, args)) });
      }
    `);
    await page.reload();
    // (The session's fixed clock replaces the page's performance timeline: no marks to wait for.)
    for (const n of exams.keys()) await page.getByRole('article', { name: new RegExp(`SS07-INTL-000${n}`) }).getByText('Free retake available').waitFor();
    expect(await page.evaluate('window.localeWork')).toEqual([]);
  });
});
