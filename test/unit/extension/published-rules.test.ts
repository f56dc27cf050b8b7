// The extension's side of published rules: where they are fetched from, what a refresh
// keeps when a file is refused or unreachable, and when the service worker refreshes.
import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../../../cli/rules-on-disk.ts';
import { checkBooking } from '../../../shared/engine/evaluate.ts';
import { loadRuleSet } from '../../../shared/engine/ruleset.ts';
import type { History } from '../../../shared/history/format.ts';
import { publishedFetcher, REFRESH_EVERY_MS, refreshDue, refreshPublished, rulesIndexUrl } from '../../../extension/background/published.ts';
import { rulesUrlProblem } from '../../../extension/settings.ts';

const BUNDLED = readRuleFiles();
const OFFER_2007 = '/rules/offers/ms-second-shot-2007.json';
const INDEX = '/rules/index.json';

/** The published rules as the PWA serves them, with some paths replaced (text) or unreachable (null). */
function published(changes: Record<string, string | null> = {}): (path: string) => Promise<string> {
  const served = new Map<string, string>([[INDEX, JSON.stringify({ files: BUNDLED.map((f) => f.file.replace(/^rules\//, '')) })]]);
  for (const f of BUNDLED) served.set(`/${f.file}`, f.text);
  return async (path) => {
    const text = Object.hasOwn(changes, path) ? changes[path] : served.get(path);
    if (text === null || text === undefined) throw new Error(`${path}: offline`);
    return text;
  };
}

const bundled2007 = BUNDLED.find((f) => f.file === 'rules/offers/ms-second-shot-2007.json')?.text ?? '';
const retakeBy = (date: string): string => bundled2007.replace('"retakeBy": "2008-06-30"', `"retakeBy": "${date}"`);

const HISTORY: History = {
  format: 'second-shot/history', version: 1,
  vouchers: [{ id: 'v1', code: 'SS07-ABCD-1234', offer: 'ms-second-shot-2007', obtainedOn: '2007-10-01' }],
  attempts: [{ id: 'a1', voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: '2007-10-05', takenOn: '2007-11-10', result: 'fail' }],
};

async function retakeDecision(files: { file: string; text: string }[]): Promise<string | undefined> {
  const { ruleSet } = loadRuleSet(files);
  const { results } = await checkBooking(ruleSet, HISTORY, { exam: '70-298', provider: 'prometric', on: '2007-11-11' });
  return results.find((r) => r.voucherId === 'v1')?.decision;
}

describe('where the rules are fetched', () => {
  it('follows the PWA origin unless a rules URL is set', () => {
    expect(rulesIndexUrl('http://localhost:4173', null)).toBe('http://localhost:4173/rules/index.json');
    expect(rulesIndexUrl('http://localhost:4173', 'https://rules.example.org/2008/index.json')).toBe('https://rules.example.org/2008/index.json');
  });

  it('fetches the index at the URL and each file next to it, and nothing else', async () => {
    const asked: string[] = [];
    const fetchText = publishedFetcher('https://rules.example.org/2008/index.json', async (url) => {
      asked.push(url);
      return new Response(url.endsWith('missing.json') ? 'gone' : '{}', { status: url.endsWith('missing.json') ? 404 : 200 });
    });
    await fetchText(INDEX);
    await fetchText(OFFER_2007);
    expect(asked).toEqual(['https://rules.example.org/2008/index.json', 'https://rules.example.org/2008/offers/ms-second-shot-2007.json']);
    await expect(fetchText('/rules/offers/missing.json')).rejects.toThrow('https://rules.example.org/2008/offers/missing.json: HTTP 404');
    await expect(fetchText('/elsewhere.json')).rejects.toThrow('/elsewhere.json is not a published rules path');
  });

  it('fetches the index at the URL set, whatever its file is named', async () => {
    const asked: string[] = [];
    const fetchText = publishedFetcher('https://rules.example.org/2008/current.json', async (url) => {
      asked.push(url);
      return new Response('{}');
    });
    await fetchText(INDEX);
    expect(asked).toEqual(['https://rules.example.org/2008/current.json']);
  });

  it('accepts an index over https (or http on localhost) and says how to write anything else', () => {
    expect(rulesUrlProblem('https://rules.example.org/2008/index.json')).toBeNull();
    expect(rulesUrlProblem('http://localhost:4173/rules/index.json')).toBeNull();
    expect(rulesUrlProblem('http://rules.example.org/index.json')).toBe('rules must be served over https (or http on localhost)');
    expect(rulesUrlProblem('https://rules.example.org/rules/')).toBe('the address must end with /index.json, like https://rules.example.org/rules/index.json');
    expect(rulesUrlProblem('https://rules.example.org/index.json?v=2')).toBe('write the address of the index alone: no user name, query or fragment');
    expect(rulesUrlProblem('rules')).toBe('"rules" is not a URL; write it like http://localhost:4173/rules/index.json');
  });
});

describe('a refresh', () => {
  it('takes an edited file, and the answers change: the 2007 retake becomes "offer ended"', async () => {
    expect(await retakeDecision(BUNDLED)).toBe('free-retake');
    const result = await refreshPublished(published({ [OFFER_2007]: retakeBy('2007-11-10') }), {}, BUNDLED, HISTORY);
    expect(result.problems).toEqual([]);
    expect(await retakeDecision(result.files)).toBe('not-eligible');
    expect(result.files.find((f) => f.file === 'rules/offers/ms-second-shot-2007.json')?.text).toContain('"retakeBy": "2007-11-10"');
  });

  it('refuses a broken file with its pointer and reason, and keeps the last good version in force', async () => {
    const first = await refreshPublished(published({ [OFFER_2007]: retakeBy('2007-11-10') }), {}, BUNDLED, HISTORY);
    const second = await refreshPublished(published({ [OFFER_2007]: retakeBy('2008-06-31') }), first.memory, BUNDLED, HISTORY);
    expect(second.problems.map((p) => `${p.file}#${p.pointer}`)).toEqual(['rules/offers/ms-second-shot-2007.json#/parameters/retakeBy']);
    expect(second.problems[0]?.message).toContain('2008-06-31');
    expect(second.keptLastGood).toEqual(['rules/offers/ms-second-shot-2007.json']);
    expect(await retakeDecision(second.files)).toBe('not-eligible');
  });

  it('before any good fetch, a refused file keeps the version bundled at build', async () => {
    const result = await refreshPublished(published({ [OFFER_2007]: '{ "id": ' }), {}, BUNDLED, HISTORY);
    expect(result.problems.map((p) => p.file)).toEqual(['rules/offers/ms-second-shot-2007.json']);
    expect(result.files.find((f) => f.file === 'rules/offers/ms-second-shot-2007.json')?.text).toBe(bundled2007);
    expect(await retakeDecision(result.files)).toBe('free-retake');
  });

  it('with the index out of reach and nothing remembered, changes nothing and says why', async () => {
    await expect(refreshPublished(published({ [INDEX]: null }), {}, BUNDLED, HISTORY)).rejects.toThrow('the list of offer rules could not be fetched (/rules/index.json: offline)');
  });

  it('before any history exists, takes what passes', async () => {
    const result = await refreshPublished(published({ [OFFER_2007]: retakeBy('2007-11-10') }), {}, BUNDLED, null);
    expect(result.problems).toEqual([]);
    expect(result.files.find((f) => f.file === 'rules/offers/ms-second-shot-2007.json')?.text).toBe(retakeBy('2007-11-10'));
  });

  it('is not taken when it could no longer read the history (an offer of its vouchers is gone)', async () => {
    const without2007 = JSON.stringify({ files: BUNDLED.map((f) => f.file.replace(/^rules\//, '')).filter((f) => !f.includes('2007')) });
    await expect(refreshPublished(published({ [INDEX]: without2007 }), {}, BUNDLED, HISTORY)).rejects.toThrow(/cannot read your history \(\/vouchers\/0\/offer: unknown offer "ms-second-shot-2007"/);
  });
});

describe('refreshing on waking', () => {
  it('happens when never tried, or a day after the last try (or when the clock went back)', () => {
    const now = Date.UTC(2026, 10, 26, 6);
    expect(refreshDue(null, now)).toBe(true);
    expect(refreshDue(now - REFRESH_EVERY_MS + 1000, now)).toBe(false);
    expect(refreshDue(now - REFRESH_EVERY_MS, now)).toBe(true);
    expect(refreshDue(now + 60_000, now)).toBe(true);
    expect(refreshDue(now, now)).toBe(false);
  });
});
