// Errors are announced (a live region that is always there) and the focus goes where the
// candidate must act next.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { example, renderApp } from './support.tsx';

afterEach(cleanup);

describe('announcements and focus', () => {
  it('"Can I book?" with no exam says so in its live region and puts the focus on the exam field', async () => {
    await renderApp({ history: example, path: '/check' });
    const live = (await screen.findAllByRole('alert')).find((region) => region.classList.contains('form-summary'));
    expect(live?.textContent).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(live?.textContent).toBe('One field needs attention before checking.'));
    expect(document.activeElement).toBe(screen.getByLabelText('Exam'));
    expect(screen.getByText('Enter the exam code, e.g. 70-298.')).toBeTruthy();
  });

  it('"Delete all" moves the focus to the safe answer, then to what happened', async () => {
    await renderApp({ history: example, path: '/backup' });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all data…' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep my data' })));
    fireEvent.click(screen.getByRole('button', { name: 'Keep my data' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete all data…' })));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all data…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete everything' }));
    const said = await screen.findByText('All vouchers and attempts were deleted from this device.');
    await waitFor(() => expect(document.activeElement).toBe(said));
  });
});
