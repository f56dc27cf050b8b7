// Card actions that Chromium's tests do not reach: the result buttons only once the exam's day
// has come, and a clipboard the browser refuses.
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { example, renderApp } from './support.tsx';

afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

describe('voucher card actions', () => {
  it('offers Passed / Failed for an exam whose day has come, not for one still ahead', async () => {
    const history = {
      ...example,
      attempts: [
        { id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'scheduled' as const },
        { id: 'a2', voucher: 'v2', exam: '70-290', provider: 'prometric', bookedOn: '2007-10-25', takenOn: '2007-11-11', result: 'scheduled' as const },
      ],
    };
    await renderApp({ history, today: '2007-11-10' });
    expect(await screen.findByRole('group', { name: 'Result of 70-298 on 10 Nov 2007' })).toBeTruthy();
    await screen.findByText('Take 70-290 on 11 Nov 2007.');
    expect(screen.queryByRole('group', { name: 'Result of 70-290 on 11 Nov 2007' })).toBeNull();
  });

  it('says how to copy the code when the browser refuses the clipboard', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }, configurable: true });
    await renderApp({ history: example, today: '2007-11-10' });
    const card = (await screen.findByRole('button', { name: 'Copy code SS07-WXYZ-9876' })).closest('article') as HTMLElement;
    fireEvent.click(within(card).getByRole('button', { name: 'Copy code SS07-WXYZ-9876' }));
    expect(await within(card).findByText('This browser did not allow copying: select the code above and copy it.')).toBeTruthy();
  });

  it('shows a voucher of an offer this version does not know in words, its id only under the managers\' details', async () => {
    const history = { ...example, vouchers: [{ id: 'v1', code: 'SS99-ABCD-1234', offer: 'ms-second-shot-2099', obtainedOn: '2007-10-01' }], attempts: [] };
    await renderApp({ history, today: '2007-11-10' });
    const card = (await screen.findByText('An offer this version of Second Shot does not know')).closest('article') as HTMLElement;
    const details = within(card).getByText('Details for program managers').closest('details') as HTMLElement;
    expect(within(details).getByText('ms-second-shot-2099')).toBeTruthy();
    details.remove();
    expect(card.textContent).not.toContain('ms-second-shot-2099');
  });
});
