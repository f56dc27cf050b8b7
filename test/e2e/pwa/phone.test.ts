// On a 390 px phone screen in Chromium: the navigation fits one row, and no two timeline
// labels overlap (their drawn bounding boxes are compared).
import { describe, expect, it } from 'vitest';
import { FAILED_298_FILE, historyFile, importHistoryFile, useAppSession } from './support.ts';

const session = useAppSession();

/** Obtained, booked, taken and failed, and the retake opening, on four days in a row before today (10 Nov 2007). */
const CLOSE_DATES_FILE = historyFile('close.json', {
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-11-06' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-11-07', takenOn: '2007-11-08', result: 'fail' }],
});

interface Box { text: string; x: number; y: number; width: number; height: number }

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('on a phone', () => {
  it('the navigation fits one row of a 390 px screen', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.base}/`);
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await links.first().waitFor();
    const boxes = await links.evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes).toHaveLength(4);
    for (const box of boxes) {
      expect(box.top).toBe(boxes[0]?.top);
      expect(box.right).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  /** The labels of the first timeline: none over another, none outside the strip. */
  async function expectLabelsApart(): Promise<void> {
    const { page } = session;
    const timeline = page.getByRole('img', { name: /^Timeline:/ }).first();
    await timeline.waitFor();
    const labels: Box[] = await timeline.evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', ...(t.getBoundingClientRect().toJSON() as DOMRect) })));
    expect(labels.length).toBeGreaterThan(4);
    const clashes = labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.text} / ${b.text}`));
    expect(clashes).toEqual([]);
    const svgBox = await timeline.boundingBox();
    if (!svgBox) throw new Error('the timeline is not drawn');
    for (const label of labels) {
      expect(label.x + label.width, label.text).toBeLessThanOrEqual(svgBox.x + svgBox.width + 0.5);
      expect(label.y, label.text).toBeGreaterThanOrEqual(svgBox.y - 0.5);
      expect(label.y + label.height, label.text).toBeLessThanOrEqual(svgBox.y + svgBox.height + 0.5);
    }
  }

  it.each([
    ['the seed history', FAILED_298_FILE],
    ['dates a day apart', CLOSE_DATES_FILE],
  ])('no two timeline labels overlap at 390 px: %s', async (_name, file) => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await importHistoryFile(page, session.base, file);
    await expectLabelsApart();
  });

  it('nor when the device draws text larger than designed (a minimum font size, larger text)', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const larger = document.createElement('style');
        larger.textContent = '.timeline, .timeline text { font-size: 19px !important; }';
        document.head.append(larger);
      });
    });
    await importHistoryFile(page, session.base, CLOSE_DATES_FILE);
    await expectLabelsApart();
  });
});
