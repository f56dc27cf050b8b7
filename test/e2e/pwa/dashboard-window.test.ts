// A long dashboard in real Chromium: cards far below the screen are drawn compact (status and
// next step; no timeline, attempt list or buttons) and in full once scrolled to or focused; key
// dates are listed once opened. Nothing is timed here.
import { describe, expect, it } from 'vitest';
import { serializeHistory } from '../../../shared/history/format.ts';
import { importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession('2007-11-10T12:00:00Z');

const COUNT = 40;
const code = (n: number): string => `SS07-LONG-${String(n).padStart(4, '0')}`;
const LONG_FILE = {
  name: 'long.json',
  mimeType: 'application/json',
  buffer: Buffer.from(
    serializeHistory({
      format: 'second-shot/history',
      version: 1,
      vouchers: Array.from({ length: COUNT }, (_, n) => ({ id: `v${n}`, code: code(n), offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' })),
      attempts: Array.from({ length: COUNT }, (_, n) => ({ id: `a${n}`, voucher: `v${n}`, exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-01', result: 'fail' as const })),
    }),
  ),
};

describe('a long dashboard', () => {
  it('draws a far card compact, and in full when scrolled to', async () => {
    const { page } = session;
    await importHistoryFile(page, session.base, LONG_FILE);
    const last = page.getByRole('article', { name: new RegExp(code(COUNT - 1)) });
    await last.getByText('Free retake available').waitFor();
    // Its status and next step are there; its timeline, attempt list and buttons are not, yet.
    expect(await last.getByText(/^Book your free retake of 70-298/).count()).toBe(1);
    expect(await last.getByRole('img', { name: /^Timeline:/ }).count()).toBe(0);
    expect(await last.getByRole('list').count()).toBe(0);
    expect(await last.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('article', { name: new RegExp(code(0)) }).getByRole('img', { name: /^Timeline:/ }).count()).toBe(1);

    await last.scrollIntoViewIfNeeded();
    await last.getByRole('img', { name: /^Timeline:/ }).waitFor();
    expect(await last.getByRole('listitem').filter({ hasText: '70-298' }).count()).toBe(1);
    expect(await last.getByRole('button', { name: `Delete voucher ${code(COUNT - 1)}` }).count()).toBe(1);

    // Key dates are listed once opened.
    expect(await last.getByText('Retake booked by').count()).toBe(0);
    await last.getByText('Key dates').click();
    await last.getByText('Retake booked by').waitFor();
  });

  it('lets the keyboard reach a far card, which draws in full and keeps the focus', async () => {
    const { page } = session;
    await importHistoryFile(page, session.base, LONG_FILE);
    const card = page.getByRole('article', { name: new RegExp(code(COUNT - 2)) });
    await card.getByText('Free retake available').waitFor();
    expect(await card.getByRole('img', { name: /^Timeline:/ }).count()).toBe(0);
    // Tab from the last button of the card before it (focused without scrolling, as a screen reader's jump can).
    const before = page.getByRole('article', { name: new RegExp(code(COUNT - 3)) });
    await before.evaluate((article: HTMLElement) => article.focus({ preventScroll: true }));
    const lastButton = before.getByRole('button', { name: `Delete voucher ${code(COUNT - 3)}` });
    await lastButton.evaluate((button: HTMLElement) => button.focus({ preventScroll: true }));
    await page.keyboard.press('Tab');
    await card.getByRole('img', { name: /^Timeline:/ }).waitFor();
    expect(await card.evaluate((article) => article === document.activeElement)).toBe(true);
    // The next Tab goes on into the card's own links and buttons.
    await page.keyboard.press('Tab');
    expect(await card.evaluate((article) => article !== document.activeElement && article.contains(document.activeElement))).toBe(true);
  });

  it('draws an edit once: the card without the attempt, its new status and the notice together', async () => {
    const { page } = session;
    // Each voucher's exam its own, so that the edit changes one voucher's status only.
    const exams = ['70-290', '70-291', '70-292'];
    await importHistoryFile(page, session.base, {
      name: 'three.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializeHistory({
        format: 'second-shot/history',
        version: 1,
        vouchers: exams.map((_, n) => ({ id: `v${n}`, code: code(n), offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' })),
        attempts: exams.map((exam, n) => ({ id: `a${n}`, voucher: `v${n}`, exam, provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-01', result: 'fail' as const })),
      })),
    });
    await page.getByRole('article', { name: new RegExp(code(0)) }).getByText('Free retake available').waitFor();
    // What the page shows each time it changes, from the click until the notice is there.
    const drawn = (await page.evaluate(`new Promise((resolve) => {
      const card = document.querySelector('article.voucher');
      const states = [];
      const observer = new MutationObserver(() => {
        const banner = document.querySelector('.banner');
        states.push([card.querySelectorAll('ul.attempts li').length + ' attempts', card.textContent.includes('Free retake available') ? 'old status' : 'new status', banner ? 'notice' : 'no notice'].join(', '));
        if (banner) setTimeout(() => { observer.disconnect(); resolve(states); }, 500);
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      card.querySelector('ul.attempts button.danger').click();
    })`)) as string[];
    expect(new Set(drawn)).toEqual(new Set(['0 attempts, new status, notice']));
  });
});
