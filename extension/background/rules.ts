// The offer rules in force and the site profiles. The profiles, and the offer rules until a
// refresh brings published ones, are bundled at build. Published rules (see published.ts)
// are kept in chrome.storage.local with the last good text of each file; the compiled rule
// sets below are only caches: a stopped service worker rebuilds them from storage.

import { loadRuleSet, type RuleSet, type SourceFile } from '../../shared/engine/ruleset.ts';
import type { Problem } from '../../shared/problems.ts';
import { loadSiteProfiles, type SiteProfile } from '../../shared/sites/profile.ts';
import type { RulesView } from '../rules-messages.ts';
import { publishedFetcher, refreshDue, refreshPublished, rulesIndexUrl } from './published.ts';
import { readHistory, readSettings } from './store.ts';

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

let compiled: { key: string; ruleSet: RuleSet } | undefined;

/** The offer rules the verdicts, statuses and fill use: the published set, else the bundled one. */
export async function rulesInForce(): Promise<RuleSet> {
  const files = (await readState())?.files ?? null;
  if (!files) return shippedRules().ruleSet;
  const key = JSON.stringify(files);
  if (compiled?.key !== key) {
    const loaded = loadRuleSet(files);
    // Stored files passed validation when fetched; should a newer extension refuse them, the bundled set answers.
    compiled = { key, ruleSet: loaded.problems.length === 0 ? loaded.ruleSet : shippedRules().ruleSet };
  }
  return compiled.ruleSet;
}

function view(state: PublishedState | null, source: string, configured: string | null): RulesView {
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
  };
}

async function currentSource(): Promise<{ source: string; configured: string | null }> {
  const { pwaOrigin } = await readSettings();
  const configured = await readRulesUrl();
  return { source: rulesIndexUrl(pwaOrigin, configured), configured };
}

export async function rulesView(): Promise<RulesView> {
  const { source, configured } = await currentSource();
  return view(await readState(), source, configured);
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
    });
    let next: PublishedState;
    if (!(await chrome.permissions.contains({ origins: [`${origin}/*`] }))) {
      next = keep(`The extension has no access to ${origin}: save that address in the options to grant it.`);
    } else {
      const failures: string[] = [];
      const fetchText = publishedFetcher(source, (url) => fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'error' }));
      const noting = async (path: string): Promise<string> => {
        try {
          return await fetchText(path);
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
    }
    await chrome.storage.local.set({ [STATE_KEY]: next });
    return view(next, source, configured);
  });
}

/** On waking, the service worker refreshes at most once a day. */
export async function refreshIfDue(): Promise<void> {
  const state = await readState();
  if (refreshDue(state?.triedAt ?? null, Date.now())) await refreshRules();
}
