// The rules (json-rules-engine and the published files) load only when something needs them:
// a new device with nothing saved draws its dashboard without them, and loads them once for
// the first screen, example, record or link message that uses them.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { startLink } from '../../../pwa/link.ts';
import { navigate } from '../../../pwa/router.tsx';
import { linkMessage } from '../../../shared/link.ts';
import { example, renderApp } from './support.tsx';

afterEach(cleanup);

describe('rules loaded when needed', () => {
  it('draws a new device\'s empty dashboard without the rules; the first screen that uses them loads them, once', async () => {
    const { rulesLoads } = await renderApp();
    expect(await screen.findByRole('heading', { name: 'No vouchers yet' })).toBeTruthy();
    expect(rulesLoads()).toBe(0);
    act(() => navigate('/offers'));
    expect(await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2015' })).toBeTruthy();
    act(() => navigate('/check'));
    expect(await screen.findByRole('heading', { name: 'Can I book?' })).toBeTruthy();
    expect(rulesLoads()).toBe(1);
    // Nothing recorded has no status missing: the calendar can say there is nothing to export.
    act(() => navigate('/backup'));
    expect((await screen.findByRole('button', { name: 'Export calendar (.ics)' })).hasAttribute('disabled')).toBe(false);
  });

  it('loads them while the history is read on a device that used them before, and for any history with records', async () => {
    const before = await renderApp({ rulesUsedBefore: true });
    await screen.findByRole('heading', { name: 'No vouchers yet' });
    expect(before.rulesLoads()).toBe(1);
    cleanup();
    const attemptsOnly = await renderApp({ history: { ...example, vouchers: [], attempts: example.attempts.map(({ voucher: _voucher, ...paid }) => paid) } });
    expect(await screen.findByRole('heading', { name: 'Attempts without a voucher' })).toBeTruthy();
    expect(attemptsOnly.rulesLoads()).toBe(1);
  });

  it('loads them on a click on "Try with an example", saying so, and shows the example', async () => {
    const { model, rulesLoads } = await renderApp();
    const button = await screen.findByRole('button', { name: 'Try with an example' });
    expect(button.hasAttribute('disabled')).toBe(false);
    fireEvent.click(button);
    expect(await screen.findByText('Loading the example…')).toBeTruthy();
    await screen.findByRole('region', { name: 'Example' });
    await waitFor(() => expect(model.state.history?.vouchers).toHaveLength(4));
    await waitFor(() => expect(model.state.statuses?.complete).toBe(true));
    expect(rulesLoads()).toBe(1);
    expect(screen.queryByText('Loading the example…')).toBeNull();
  });

  it('reads a message from the extension with the rules, loading them on a new device', async () => {
    const { model, rulesLoads } = await renderApp();
    const link = startLink(model, window);
    window.dispatchEvent(new MessageEvent('message', { data: linkMessage('linked', 'extension'), origin: location.origin, source: window }));
    await waitFor(() => expect(model.state.link).toBe('linked'));
    expect(rulesLoads()).toBe(1);
    link.stop();
    localStorage.clear();
  });

  it('loads nothing when a published file changes while the rules are not in use; reloads them once they are', async () => {
    const { model, rulesLoads } = await renderApp();
    await model.reloadRules();
    expect(rulesLoads()).toBe(0);
    expect(model.state.notice).toBeNull();
    act(() => navigate('/offers'));
    await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2015' });
    await model.reloadRules();
    expect(rulesLoads()).toBe(2);
  });
});
