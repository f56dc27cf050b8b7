// Every message is checked on receipt: unknown types and malformed bodies are refused.
import { describe, expect, it } from 'vitest';
import { envelope, HintFill, HintRecord, MESSAGES, PageRead, readRequest } from '../../../shared/messages.ts';

describe('readRequest', () => {
  it('accepts a well-formed request of a known type', () => {
    expect(readRequest(envelope(HintFill, { nonce: 'abc', url: 'https://www.prometric.com/' }))).toEqual({ type: 'hint/fill', body: { nonce: 'abc', url: 'https://www.prometric.com/' } });
  });

  it('ignores what is not on our channel', () => {
    expect(readRequest({ type: 'hint/fill', body: { nonce: 'abc' } })).toBeNull();
    expect(readRequest('hello')).toBeNull();
  });

  it('refuses unknown types, missing or extra fields and wrong types', () => {
    const raw = (type: string, body: unknown) => ({ channel: 'second-shot/extension', type, body });
    expect(readRequest(raw('hint/steal', {}))).toEqual({ refused: 'unknown message type "hint/steal"' });
    expect(readRequest(raw('toString', {}))).toEqual({ refused: 'unknown message type "toString"' });
    expect(readRequest(raw('hint/fill', {}))).toEqual({ refused: 'malformed "hint/fill" request' });
    expect(readRequest(raw('hint/fill', { nonce: 'a', url: 'https://www.prometric.com/', code: 'X' }))).toEqual({ refused: 'malformed "hint/fill" request' });
    expect(readRequest(raw('page/read', { url: 'https://www.prometric.com/', version: 1, step: 'p', lang: '', exam: [{ text: 1, where: 'profile' }], examShown: true, dates: [], voucherField: null, voucherProblem: null, applyButton: null }))).toEqual({ refused: 'malformed "page/read" request' });
  });

  it('checks replies the same way', () => {
    expect(HintFill.response({ ok: true, message: 'm', code: 'C' })).toBe(true);
    expect(HintFill.response({ ok: true, message: 'm' })).toBe(false);
    expect(HintRecord.request({ nonce: 'n', url: 'https://www.prometric.com/', date: 12 })).toBe(false);
    expect(PageRead.response({ hint: { nonce: 'n', tone: 'loud', title: 't', lines: [], action: 'none', choices: [] }, site: null })).toBe(false);
    const site = { profile: 'p', version: 2, find: { exam: [], examDate: [], voucherField: [], applyButton: [] }, steps: [{ id: 's', kind: 'payment', paths: ['/pay'], when: null }] };
    expect(PageRead.response({ hint: null, site })).toBe(true);
    expect(PageRead.response({ hint: null, site: { ...site, version: '2' } })).toBe(false);
  });

  it('one map holds every message type', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([
      'hint/fill', 'hint/record', 'history/export', 'history/import', 'link/accept', 'link/forget', 'link/post', 'link/relay', 'page/read', 'settings/set', 'status/get',
    ]);
  });
});
