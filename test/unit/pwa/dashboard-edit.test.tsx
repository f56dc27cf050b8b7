// An edit on the dashboard changes the card it is about and nothing else: the other cards keep
// their statuses on screen (none says "checking…" again) and are not drawn again.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt, History, Voucher } from '../../../shared/history/format.ts';
import { renderApp } from './support.tsx';

afterEach(cleanup);

const vouchers: Voucher[] = Array.from({ length: 6 }, (_, n) => ({ id: `v${n + 1}`, code: `SS07-EDIT-000${n + 1}`, offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }));
const attempts: Attempt[] = vouchers.map((voucher, n) => ({
  id: `a${n + 1}`, voucher: voucher.id, exam: `70-29${n}`, provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-01', result: 'fail',
}));
const history: History = { format: 'second-shot/history', version: 1, vouchers, attempts };

const cardOf = (code: string): HTMLElement => {
  const card = screen.getByRole('heading', { name: new RegExp(code) }).closest('article');
  if (!(card instanceof HTMLElement)) throw new Error(`no card for ${code}`);
  return card;
};

describe('an edit on the dashboard', () => {
  it('redraws only the card it changes; the others keep their statuses and their elements', async () => {
    await renderApp({ history, today: '2007-11-10' });
    await waitFor(() => expect(screen.getAllByText('Free retake available')).toHaveLength(6));
    const others = vouchers.slice(1).map((v) => cardOf(v.code));
    const touched = new Set<Node>();
    let checking = false;
    const observer = new MutationObserver((records) => {
      for (const record of records) touched.add(record.target);
      if (document.body.textContent?.includes('checking…')) checking = true;
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });

    fireEvent.click(within(cardOf('SS07-EDIT-0001')).getByRole('button', { name: /^Delete 70-290 attempt/ }));
    await waitFor(() => expect(within(cardOf('SS07-EDIT-0001')).getByText('Not used yet')).toBeTruthy());
    observer.disconnect();

    expect(checking).toBe(false);
    expect(screen.getAllByText('Free retake available')).toHaveLength(5);
    // The same elements, with nothing inside them changed.
    expect(vouchers.slice(1).map((v) => cardOf(v.code))).toEqual(others);
    for (const card of others) expect([...touched].filter((node) => card.contains(node))).toEqual([]);
  });
});
