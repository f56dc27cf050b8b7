import { EditorView } from '@codemirror/view';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeHistory } from '../../../shared/history/format.ts';
import { DRAFTS_DB } from '../../../pwa/workbench/drafts.ts';
import { example, publishedOnDisk, renderApp } from './support.tsx';

afterEach(async () => {
  cleanup();
  // Each test starts on a browser with no draft kept.
  await new Promise((done) => {
    const request = indexedDB.deleteDatabase(DRAFTS_DB);
    request.onsuccess = request.onerror = done;
  });
});

/** The workbench's CodeMirror editor, once it is on screen. */
async function ruleEditor(): Promise<EditorView> {
  const content = await screen.findByRole('textbox', { name: /^Rule file \(JSON\)/ });
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error('no CodeMirror editor');
  return view;
}

/** Replaces the editor's whole text, as typing or pasting would. */
function typeText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.paste' });
}

describe('rule workbench', () => {
  it('places each problem of a pasted file on its line, and shows the rules in plain English once valid', async () => {
    await renderApp({ path: '/workbench', history: example, today: '2007-11-10' });
    const editor = await ruleEditor();
    const original = await publishedOnDisk('/rules/offers/ms-second-shot-2007.json');
    const line = original.split('\n').findIndex((l) => l.includes('"firstAttemptBy"')) + 1;
    typeText(editor, original.replace('"firstAttemptBy": "2008-06-30"', '"firstAttemptBy": "30/06/2008"'));
    const at = await screen.findByRole('button', { name: new RegExp(`^Line ${line}, column \\d+$`) });
    expect(at.closest('li')?.textContent).toContain('rules/offers/ms-second-shot-2007.json#/parameters/firstAttemptBy');
    expect(document.getElementById('workbench-summary')?.textContent).toMatch(/^\d+ problems? in rules\/offers\/ms-second-shot-2007\.json\.$/);

    typeText(editor, original);
    expect(await screen.findByText(/^rules\/offers\/ms-second-shot-2007\.json is valid; all \d+ worked examples pass/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'The rules in plain English' })).toBeTruthy();
    // The user's own voucher of this offer, with the published rules and with the draft.
    expect(await screen.findByText(/unchanged — Book your free retake of 70-298 from 11 Nov 2007/)).toBeTruthy();
  });

  it('says what is wrong with text that is not JSON', async () => {
    await renderApp({ path: '/workbench' });
    typeText(await ruleEditor(), '{ "id": "x", ');
    expect(await screen.findByText(/rules\/offers\/draft\.json:1:14: is not valid JSON: expected a field name in double quotes/)).toBeTruthy();
  });

  it('tries a draft on an imported history: each voucher of the offer now and with the draft', async () => {
    await renderApp({ path: '/workbench', today: '2007-11-10' });
    const original = await publishedOnDisk('/rules/offers/ms-second-shot-2007.json');
    typeText(await ruleEditor(), original.replaceAll('"2008-06-30"', '"2007-12-31"'));
    const input = await screen.findByLabelText('A history file (otherwise your own vouchers)');
    Object.defineProperty(input, 'files', { value: [new File([serializeHistory(example)], 'friend.json')], configurable: true });
    fireEvent.change(input);
    expect(await screen.findByText('Vouchers of ms-second-shot-2007 in friend.json, as of 10 Nov 2007:')).toBeTruthy();
    const row = (await screen.findByText('SS07-ABCD-1234')).closest('li');
    expect(row?.textContent).toContain('now “Book your free retake of 70-298 from 11 Nov 2007, by 30 Jun 2008.”; with this draft “Book your free retake of 70-298 from 11 Nov 2007, by 31 Dec 2007.”');

    // As of a later date, the same voucher as it would stand then: the draft's earlier end has passed.
    fireEvent.input(screen.getByLabelText('As of'), { target: { value: '2008-01-15' } });
    expect(await screen.findByText('Vouchers of ms-second-shot-2007 in friend.json, as of 15 Jan 2008:')).toBeTruthy();
    await expect.poll(() => screen.getByText('SS07-ABCD-1234').closest('li')?.textContent).toMatch(/^SS07-ABCD-1234: now “Book your free retake of 70-298 by 30 Jun 2008\.”; with this draft “No free retake/);
    // A cleared or half-typed date keeps the last whole one.
    fireEvent.input(screen.getByLabelText('As of'), { target: { value: '' } });
    expect(screen.getByText('Vouchers of ms-second-shot-2007 in friend.json, as of 15 Jan 2008:')).toBeTruthy();
  });
});

describe('the draft', () => {
  it('is kept in this browser: after a reload the editor holds it again', async () => {
    await renderApp({ path: '/workbench' });
    typeText(await ruleEditor(), '{ "id": "ms-second-shot-2009",\n  "title": "half done"');
    expect(await screen.findByText(/^Draft kept in this browser/)).toBeTruthy();
    cleanup();

    await renderApp({ path: '/workbench' });
    expect((await ruleEditor()).state.doc.toString()).toBe('{ "id": "ms-second-shot-2009",\n  "title": "half done"');
    expect(screen.getByText(/^Your draft, kept in this browser on .*, is back\.$/)).toBeTruthy();
  });

  it('that could not be kept makes leaving the workbench ask first, and staying is possible', async () => {
    const open = indexedDB.open.bind(indexedDB);
    // Storage refused for the workbench's drafts only (private browsing, a full disk).
    const refused = vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
      if (name === DRAFTS_DB) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return open(name, version);
    });
    const answers: boolean[] = [false, false, true];
    const asked = vi.fn((_question: string) => answers.shift() ?? true);
    vi.stubGlobal('confirm', asked);
    try {
      await renderApp({ path: '/workbench' });
      typeText(await ruleEditor(), '{ "id": "x" }');
      expect(await screen.findByText(/^This draft could not be kept in this browser \(The quota has been exceeded\.\): export it before you leave\.$/)).toBeTruthy();
      const vouchers = screen.getByRole('navigation', { name: 'Main' }).querySelector('a[href="/"]');
      fireEvent.click(vouchers as Element);
      expect(asked).toHaveBeenCalledTimes(1);
      expect(asked.mock.calls[0]?.[0]).toMatch(/not kept in this browser yet/);
      expect(location.pathname).toBe('/workbench');
      expect(screen.getByRole('heading', { name: 'Rule workbench' })).toBeTruthy();

      // Back asks too, and staying puts the workbench's address back.
      history.back();
      await waitFor(() => expect(asked).toHaveBeenCalledTimes(2));
      expect(location.pathname).toBe('/workbench');
      expect(screen.getByRole('heading', { name: 'Rule workbench' })).toBeTruthy();

      fireEvent.click(vouchers as Element);
      expect(asked).toHaveBeenCalledTimes(3);
      expect(location.pathname).toBe('/');
    } finally {
      refused.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  it('with changes is replaced by another file only when the user says so', async () => {
    const asked = vi.fn((_question: string) => false);
    vi.stubGlobal('confirm', asked);
    try {
      await renderApp({ path: '/workbench' });
      const view = await ruleEditor();
      typeText(view, '{ "id": "ms-second-shot-2009" }');
      const published = screen.getByLabelText('Start from a published file');
      fireEvent.change(published, { target: { value: 'rules/offers/ms-second-shot-2007.json' } });
      expect(asked).toHaveBeenCalledTimes(1);
      expect(asked.mock.calls[0]?.[0]).toMatch(/^Replace the draft in the editor with rules\/offers\/ms-second-shot-2007\.json\?/);
      expect(view.state.doc.toString()).toBe('{ "id": "ms-second-shot-2009" }');

      asked.mockReturnValue(true);
      fireEvent.change(published, { target: { value: 'rules/offers/ms-second-shot-2007.json' } });
      expect(view.state.doc.toString()).toBe(await publishedOnDisk('/rules/offers/ms-second-shot-2007.json'));
      // A published file unchanged is replaced without a question.
      fireEvent.change(published, { target: { value: 'rules/offers/ms-second-shot-2006.json' } });
      expect(asked).toHaveBeenCalledTimes(2);
      expect(view.state.doc.toString()).toBe(await publishedOnDisk('/rules/offers/ms-second-shot-2006.json'));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
