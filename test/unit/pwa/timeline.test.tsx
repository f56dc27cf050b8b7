import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { checkStatus } from '../../../shared/engine/evaluate.ts';
import { placeLabels, Timeline, timelineParts } from '../../../pwa/components/timeline.tsx';
import { example, loadShippedRules } from './support.tsx';

describe('timeline strip', () => {
  it('draws obtained, booked, taken, the wait, the retake window, the deadline and today in date order', async () => {
    const { ruleSet } = await loadShippedRules();
    const [status] = await checkStatus(ruleSet, example, '2007-11-10');
    if (!status) throw new Error('no status');
    const { markers, bands } = timelineParts(status);
    expect(markers.map((m) => `${m.label} ${m.date}`)).toEqual(['Obtained 2007-10-01', 'Booked 2007-10-05', 'Taken 2007-11-10', 'Retake opens 2007-11-11', 'Deadline 2008-06-30']);
    expect(bands.map((b) => `${b.label} ${b.from}..${b.to}`)).toEqual(['wait 2007-11-10..2007-11-11', 'retake window 2007-11-11..2008-06-30']);
    const { container } = render(<Timeline status={status} today="2007-11-10" />);
    const circles = [...container.querySelectorAll('.marker circle')].map((c) => Number(c.getAttribute('cx')));
    expect(circles).toEqual([...circles].sort((a, b) => a - b));
    const today = container.querySelector('.today line');
    expect(Number(today?.getAttribute('x1'))).toBe(circles[2]);
  });

  it('points to today when it is past every date', async () => {
    const { ruleSet } = await loadShippedRules();
    const [status] = await checkStatus(ruleSet, example, '2026-11-26');
    if (!status) throw new Error('no status');
    const { getByText } = render(<Timeline status={status} today="2026-11-26" />);
    expect(getByText('Today 26 Nov 2026 →')).toBeTruthy();
  });
});

describe('timeline labels', () => {
  const markers = ['2007-11-06', '2007-11-07', '2007-11-08', '2007-11-09', '2007-11-09', '2008-06-30'].map((date, i) => ({
    date, label: ['Obtained', 'Booked', 'Taken', 'Retake opens', 'Failed', 'Deadline'][i] ?? '', kind: 'event' as const, at: 16 + i * 12,
  }));

  it('never share a row with a label they would overlap, however close their dates, and stay inside the strip', () => {
    const width = 358;
    const placed = placeLabels(markers, width);
    const extent = (m: (typeof placed)[number]): [number, number] => {
      const w = Math.max(m.label.length, 11) * 7;
      return m.anchor === 'start' ? [m.at, m.at + w] : m.anchor === 'end' ? [m.at - w, m.at] : [m.at - w / 2, m.at + w / 2];
    };
    for (const [i, a] of placed.entries()) {
      const [al, ar] = extent(a);
      expect(al).toBeGreaterThanOrEqual(0);
      expect(ar).toBeLessThanOrEqual(width);
      for (const b of placed.slice(i + 1)) {
        if (a.row !== b.row) continue;
        const [bl, br] = extent(b);
        expect(ar <= bl || br <= al, `${a.label} / ${b.label}`).toBe(true);
      }
    }
  });

  it('share a row when far enough apart', () => {
    const far = placeLabels([{ ...markers[0]!, at: 40 }, { ...markers[5]!, at: 300 }], 358);
    expect(far.map((m) => m.row)).toEqual([0, 0]);
  });
});
