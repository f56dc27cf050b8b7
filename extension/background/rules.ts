// The offer rules and the site profiles in force. Both are bundled at build and answer until a
// refresh brings published ones (offers: published.ts; corrected site profiles:
// shared/sites/published.ts), kept in chrome.storage.local with the last good text of each
// file; the compiled sets below are only caches: a stopped service worker rebuilds them from storage.

import { loadRuleSet, type RuleSet, type SourceFile } from '../../shared/engine/ruleset.ts';
import type { Problem } from '../../shared/problems.ts';
import { RULES_INDEX } from '../../shared/published/names.ts';
import { loadSiteProfiles, type SiteProfile } from '../../shared/sites/profile.ts';
import { type ProfileFile, type ProfileSource, refreshPublishedProfiles } from '../../shared/sites/published.ts';
import type { RulesView } from '../rules-messages.ts';
import { publishedFetcher, refreshDue, refreshPublished, rulesIndexUrl } from './published.ts';
import { readHistory, readSelfReports, readSettings } from './store.ts';

const OFFER_FILES = import.meta.glob<string>('/rules/offers/*.json', { query: '?raw', import: 'default', eager: true });
const SITE_FILES = import.meta.glob<string>('/rules/sites/*.json', { query: '?raw', import: 'default', eager: true });

function sources(files: Record<string, string>): SourceFile[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ file: path.replace(/^\//, ''), text }));
}

export interface Shipped {
  ruleSet: RuleSet;
  profiles: SiteProfile[];
  problems: Problem[];
}

let shipped: Shipped | undefined;

export function shippedRules(): Shipped {
  if (!shipped) {
    const rules = loadRuleSet(sources(OFFER_FILES));
    const sites = loadSiteProfiles(sources(SITE_FILES));
    shipped = { ruleSet: rules.ruleSet, profiles: sites.profiles, problems: [...rules.problems, ...sites.problems] };
  }
  return shipped;
}

/** What the last refresh left in chrome.storage.local. */
interface PublishedState {
  source: string;
  triedAt: number;
  /** The offer files in force, or null while the bundled ones are. */
  files: SourceFile[] | null;
  refused: Problem[];
  keptLastGood: string[];
  error: string | null;
  /** The last good text of each published file (and the index), for the next refresh. */
  memory: Record<string, string>;
  /** The site profiles in force and why published ones were refused; absent before the first refresh that reached the index. */
  sites?: PublishedSites;
}

interface PublishedSites {
  files: ProfileFile[];
  from: Record<string, ProfileSource>;
  refused: Problem[];
  memory: Record<string, string>;
}

const STATE_KEY = 'publishedRules';
const RULES_URL_KEY = 'rulesUrl';

async function readState(): Promise<PublishedState | null> {
  return ((await chrome.storage.local.get(STATE_KEY))[STATE_KEY] as PublishedState | undefined) ?? null;
}

/** The rules URL set in options, or null to follow the PWA origin. */
export async function readRulesUrl(): Promise<string | null> {
  return ((await chrome.storage.local.get(RULES_URL_KEY))[RULES_URL_KEY] as string | undefined) ?? null;
}

export async function writeRulesUrl(url: string | null): Promise<void> {
  if (url === null) await chrome.storage.local.remove(RULES_URL_KEY);
  else await chrome.storage.local.set({ [RULES_URL_KEY]: url });
}

/**
 * What stored files compile to, rebuilt only when they change. Stored files passed validation
 * when fetched; should a newer extension refuse them (problems), the bundled ones answer.
 */
function compiledFrom<T>(compile: (files: SourceFile[]) => { value: T; problems: readonly unknown[] }, bundled: () => T): (files: SourceFile[] | null) => T {
  let last: { key: string; value: T } | undefined;
  return (files) => {
    if (!files) return bundled();
    const key = JSON.stringify(files);
    if (last?.key !== key) {
      const loaded = compile(files);
      last = { key, value: loaded.problems.length === 0 ? loaded.value : bundled() };
    }
    return last.value;
  };
}

const compiledRules = compiledFrom((files) => { const r = loadRuleSet(files); return { value: r.ruleSet, problems: r.problems }; }, () => shippedRules().ruleSet);
const compiledProfiles = compiledFrom((files) => { const p = loadSiteProfiles(files); return { value: p.profiles, problems: p.problems }; }, () => shippedRules().profiles);

/** The offer rules the verdicts, statuses and fill use: the published set, else the bundled one. */
export async function rulesInForce(): Promise<RuleSet> {
  return compiledRules((await readState())?.files ?? null);
}

/** The site profiles the booking pages are read and checked with: the published corrections, else the bundled ones. */
export async function profilesInForce(): Promise<SiteProfile[]> {
  return compiledProfiles((await readState())?.sites?.files ?? null);
}

async function sitesView(state: PublishedState | null): Promise<Pick<RulesView, 'sites' | 'sitesRefused'>> {
  const files = state?.sites?.files ?? sources(SITE_FILES);
  const counts = await readSelfReports();
  const sites = files.flatMap(({ file, text }) => loadSiteProfiles([{ file, text }]).profiles.map((p) => ({
    file, id: p.id, name: p.name, version: p.version, from: state?.sites?.from[file] ?? ('bundled' as const),
    notFound: { voucherField: counts[p.id]?.voucherField ?? 0, exam: counts[p.id]?.exam ?? 0 },
  })));
  const sitesRefused = (state?.sites?.refused ?? []).map((p) => ({ file: p.file, pointer: p.pointer, message: p.message, hint: p.hint ?? null }));
  return { sites, sitesRefused };
}

function view(state: PublishedState | null, source: string, configured: string | null, sites: Pick<RulesView, 'sites' | 'sitesRefused'>): RulesView {
  const bundled = sources(OFFER_FILES);
  const bundledText = new Map(bundled.map((f) => [f.file, f.text]));
  const from = (f: SourceFile): RulesView['inForce'][number]['from'] => {
    if (!state?.files) return 'bundled';
    if (!state.keptLastGood.includes(f.file)) return 'published';
    return bundledText.get(f.file) === f.text ? 'bundled' : 'last good';
  };
  const inForce = (state?.files ?? bundled).map((f) => ({ file: f.file, from: from(f) }));
  return {
    source, configured,
    triedAt: state ? new Date(state.triedAt).toISOString() : null,
    inForce,
    refused: (state?.refused ?? []).map((p) => ({ file: p.file, pointer: p.pointer, message: p.message, hint: p.hint ?? null })),
    error: state?.error ?? null,
    ...sites,
  };
}

async function currentSource(): Promise<{ source: string; configured: string | null }> {
  const { pwaOrigin } = await readSettings();
  const configured = await readRulesUrl();
  return { source: rulesIndexUrl(pwaOrigin, configured), configured };
}

export async function rulesView(): Promise<RulesView> {
  const { source, configured } = await currentSource();
  const state = await readState();
  return view(state, source, configured, await sitesView(state));
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Fetches the published rules from the configured origin only (and only with the host
 * permission for it), validates them as the PWA does and stores what is in force. One
 * refresh at a time across the extension's contexts.
 */
export function refreshRules(): Promise<RulesView> {
  return navigator.locks.request('second-shot-rules', async () => {
    const { source, configured } = await currentSource();
    const previous = await readState();
    const triedAt = Date.now();
    const origin = new URL(source).origin;
    const keep = (error: string): PublishedState => ({
      source, triedAt, files: previous?.files ?? null, refused: previous?.refused ?? [], keptLastGood: previous?.keptLastGood ?? [], error, memory: previous?.memory ?? {},
      ...(previous?.sites ? { sites: previous.sites } : {}),
    });
    let next: PublishedState;
    if (!(await chrome.permissions.contains({ origins: [`${origin}/*`] }))) {
      next = keep(`The extension has no access to ${origin}: save that address in the options to grant it.`);
    } else {
      const failures: string[] = [];
      const fetchText = publishedFetcher(source, (url) => fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'error' }));
      // The index is fetched once: the offers loader reads its "files", the profiles its "sites".
      const index: { text: string | null } = { text: null };
      const noting = async (path: string): Promise<string> => {
        try {
          const text = await fetchText(path);
          if (path === RULES_INDEX) index.text = text;
          return text;
        } catch (error) {
          failures.push(reason(error));
          throw error;
        }
      };
      try {
        const history = await readHistory(await rulesInForce()).catch(() => null);
        const result = await refreshPublished(noting, previous?.memory ?? {}, sources(OFFER_FILES), history);
        const error = failures.length > 0 ? `Could not fetch ${failures.join('; ')}: the last good version stays in force.` : null;
        next = { source, triedAt, files: result.files, refused: result.problems, keptLastGood: result.keptLastGood, error, memory: result.memory };
      } catch (error) {
        next = keep(`Nothing changed: ${reason(error)}.`);
      }
      if (index.text !== null) {
        const sites = await refreshPublishedProfiles(noting, index.text, previous?.sites?.memory ?? {}, sources(SITE_FILES));
        next = { ...next, sites: { files: sites.files, from: sites.from, refused: sites.problems, memory: sites.memory } };
      }
    }
    await chrome.storage.local.set({ [STATE_KEY]: next });
    return view(next, source, configured, await sitesView(next));
  });
}

/** On waking, the service worker refreshes at most once a day. */
export async function refreshIfDue(): Promise<void> {
  const state = await readState();
  if (refreshDue(state?.triedAt ?? null, Date.now())) await refreshRules();
}
