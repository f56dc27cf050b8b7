import { describe, expect, it } from 'vitest';
import { type FetchText, loadRules } from '../../../pwa/rules/source.ts';
import { freshMemory, publishedOnDisk } from './support.tsx';

/** The published rules with some paths replaced (a string) or unreachable (null). */
function publishedWith(changes: Record<string, string | null>): FetchText {
  return async (path) => {
    if (Object.hasOwn(changes, path)) {
      const text = changes[path];
      if (text === null || text === undefined) throw new Error('offline');
      return text;
    }
    return publishedOnDisk(path);
  };
}

const OFFER_2007 = '/rules/offers/ms-second-shot-2007.json';

describe('rules published under /rules/', () => {
  it('loads every offer and policy listed in the index', async () => {
    const rules = await loadRules(publishedOnDisk, freshMemory());
    expect(rules.problems).toEqual([]);
    expect(rules.ruleSet.ids().sort()).toEqual(['comptia-retake-policy', 'microsoft-retake-policy', 'ms-second-shot-2006', 'ms-second-shot-2007', 'ms-second-shot-2015']);
  });

  it('picks up a changed file: a new date changes the answers', async () => {
    const text = (await publishedOnDisk(OFFER_2007)).replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-07-31"');
    const rules = await loadRules(publishedWith({ [OFFER_2007]: text }), freshMemory());
    expect(rules.ruleSet.get('ms-second-shot-2007')?.spec.parameters['retakeBy']).toBe('2008-07-31');
  });

  it('refuses a broken file, says where and why, and keeps its last good version in force', async () => {
    const memory = freshMemory();
    await loadRules(publishedOnDisk, memory);
    const broken = (await publishedOnDisk(OFFER_2007)).replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-06-31"');
    const rules = await loadRules(publishedWith({ [OFFER_2007]: broken }), memory);
    expect(rules.problems.map((p) => `${p.file}#${p.pointer}`)).toEqual(['rules/offers/ms-second-shot-2007.json#/parameters/retakeBy']);
    expect(rules.problems[0]?.message).toContain('2008-06-31');
    expect(rules.keptLastGood).toEqual(['rules/offers/ms-second-shot-2007.json']);
    expect(rules.ruleSet.get('ms-second-shot-2007')?.spec.parameters['retakeBy']).toBe('2008-06-30');
  });

  it('leaves a refused file out when this device never had a good version of it', async () => {
    const rules = await loadRules(publishedWith({ [OFFER_2007]: '{ "id": ' }), freshMemory());
    expect(rules.problems[0]?.file).toBe('rules/offers/ms-second-shot-2007.json');
    expect(rules.problems[0]?.message).toMatch(/^is not valid JSON/);
    expect(rules.keptLastGood).toEqual([]);
    expect(rules.ruleSet.has('ms-second-shot-2007')).toBe(false);
    expect(rules.ruleSet.has('ms-second-shot-2015')).toBe(true);
  });

  it('writes to this device only the files whose text changed since the last load', async () => {
    const memory = freshMemory();
    await loadRules(publishedOnDisk, memory);
    const written: string[] = [];
    const watched = { getItem: memory.getItem, setItem: (key: string, value: string) => void (written.push(key), memory.setItem(key, value)) };
    await loadRules(publishedOnDisk, watched);
    expect(written).toEqual([]);
    const text = (await publishedOnDisk(OFFER_2007)).replace('"retakeBy": "2008-06-30"', '"retakeBy": "2008-07-31"');
    await loadRules(publishedWith({ [OFFER_2007]: text }), watched);
    expect(written).toEqual(['second-shot:rules:offers/ms-second-shot-2007.json']);
    expect(memory.getItem('second-shot:rules:offers/ms-second-shot-2007.json')).toBe(text);
  });

  it('asks for the files listed last time together with the index, and uses only those the index lists now', async () => {
    const memory = freshMemory();
    await loadRules(publishedOnDisk, memory);
    const asked: string[] = [];
    let indexAnswered = false;
    const withoutComptia = JSON.stringify({ files: (JSON.parse(await publishedOnDisk('/rules/index.json')) as { files: string[] }).files.filter((f) => !f.includes('comptia')) });
    const watched: FetchText = async (path) => {
      asked.push(`${path}${indexAnswered ? ' (after the index)' : ''}`);
      if (path !== '/rules/index.json') return publishedOnDisk(path);
      await new Promise((resolve) => setTimeout(resolve, 0));
      indexAnswered = true;
      return withoutComptia;
    };
    const rules = await loadRules(watched, memory);
    expect(asked.filter((path) => path.endsWith('(after the index)'))).toEqual([]);
    expect(asked).toHaveLength(6);
    expect(rules.ruleSet.has('comptia-retake-policy')).toBe(false);
    expect(rules.ruleSet.ids()).toHaveLength(4);
    // A file listed now and not before is asked for once the index says so.
    const asNew: FetchText = async (path) => (path === '/rules/index.json' ? publishedOnDisk(path) : watched(path));
    asked.length = 0;
    expect((await loadRules(asNew, memory)).ruleSet.has('comptia-retake-policy')).toBe(true);
    expect(asked.filter((path) => path.includes('comptia'))).toEqual(['/rules/offers/comptia-retake-policy.json (after the index)']);
  });

  it('falls back on what this device remembers when it cannot fetch', async () => {
    const memory = freshMemory();
    await loadRules(publishedOnDisk, memory);
    const offline: FetchText = async () => {
      throw new Error('offline');
    };
    const rules = await loadRules(offline, memory);
    expect(rules.problems).toEqual([]);
    expect(rules.ruleSet.ids()).toHaveLength(5);
    await expect(loadRules(offline, freshMemory())).rejects.toThrow('the list of offer rules could not be fetched (offline)');
  });

  it('a damaged remembered index counts as nothing remembered, with no alarming message', async () => {
    const memory = freshMemory();
    await loadRules(publishedOnDisk, memory);
    memory.setItem('second-shot:rules:/rules/index.json', '{"files": ["offers/ms-sec');
    // Online, the damaged memory plays no part.
    expect((await loadRules(publishedOnDisk, memory)).problems).toEqual([]);
    memory.setItem('second-shot:rules:/rules/index.json', '{"files": [');
    await expect(loadRules(publishedWith({ '/rules/index.json': null }), memory)).rejects.toThrow(/^the list of offer rules could not be fetched \(offline\)$/);
    const rules = await loadRules(publishedWith({ '/rules/index.json': 'not json' }), memory);
    expect(rules.problems.map((p) => `${p.file}:${p.line ?? ''}:${p.column ?? ''}: ${p.message}`)).toEqual(['rules/index.json:1:1: is not valid JSON: unexpected character, found "not"']);
  });

  it('refuses an index that does not list offer files, and uses the last good list', async () => {
    const memory = freshMemory();
    await loadRules(publishedOnDisk, memory);
    const rules = await loadRules(publishedWith({ '/rules/index.json': '{"files": ["../../etc/passwd"]}' }), memory);
    expect(rules.problems.map((p) => p.file)).toEqual(['rules/index.json']);
    expect(rules.ruleSet.ids()).toHaveLength(5);
  });

  it('one bad index entry refuses that entry only, named, and every other offer works, even on a first visit', async () => {
    const { files } = JSON.parse(await publishedOnDisk('/rules/index.json')) as { files: string[] };
    const index = JSON.stringify({ files: [files[0], 'offers/My Offer.JSON', ...files.slice(1), files[0]] });
    const rules = await loadRules(publishedWith({ '/rules/index.json': index }), freshMemory());
    expect(rules.problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`)).toEqual([
      'rules/index.json#/files/1: "offers/My Offer.JSON" is not an offer file: entries look like "offers/my-offer.json" (lower-case words joined by "-")',
      `rules/index.json#/files/${files.length + 1}: "${files[0]}" is listed twice`,
    ]);
    expect(rules.ruleSet.ids()).toHaveLength(files.length);
  });
});
