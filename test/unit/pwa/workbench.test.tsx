import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeHistory } from '../../../shared/history/format.ts';
import { example, publishedOnDisk, renderApp } from './support.tsx';

afterEach(cleanup);

describe('rule workbench', () => {
  it('places each problem of a pasted file on its line, and shows the rules in plain English once valid', async () => {
    await renderApp({ path: '/workbench', history: example, today: '2007-11-10' });
    const editor = await screen.findByLabelText(/^Rule file \(JSON\)/);
    const original = await publishedOnDisk('/rules/offers/ms-second-shot-2007.json');
    const line = original.split('\n').findIndex((l) => l.includes('"firstAttemptBy"')) + 1;
    fireEvent.input(editor, { target: { value: original.replace('"firstAttemptBy": "2008-06-30"', '"firstAttemptBy": "30/06/2008"') } });
    const at = await screen.findByRole('button', { name: new RegExp(`^Line ${line}, column \\d+$`) });
    expect(at.closest('li')?.textContent).toContain('rules/offers/ms-second-shot-2007.json#/parameters/firstAttemptBy');
    expect(document.getElementById('workbench-summary')?.textContent).toMatch(/^\d+ problems? in rules\/offers\/ms-second-shot-2007\.json\.$/);

    fireEvent.input(editor, { target: { value: original } });
    expect(await screen.findByText(/^rules\/offers\/ms-second-shot-2007\.json is valid; all \d+ worked examples pass/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'The rules in plain English' })).toBeTruthy();
    // The user's own voucher of this offer, with the published rules and with the draft.
    expect(await screen.findByText(/unchanged — Book your free retake of 70-298 from 11 Nov 2007/)).toBeTruthy();
  });

  it('says what is wrong with text that is not JSON', async () => {
    await renderApp({ path: '/workbench' });
    fireEvent.input(await screen.findByLabelText(/^Rule file \(JSON\)/), { target: { value: '{ "id": "x", ' } });
    expect(await screen.findByText(/rules\/offers\/draft\.json:1:14: is not valid JSON: expected a field name in double quotes/)).toBeTruthy();
  });

  it('tries a draft on an imported history: each voucher of the offer now and with the draft', async () => {
    await renderApp({ path: '/workbench', today: '2007-11-10' });
    const original = await publishedOnDisk('/rules/offers/ms-second-shot-2007.json');
    fireEvent.input(await screen.findByLabelText(/^Rule file \(JSON\)/), { target: { value: original.replaceAll('"2008-06-30"', '"2007-12-31"') } });
    const input = await screen.findByLabelText('A history file (otherwise your own vouchers)');
    Object.defineProperty(input, 'files', { value: [new File([serializeHistory(example)], 'friend.json')], configurable: true });
    fireEvent.change(input);
    expect(await screen.findByText('Vouchers of ms-second-shot-2007 in friend.json, on 10 Nov 2007:')).toBeTruthy();
    const row = (await screen.findByText('SS07-ABCD-1234')).closest('li');
    expect(row?.textContent).toContain('now “Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.”; with this draft “Book your free retake of 70-298 from 11 Nov 2007, by 31 Dec 2007.”');
  });
});
