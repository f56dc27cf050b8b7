// "Try with an example": the sample is a valid history whatever the day, shows the app's main
// situations while an offer is open, and is kept apart from the candidate's own data.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStatus } from '../../../shared/engine/evaluate.ts';
import { validateHistory } from '../../../shared/history/validate.ts';
import { exampleHistory } from '../../../pwa/example.ts';
import { navigate } from '../../../pwa/router.tsx';
import { startLink } from '../../../pwa/link.ts';
import { EXAMPLE_DB } from '../../../pwa/model.ts';
import { emptyHistory } from '../../../shared/history/format.ts';
import { LINK_CHANNEL, linkMessage, type LinkMessage } from '../../../shared/link.ts';
import { openHistoryStore } from '../../../pwa/storage/history-store.ts';
import { shippedRuleSet } from '../../support/rules.ts';
import { example, renderApp } from './support.tsx';

afterEach(cleanup);

const PROVIDERS = ['prometric', 'pearson-vue'];

describe('the sample history', () => {
  it.each(['1999-01-01', '2006-03-01', '2006-07-15', '2007-09-16', '2007-11-10', '2008-06-30', '2015-02-01', '2026-11-30'])('on %s is a valid history with no result before its exam and nothing before its offer', (today) => {
    const sample = exampleHistory(shippedRuleSet(), today, PROVIDERS);
    expect(sample).toBeDefined();
    if (!sample) return;
    expect(validateHistory(sample, shippedRuleSet())).toMatchObject({ ok: true });
    for (const attempt of sample.attempts) if (attempt.result !== 'scheduled') expect(attempt.takenOn <= today).toBe(true);
    for (const voucher of sample.vouchers) expect(voucher.obtainedOn >= String(shippedRuleSet().get(voucher.offer)?.spec.parameters['opens'])).toBe(true);
    expect(new Set(sample.vouchers.map((v) => v.code)).size).toBe(sample.vouchers.length);
  });

  it('while an offer is open, shows a retake opening today, an exam booked, a voucher used and one unused', async () => {
    const sample = exampleHistory(shippedRuleSet(), '2007-11-10', PROVIDERS);
    if (!sample) throw new Error('no sample');
    expect(sample.vouchers.every((v) => v.offer === 'ms-second-shot-2007')).toBe(true);
    const statuses = await checkStatus(shippedRuleSet(), sample, '2007-11-10');
    expect(statuses.map((s) => s.status)).toEqual(['retake-available', 'booked', 'used', 'unused']);
    expect(statuses[0]?.dates.lastFailureOn).toBe('2007-11-09');
  });

  it('after every offer has ended, is built on the one that ended last', () => {
    expect(exampleHistory(shippedRuleSet(), '2026-11-30', PROVIDERS)?.vouchers[0]?.offer).toBe('ms-second-shot-2015');
  });
});

describe('trying the example in the app', () => {
  it('shows the sample instead of the candidate\'s data, never writes into it, and clears it again', async () => {
    const changes: unknown[] = [];
    const { model, store } = await renderApp({ history: example, today: '2007-11-10', path: '/backup' });
    model.onLocalChange((history) => changes.push(history));
    const own = await store.readHistory();
    fireEvent.click(await screen.findByRole('button', { name: 'Try with an example' }));
    await screen.findByRole('region', { name: 'Example' });
    await waitFor(() => expect(model.state.history?.vouchers.map((v) => v.id)).toEqual(['example-v1', 'example-v2', 'example-v3', 'example-v4']));
    // A change made while trying lands in the example, is not sent over the link, and leaves the own data alone.
    await model.deleteVoucher(model.state.history?.vouchers[0] ?? example.vouchers[0]!);
    expect(model.state.history?.vouchers).toHaveLength(3);
    expect(changes).toEqual([]);
    expect(await store.readHistory()).toEqual(own);
    // The extension's records arriving meanwhile are the candidate's own.
    const linked = { ...example, vouchers: [...example.vouchers, { id: 'v9', code: 'SS07-LINK-0001', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-02' }] };
    await model.mergeLinked(linked);
    expect(model.state.history?.vouchers.some((v) => v.id === 'v9')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Clear the example' }));
    await waitFor(() => expect(model.state.example).toBe(false));
    expect(model.state.history?.vouchers.map((v) => v.id)).toEqual(['v1', 'v2', 'v9']);
    expect(screen.queryByRole('region', { name: 'Example' })).toBeNull();
    const left = await openHistoryStore({}, EXAMPLE_DB);
    expect(await left.readHistory()).toEqual(emptyHistory());
    left.close();
    // Trying again starts from the whole sample: what was done to it before was cleared.
    navigate('/backup');
    fireEvent.click(await screen.findByRole('button', { name: 'Try with an example' }));
    await waitFor(() => expect(model.state.history?.vouchers).toHaveLength(4));
  }, 30_000);
});

describe('the example and the link with the extension', () => {
  it('never sends the sample history when the extension links meanwhile', async () => {
    const { model } = await renderApp({ history: example, today: '2007-11-10', path: '/backup' });
    const link = startLink(model, window);
    const posts: LinkMessage[] = [];
    window.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as LinkMessage;
      if (data?.channel === LINK_CHANNEL && data.from === 'pwa') posts.push(data);
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Try with an example' }));
    await waitFor(() => expect(model.state.example).toBe(true));
    window.dispatchEvent(new MessageEvent('message', { data: linkMessage('linked', 'extension'), origin: location.origin, source: window }));
    await waitFor(() => expect(model.state.link).toBe('linked'));
    // Linked while the own data is shown, the history is sent at once: the same wait sees it.
    await model.leaveExample();
    window.dispatchEvent(new MessageEvent('message', { data: linkMessage('linked', 'extension'), origin: location.origin, source: window }));
    await waitFor(() => expect(posts.map((m) => m.type)).toEqual(['history']));
    expect(posts[0]).toEqual(linkMessage('history', 'pwa', example));
    link.stop();
    localStorage.clear();
  }, 30_000);
});
