// What the service worker reads back from chrome.storage: values of the wrong shape fall
// back to the defaults, a damaged history is reported (never used, never overwritten by a
// change), and importing a good file replaces it.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  countSelfReports, DamagedHistoryError, readDiagnostics, readSelfReports, readFilledVoucher, recordDiagnostics, readHistory, readHistoryOrDamage, readLink, readSettings, readTabHint, replaceHistory,
  updateHistory, writeSettings, writeTabHint,
} from '../../../extension/background/store.ts';
import { history, shippedRuleSet } from '../../support/rules.ts';
import { installFakeChrome } from './fake-chrome.ts';

let local: Map<string, unknown>;
let session: Map<string, unknown>;

beforeEach(() => {
  ({ local, session } = installFakeChrome());
});

const V1 = { id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' };
const DAMAGED = { format: 'second-shot/history', version: 1, vouchers: [{ id: 'v1', code: 'X', offer: 'no-such-offer', obtainedOn: '2007-13-45' }], attempts: [] };

describe('values read from chrome.storage are checked', () => {
  it('settings of the wrong shape give the defaults; older settings missing a field get its default', async () => {
    for (const bad of ['http://localhost:4173', { pwaOrigin: 42, asOf: null }, { pwaOrigin: 'javascript:alert(1)', asOf: null }, { pwaOrigin: 'http://localhost:4173', asOf: 'yesterday' }, [1, 2]]) {
      local.set('settings', bad);
      expect(await readSettings()).toEqual({ pwaOrigin: 'http://localhost:4173', asOf: null });
    }
    local.set('settings', { pwaOrigin: 'https://app.example.com' });
    expect(await readSettings()).toEqual({ pwaOrigin: 'https://app.example.com', asOf: null });
    await writeSettings({ pwaOrigin: 'https://app.example.com', asOf: '2007-11-11' });
    expect(await readSettings()).toEqual({ pwaOrigin: 'https://app.example.com', asOf: '2007-11-11' });
  });

  it('a link state of the wrong shape, or one from before pairing (no secret), is no link at all', async () => {
    const none = { linkedOrigin: null, pairing: null, pending: null, conflicts: [], shared: [] };
    const linked = { linkedOrigin: 'https://app.example.com', pairing: 'ab'.repeat(32), pending: null, conflicts: ['two copies of v1'], shared: [] };
    local.set('link', { ...linked, pending: { origin: 'https://app.example.com', tabId: 'seven' } });
    expect(await readLink()).toEqual(none);
    local.set('link', { linkedOrigin: 'https://app.example.com', pending: null, conflicts: [] });
    expect(await readLink()).toEqual(none);
    local.set('link', linked);
    expect(await readLink()).toEqual(linked);
  });

  it('a tab hint or filled voucher of the wrong shape is none, so nothing is filled from it', async () => {
    const hint = { nonce: 'n1', url: 'https://www.prometric.com/Microsoft/Schedule/Payment.aspx', step: 'payment', exam: '70-298', examDates: [], voucherId: 'v1', voucherCode: 'SS07-ABCD-1234', action: 'fill' as const };
    await writeTabHint(7, hint);
    expect(await readTabHint(7)).toEqual(hint);
    session.set('tab:7', { ...hint, action: 'fill-everything' });
    expect(await readTabHint(7)).toBeNull();
    session.set('tab:7', { ...hint, voucherCode: 1234 });
    expect(await readTabHint(7)).toBeNull();
    session.set('tab:7', { ...hint, examDates: ['12/11/2007'] });
    expect(await readTabHint(7)).toBeNull();
    session.set('filled:7', { id: 'v1' });
    expect(await readFilledVoucher(7)).toBeNull();
    session.set('filled:7', 'v1');
    expect(await readFilledVoucher(7)).toBeNull();
    session.set('filled:7', { voucherId: 'v1', exam: '70-298' });
    expect(await readFilledVoucher(7)).toEqual({ voucherId: 'v1', exam: '70-298' });
  });

  it('diagnostics of the wrong shape are an empty list', async () => {
    local.set('diagnostics', [{ site: 'prometric', message: 'half a diagnostic' }]);
    expect(await readDiagnostics()).toEqual([]);
  });

  it('self-report counts of the wrong shape count nothing', async () => {
    const fine = { voucherField: 2, exam: 1 };
    for (const wrong of [[1, 2], [], '', null, { prometric: { voucherField: '3', exam: 1 } }, { prometric: { voucherField: 1 } }, { prometric: fine, 'pearson-vue': { exam: 1 } }]) {
      local.set('selfReports', wrong);
      expect(await readSelfReports()).toEqual({});
    }
    local.set('selfReports', { prometric: { voucherField: 2, exam: 1 } });
    expect(await readSelfReports()).toEqual({ prometric: { voucherField: 2, exam: 1 } });
  });
});

describe('a damaged stored history', () => {
  it('is reported with what is wrong, and left as it is by a change', async () => {
    local.set('history', DAMAGED);
    await expect(readHistory(shippedRuleSet())).rejects.toThrow(DamagedHistoryError);
    await expect(readHistory(shippedRuleSet())).rejects.toThrow(/saved history is damaged.*no-such-offer.*Import a good history file/s);
    const addAttempt = updateHistory(shippedRuleSet(), (h) => ({ history: { ...h, attempts: [] }, result: true }));
    await expect(addAttempt).rejects.toThrow(DamagedHistoryError);
    expect(local.get('history')).toEqual(DAMAGED);
  });

  it('still lets the status be shown: an empty history and the reason', async () => {
    local.set('history', DAMAGED);
    const { history: shown, damage } = await readHistoryOrDamage(shippedRuleSet());
    expect(shown.vouchers).toEqual([]);
    expect(damage).toMatch(/saved history is damaged/);
    local.set('history', history({ vouchers: [V1] }));
    expect(await readHistoryOrDamage(shippedRuleSet())).toEqual({ history: history({ vouchers: [V1] }), damage: null });
  });

  it('is repaired by importing a good file', async () => {
    local.set('history', DAMAGED);
    await replaceHistory(shippedRuleSet(), history({ vouchers: [V1] }));
    expect((await readHistory(shippedRuleSet())).vouchers).toEqual([V1]);
  });

  it('is never replaced by a history that does not validate', async () => {
    local.set('history', history({ vouchers: [V1] }));
    await expect(replaceHistory(shippedRuleSet(), history({ vouchers: [{ ...V1, offer: 'no-such-offer' }] }))).rejects.toThrow(/no-such-offer/);
    expect((await readHistory(shippedRuleSet())).vouchers).toEqual([V1]);
  });
});

describe('what a profile no longer finds, kept for the options page', () => {
  const report = (site: string, step: string, target: string, message = `${target} not found`) => ({ site, step, target, url: `https://${site}/${step}`, seenOn: '2026-11-30', message });

  it('keeps the latest report per site, step and target; a target found again is cleared there only', async () => {
    await recordDiagnostics('prometric', 'payment', [report('prometric', 'payment', 'voucherField'), report('prometric', 'payment', 'exam')], []);
    await recordDiagnostics('prometric', 'exam', [report('prometric', 'exam', 'exam')], []);
    await recordDiagnostics('pearson-vue', 'payment', [report('pearson-vue', 'payment', 'voucherField')], []);
    // The voucher field is found again on Prometric's payment step, and the exam is missed anew there.
    await recordDiagnostics('prometric', 'payment', [report('prometric', 'payment', 'exam', 'still missing')], ['voucherField']);
    expect((await readDiagnostics()).map((d) => `${d.site} ${d.step} ${d.target}: ${d.message}`)).toEqual([
      'prometric payment exam: still missing',
      'pearson-vue payment voucherField: voucherField not found',
      'prometric exam exam: exam not found',
    ]);
  });

  it('does not write when nothing changed', async () => {
    await recordDiagnostics('prometric', 'payment', [report('prometric', 'payment', 'exam')], []);
    local.set('diagnostics', [...(local.get('diagnostics') as unknown[])]);
    const before = local.get('diagnostics');
    await recordDiagnostics('prometric', 'payment', [report('prometric', 'payment', 'exam')], []);
    expect(local.get('diagnostics')).toBe(before);
  });
});

describe('misses a page reports itself, counted per site', () => {
  it('once per address and target in a tab, whatever the number of reads; another address or tab counts again', async () => {
    await countSelfReports(1, 'prometric', 'https://prometric/pay', ['voucherField', 'examDate']);
    await countSelfReports(1, 'prometric', 'https://prometric/pay', ['voucherField']);
    await countSelfReports(1, 'prometric', 'https://prometric/pay', ['voucherField', 'exam']);
    await countSelfReports(2, 'prometric', 'https://prometric/pay', ['voucherField']);
    await countSelfReports(1, 'pearson-vue', 'https://pearson/pay', ['exam']);
    expect(await readSelfReports()).toEqual({ prometric: { voucherField: 2, exam: 1 }, 'pearson-vue': { voucherField: 0, exam: 1 } });
    expect(session.get('reported:1')).toEqual(['https://prometric/pay voucherField', 'https://prometric/pay exam', 'https://pearson/pay exam']);
  });

  it('nothing to count, nothing written', async () => {
    await countSelfReports(1, 'prometric', 'https://prometric/pay', ['examDate']);
    expect(local.has('selfReports')).toBe(false);
    expect(session.has('reported:1')).toBe(false);
  });

  it('remembers the latest 50 addresses of a tab only', async () => {
    for (let n = 0; n < 60; n++) await countSelfReports(1, 'prometric', `https://prometric/pay/${n}`, ['exam']);
    const seen = session.get('reported:1') as string[];
    expect(seen).toHaveLength(50);
    expect(seen[0]).toBe('https://prometric/pay/10 exam');
    expect((await readSelfReports())['prometric']?.exam).toBe(60);
  });
});
