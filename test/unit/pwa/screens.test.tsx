import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeHistory } from '../../../shared/history/format.ts';
import { example, publishedOnDisk, renderApp } from './support.tsx';

afterEach(cleanup);

function chooseFile(input: HTMLElement, name: string, content: string | Uint8Array<ArrayBuffer>): void {
  Object.defineProperty(input, 'files', { value: [new File([content], name, { type: 'application/json' })], configurable: true });
  fireEvent.change(input);
}

describe('Can I book?', () => {
  it('gives the engine\'s decision and every reason for each voucher', async () => {
    await renderApp({ history: example, path: '/check', today: '2007-11-10' });
    fireEvent.input(await screen.findByLabelText('Exam'), { target: { value: '70-298' } });
    fireEvent.change(screen.getByLabelText('Test provider'), { target: { value: 'prometric' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const first = (await screen.findByRole('heading', { name: 'Voucher SS07-ABCD-1234: Not yet: wait until 11 Nov 2007' })).closest('article') as HTMLElement;
    expect(within(first).getByText('Your free retake opens on 11 Nov 2007, the day after the failed exam on 10 Nov 2007.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Voucher SS07-WXYZ-9876: Covered as a first attempt' })).toBeTruthy();
  });

  it('takes the exam\'s own date, optional, for offers whose retake must be taken by a date', async () => {
    const round2006 = {
      ...example,
      vouchers: [{ id: 'v1', code: 'SS06-ABCD-1234', offer: 'ms-second-shot-2006', obtainedOn: '2006-02-20' }],
      attempts: [{ id: 'a1', voucher: 'v1', exam: '70-431', provider: 'prometric', bookedOn: '2006-03-01', takenOn: '2006-06-20', result: 'fail' as const }],
    };
    await renderApp({ history: round2006, path: '/check', today: '2006-07-20' });
    fireEvent.input(await screen.findByLabelText('Exam'), { target: { value: '70-431' } });
    fireEvent.change(screen.getByLabelText('Test provider'), { target: { value: 'prometric' } });
    fireEvent.input(screen.getByLabelText('Exam date (optional)'), { target: { value: '2006-08-03' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const late = (await screen.findByRole('heading', { name: 'Voucher SS06-ABCD-1234: Not covered' })).closest('article') as HTMLElement;
    expect(within(late).getByText('The free retake must be taken by 31 Jul 2006; an exam on 3 Aug 2006 is not covered. Choose an earlier date.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Exam date (optional)'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByRole('heading', { name: 'Voucher SS06-ABCD-1234: Free retake' })).toBeTruthy();
  }, 30_000);

  it('asks for an exam code before checking', async () => {
    await renderApp({ history: example, path: '/check' });
    fireEvent.click(await screen.findByRole('button', { name: 'Check' }));
    expect(await screen.findByText('Enter the exam code, e.g. 70-298.')).toBeTruthy();
  });
});

describe('Offers', () => {
  it('shows each shipped offer and policy with its dates and sources', async () => {
    await renderApp({ path: '/offers' });
    const offer = (await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' })).closest('article') as HTMLElement;
    expect(within(offer).getAllByText('30 Jun 2008', { selector: 'dd' })).toHaveLength(2);
    expect(within(offer).getByText('15 Sep 2007', { selector: 'dd' })).toBeTruthy();
    expect(within(offer).getByText('Prometric')).toBeTruthy();
    expect(within(offer).getByRole('link', { name: /Microsoft Exams free second chance offer/ })).toBeTruthy();
    // The plain-English rules are generated from the very rules the engine runs.
    expect(within(offer).getByText(/^A free retake is available when /)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Microsoft Second Shot, 2015' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'CompTIA exam retake policy' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Microsoft exam retake policy (current)' })).toBeTruthy();
  });
});

describe('Backup', () => {
  it('rejects a bad file with the exact problem and changes nothing', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    const broken = { ...example, attempts: [{ ...example.attempts[0], takenOn: '2007-11-31' }] };
    chooseFile(await screen.findByLabelText('History file'), 'broken.json', JSON.stringify(broken));
    const alert = await screen.findByRole('alert');
    // Plain words for the candidate; the file and JSON pointer only under "Details".
    const [said] = within(alert).getAllByRole('listitem');
    expect(said?.textContent).toBe('Attempt 1: "takenOn" "2007-11-31" is not a day of 2007-11');
    const details = alert.querySelector('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Details')).toBeTruthy();
    expect(within(details).getByRole('listitem').textContent).toBe('broken.json#/attempts/0/takenOn: "takenOn" "2007-11-31" is not a day of 2007-11');
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(model.state.history).toEqual(example);
  });

  it('says five of many problems in plain words, counts the rest, and details at most 50', async () => {
    await renderApp({ history: example, path: '/backup' });
    const attempt = example.attempts[0];
    const broken = { ...example, attempts: Array.from({ length: 100 }, (_, n) => ({ ...attempt, id: `a${n}`, takenOn: '2007-11-31' })) };
    chooseFile(await screen.findByLabelText('History file'), 'broken.json', JSON.stringify(broken));
    const alert = await screen.findByRole('alert');
    const details = alert.querySelector('details') as HTMLElement;
    const plain = within(alert).getAllByRole('listitem').filter((item) => !details.contains(item));
    expect(plain.map((item) => item.textContent)).toEqual([1, 2, 3, 4, 5].map((n) => `Attempt ${n}: "takenOn" "2007-11-31" is not a day of 2007-11`));
    expect(within(alert).getByText('…and 95 more problems.')).toBeTruthy();
    const detailed = within(details).getAllByRole('listitem');
    expect(detailed).toHaveLength(51);
    expect(detailed[50]?.textContent).toBe('broken.json#/: and 50 more problems');
  });

  it('refuses a 10,000-deep field before importing, naming its record', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    const deep = `${'{"a": '.repeat(10_000)}0${'}'.repeat(10_000)}`;
    const text = JSON.stringify(example).replace('"result":"fail"', `"result":"fail","extra":${deep}`);
    chooseFile(await screen.findByLabelText('History file'), 'deep.json', text);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('listitem')[0]?.textContent).toMatch(/^Attempt 1 nests objects and lists more than 64 deep \(line 1, column \d+\)$/);
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(model.state.history).toEqual(example);
  });

  it('refuses a file over the size limit, and a UTF-16 one, by name; reads one with a byte order mark', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    chooseFile(await screen.findByLabelText('History file'), 'huge.json', ' '.repeat(6 * 1024 * 1024));
    expect((await screen.findByRole('alert')).textContent).toContain('The file is 6 MB; the limit is 5 MB');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(new TextEncoder().encode(JSON.stringify(example))).flatMap((b) => [b, 0])]);
    chooseFile(screen.getByLabelText('History file'), 'utf16.json', utf16);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The file is UTF-16 text; save it as UTF-8'));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(serializeHistory(example))]);
    chooseFile(screen.getByLabelText('History file'), 'bom.json', withBom);
    expect(await screen.findByText('Import bom.json: 2 vouchers, 1 attempt')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(model.state.history).toEqual(example);
  });

  it('replaces everything with a valid file in one go', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    const other = { ...example, vouchers: [{ id: 'x1', code: 'SS07-NEWS-0001', offer: 'ms-second-shot-2007', obtainedOn: '2007-12-01' }], attempts: [] };
    chooseFile(await screen.findByLabelText('History file'), 'other.json', serializeHistory(other));
    fireEvent.click(await screen.findByLabelText(/Replace the data on this device/));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Imported other.json: your data was replaced by its 1 record.')).toBeTruthy();
    expect(model.state.history).toEqual(other);
  });

  it('merges a file and shows records kept twice', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    const changed = { ...example, attempts: [{ ...example.attempts[0], result: 'no-show' }] };
    chooseFile(await screen.findByLabelText('History file'), 'phone.json', JSON.stringify(changed));
    fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Merged phone.json: 1 record added, 1 kept twice because they differ (see below).')).toBeTruthy();
    expect(screen.getByText('Yours: 70-298 attempt of 10 Nov 2007 (failed). The other: 70-298 attempt of 10 Nov 2007 (no-show).')).toBeTruthy();
    expect(model.state.history?.attempts.map((a) => a.id)).toEqual(['a1', 'a1-2']);
  });

  it('says how many records a merge updated and removed, and when it brought nothing new', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    const edited = {
      ...example,
      vouchers: [example.vouchers[0]],
      attempts: [{ ...example.attempts[0], result: 'no-show', updatedAt: '2007-11-10T18:00:00.000Z' }],
      deleted: [{ id: 'v2', deletedAt: '2007-11-10T18:00:00.000Z' }],
    };
    chooseFile(await screen.findByLabelText('History file'), 'laptop.json', JSON.stringify(edited));
    expect(await screen.findByText('Import laptop.json: 1 voucher, 1 attempt')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Merged laptop.json: 1 record updated to a newer version, 1 removed (deleted in the file).')).toBeTruthy();
    expect(model.state.history?.vouchers.map((v) => v.id)).toEqual(['v1']);
    expect(model.state.history?.attempts.map((a) => a.result)).toEqual(['no-show']);
    chooseFile(screen.getByLabelText('History file'), 'laptop.json', JSON.stringify(edited));
    fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Merged laptop.json: nothing new, this device already had all of it.')).toBeTruthy();
  });

  it('shows whether storage is persistent', async () => {
    await renderApp({ path: '/backup' });
    expect(await screen.findByText(/does not say whether storage is persistent/)).toBeTruthy();
  });

  it('deletes all data only after confirmation', async () => {
    const { model } = await renderApp({ history: example, path: '/backup' });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all data…' }));
    expect(model.state.history?.vouchers).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    await waitFor(() => expect(model.state.history?.vouchers).toEqual([]));
  });
});

describe('app shell', () => {
  it('offers an update only as a button the user clicks', async () => {
    const update = vi.fn();
    await renderApp({ update });
    expect(await screen.findByText('A new version of Second Shot is ready.')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    expect(update).toHaveBeenCalledOnce();
  });

  it('asks to reload when another tab opens a newer database version', async () => {
    const { model } = await renderApp({ history: example });
    model.set({ db: 'blocking' });
    expect((await screen.findByRole('alert')).textContent).toContain('Reload this tab to update it');
  });

  it('answers a deep link with the right screen', async () => {
    await renderApp({ history: example, path: '/vouchers/v2/edit' });
    expect(await screen.findByRole('heading', { name: 'Edit voucher SS07-WXYZ-9876' })).toBeTruthy();
  });
});

describe('persistent storage', () => {
  it('is asked for after the first saved record, and the answer is shown', async () => {
    const asked: string[] = [];
    let granted = false;
    const storage = {
      persisted: async (): Promise<boolean> => granted,
      persist: async (): Promise<boolean> => {
        asked.push('persist');
        granted = true;
        return true;
      },
    };
    const { model } = await renderApp({ path: '/backup', storage });
    expect(await screen.findByText(/Storage is not persistent yet/)).toBeTruthy();
    expect(asked).toEqual([]);
    await model.saveVoucher({ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' });
    expect(await screen.findByText(/Storage is persistent/)).toBeTruthy();
    expect(asked).toEqual(['persist']);
    await model.saveVoucher({ id: 'v2', code: 'SS07-ABCD-9999', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' });
    expect(asked).toEqual(['persist']);
  });
});

describe('Can I book? with a retake policy', () => {
  it('names the policy that applies and what it says', async () => {
    await renderApp({ path: '/check', today: '2024-03-01' });
    fireEvent.input(await screen.findByLabelText('Exam'), { target: { value: 'AZ-900' } });
    fireEvent.change(screen.getByLabelText('Test provider'), { target: { value: 'pearson-vue' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText(/^Microsoft exam retake policy \(current\): allowed/)).toBeTruthy();
    expect(screen.getByText(/You have no vouchers recorded/)).toBeTruthy();
  });
});

describe('addresses', () => {
  it('a malformed address says "No such page" and the navigation still works', async () => {
    await renderApp({ history: example, path: '/vouchers/%E0%A4%A/edit' });
    expect(await screen.findByRole('heading', { name: 'No such page' })).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Vouchers' }));
    expect(await screen.findByRole('heading', { name: 'Your vouchers' })).toBeTruthy();
  });
});

describe('Refused rule files', () => {
  it('tell candidates in one plain line, keep the details for rule managers, and bring no "updated" notice when nothing changed', async () => {
    let retakeBy = '2008-06-30';
    const publish = async (path: string): Promise<string> => {
      const text = await publishedOnDisk(path);
      return path.endsWith('ms-second-shot-2007.json') ? text.replace('"retakeBy": "2008-06-30"', `"retakeBy": "${retakeBy}"`) : text;
    };
    const { model } = await renderApp({ path: '/offers', publish, rememberRules: true });
    await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' });
    retakeBy = '2008-06-31';
    await model.reloadRules();
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('p')?.textContent).toBe('Some published rule files were refused, so answers use the rules that passed. The last good version of Microsoft Second Shot, 2007–2008 stays in force.');
    expect(within(alert).getByText('Details for rule managers')).toBeTruthy();
    expect(alert.querySelector('details li')?.textContent).toContain('rules/offers/ms-second-shot-2007.json#/parameters/retakeBy');
    expect(screen.queryByText('The offer rules were updated; every answer now follows them.')).toBeNull();
    retakeBy = '2008-07-31';
    await model.reloadRules();
    expect(await screen.findByText('The offer rules were updated; every answer now follows them.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('Offers in candidate words', () => {
  it('marks an offer that has ended, and writes exam series without pattern syntax', async () => {
    await renderApp({ path: '/offers', today: '2016-01-01' });
    const offer2007 = (await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' })).closest('article') as HTMLElement;
    expect(within(offer2007).getByText('Ended on 30 Jun 2008.')).toBeTruthy();
    expect(within(offer2007).getByText(/^70-xxx, 71-xxx/)).toBeTruthy();
    expect(offer2007.textContent).not.toContain('###');
    cleanup();
    await renderApp({ path: '/offers', today: '2007-11-10' });
    const open = (await screen.findByRole('heading', { name: 'Microsoft Second Shot, 2007–2008' })).closest('article') as HTMLElement;
    expect(within(open).queryByText(/^Ended on/)).toBeNull();
  });
});

describe('navigation and titles', () => {
  it('each screen has its own document title; the rule workbench is not in the candidate\'s navigation', async () => {
    await renderApp({ history: example });
    await screen.findByRole('heading', { name: 'Your vouchers' });
    expect(document.title).toBe('Your vouchers · Second Shot');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: /workbench/i })).toBeNull();
    fireEvent.click(within(nav).getByRole('link', { name: 'Can I book?' }));
    await screen.findByRole('heading', { name: 'Can I book?' });
    expect(document.title).toBe('Can I book? · Second Shot');
    fireEvent.click(screen.getByRole('link', { name: 'Rule workbench' }));
    await waitFor(() => expect(document.title).toBe('Rule workbench · Second Shot'));
    // The workbench loads its engine and editor in chunks of their own: the test ends once they are in.
    await waitFor(() => expect(screen.queryByText('Loading the rule workbench…')).toBeNull());
  });
});
