// Corrected site profiles published next to the offer rules: a good one is taken, a bad one
// (unreadable, invalid, another site's or a new origin, older than the bundled one) is refused
// by name and pointer while the last good version, else the bundled one, stays in force.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { formatProblem } from '../../../shared/problems.ts';
import { loadSiteProfiles } from '../../../shared/sites/profile.ts';
import { type ProfileFile, refreshPublishedProfiles } from '../../../shared/sites/published.ts';

const BUNDLED: ProfileFile[] = ['pearson-vue', 'prometric'].map((id) => ({ file: `rules/sites/${id}.json`, text: readFileSync(join(ROOT, 'rules/sites', `${id}.json`), 'utf8') }));
const PROMETRIC = 'rules/sites/prometric.json';
const prometric = JSON.parse(BUNDLED[1]?.text ?? '') as Record<string, unknown> & { find: Record<string, string[]> };
const INDEX = JSON.stringify({ files: ['offers/ms-second-shot-2007.json'], sites: ['sites/prometric.json'] });

/** Prometric's profile with its voucher field moved, as a maintainer would publish the fix. */
const fixed = (changes: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...prometric, version: 2, find: { ...prometric.find, voucherField: ['input#voucher-code-2026'] }, ...changes });

/** The published files by path; null is unreachable. */
function served(files: Record<string, string | null>): (path: string) => Promise<string> {
  return async (path) => {
    const text = files[path];
    if (text === null || text === undefined) throw new Error(`${path}: offline`);
    return text;
  };
}

const voucherSelectors = (files: ProfileFile[]): string[] | undefined =>
  loadSiteProfiles(files).profiles.find((p) => p.id === 'prometric')?.find.voucherField;

describe('published site profiles', () => {
  it('a corrected profile is taken and remembered as the last good one', async () => {
    const result = await refreshPublishedProfiles(served({ '/rules/sites/prometric.json': fixed() }), INDEX, {}, BUNDLED);
    expect(result.problems).toEqual([]);
    expect(voucherSelectors(result.files)).toEqual(['input#voucher-code-2026']);
    expect(result.from).toEqual({ 'rules/sites/pearson-vue.json': 'bundled', [PROMETRIC]: 'published' });
    expect(result.memory[PROMETRIC]).toBe(fixed());
  });

  it('an index that lists no sites leaves every bundled profile in force', async () => {
    const result = await refreshPublishedProfiles(served({}), JSON.stringify({ files: [] }), {}, BUNDLED);
    expect([result.files, result.problems]).toEqual([BUNDLED, []]);
  });

  it('a bad index entry is named; the others are read', async () => {
    const index = JSON.stringify({ files: [], sites: ['sites/../../secrets.json', 'sites/prometric.json'] });
    const result = await refreshPublishedProfiles(served({ '/rules/sites/prometric.json': fixed() }), index, {}, BUNDLED);
    expect(result.problems.map(formatProblem)).toEqual(['rules/index.json#/sites/0: "sites/../../secrets.json" is not a site profile: entries look like "sites/my-site.json" (lower-case words joined by "-")']);
    expect(result.from[PROMETRIC]).toBe('published');
  });

  it.each([
    ['not JSON', '{ "id": "prometric", ', /^rules\/sites\/prometric\.json:1:\d+: /],
    ['a duplicate key', '{ "id": "prometric", "id": "prometric" }', /#\/id: duplicate field "id"/],
    ['invalid', fixed({ steps: [{ id: 'pay', kind: 'paymnet', paths: ['/Pay.aspx'] }] }), /#\/steps\/0\/kind: "kind" must be one of exam-choice, payment, confirmation/],
    ['another origin', fixed({ origins: ['https://www.prometric.com', 'https://prometric.example.net'] }), /#\/origins\/1: "https:\/\/prometric\.example\.net" is not an origin of Prometric in this extension release/],
    ['another site\'s origin', fixed({ origins: ['https://wsr.pearsonvue.com'] }), /#\/origins\/0: "https:\/\/wsr\.pearsonvue\.com" is not an origin of Prometric/],
    ['another id', fixed({ id: 'prometric-2' }), /#\/id: "prometric-2" must be the file's name, "prometric"/],
    ['without a valid version', fixed({ version: 0 }), /#\/version: "version" must be a whole number from 1 up/],
  ])('a profile that is %s is refused; the bundled one stays before any good fetch', async (_, text, message) => {
    const result = await refreshPublishedProfiles(served({ '/rules/sites/prometric.json': text }), INDEX, {}, BUNDLED);
    expect(result.problems.map(formatProblem).join('\n')).toMatch(message);
    expect(result.from[PROMETRIC]).toBe('bundled');
    expect(result.files).toEqual(BUNDLED);
    expect(result.memory).toEqual({});
  });

  it('a refused update keeps the last good published profile', async () => {
    const remembered = { [PROMETRIC]: fixed() };
    const result = await refreshPublishedProfiles(served({ '/rules/sites/prometric.json': fixed({ dateOrder: 'DDMMYY', version: 3 }) }), INDEX, remembered, BUNDLED);
    expect(result.problems.map(formatProblem)).toEqual([expect.stringContaining('rules/sites/prometric.json#/dateOrder: "dateOrder" must be one of MDY, DMY, YMD')]);
    expect(result.from[PROMETRIC]).toBe('last good');
    expect(voucherSelectors(result.files)).toEqual(['input#voucher-code-2026']);
    expect(result.memory).toEqual(remembered);
  });

  it('a version older than the bundled profile is not taken, nor is a remembered one', async () => {
    const bundledV3 = BUNDLED.map((f) => (f.file === PROMETRIC ? { file: f.file, text: JSON.stringify({ ...prometric, version: 3 }) } : f));
    const result = await refreshPublishedProfiles(served({ '/rules/sites/prometric.json': fixed() }), INDEX, { [PROMETRIC]: fixed() }, bundledV3);
    expect(result.problems.map(formatProblem)).toEqual(['rules/sites/prometric.json#/version: version 2 is older than the one bundled with the extension (3), which stays in force']);
    expect([result.from[PROMETRIC], voucherSelectors(result.files)]).toEqual(['bundled', prometric.find['voucherField']]);
  });

  it('a site this release does not know is refused: a new site needs a new release', async () => {
    const index = JSON.stringify({ files: [], sites: ['sites/certiport.json'] });
    const result = await refreshPublishedProfiles(served({ '/rules/sites/certiport.json': fixed({ id: 'certiport' }) }), index, {}, BUNDLED);
    expect(result.problems.map(formatProblem)).toEqual(['rules/sites/certiport.json#/: "certiport" is not a site of this extension release: a new site needs a new extension release']);
    expect(result.files).toEqual(BUNDLED);
  });

  it('offline, the last good profile answers; with none, the bundled one, and the miss is said', async () => {
    const offline = served({});
    const kept = await refreshPublishedProfiles(offline, INDEX, { [PROMETRIC]: fixed() }, BUNDLED);
    expect([kept.from[PROMETRIC], kept.problems]).toEqual(['last good', []]);
    const none = await refreshPublishedProfiles(offline, INDEX, {}, BUNDLED);
    expect(none.problems.map(formatProblem)).toEqual(['rules/sites/prometric.json#/: could not be fetched (/rules/sites/prometric.json: offline)']);
    expect(none.from[PROMETRIC]).toBe('bundled');
  });

  it('an unreadable index keeps the remembered profiles', async () => {
    const result = await refreshPublishedProfiles(served({ '/rules/sites/prometric.json': fixed() }), 'not json', { [PROMETRIC]: fixed() }, BUNDLED);
    expect(result.from[PROMETRIC]).toBe('published');
    expect(result.problems.map((p) => p.file)).toEqual(['rules/index.json']);
  });
});
