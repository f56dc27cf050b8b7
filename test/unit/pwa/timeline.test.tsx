import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { checkStatus } from '../../../shared/engine/evaluate.ts';
import { Timeline, timelineParts } from '../../../pwa/components/timeline.tsx';
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
