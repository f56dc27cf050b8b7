// A booking site as data: its exact origins, the URL of each booking step, and where each
// thing the extension needs sits on the page. Validated completely, like an offer file:
// every problem names the file and the JSON pointer. No DOM here: the build, the service
// worker and the unit tests all use it.

import { type Checked, type Problem, didYouMean, isRecord, pointerTo } from '../problems.ts';
import { readJson } from '../json.ts';

export const STEP_KINDS = ['exam-choice', 'payment', 'confirmation'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** The things a page is read for; each has profile selectors and built-in fallback cues. */
export const TARGETS = ['exam', 'examDate', 'voucherField', 'applyButton'] as const;
export type Target = (typeof TARGETS)[number];

export const DATE_ORDERS = ['MDY', 'DMY', 'YMD'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export interface SiteStep {
  id: string;
  kind: StepKind;
  /** Path patterns ("*" = any run of characters), matched against the URL path, case-insensitively. */
  paths: string[];
  /** For single-page apps: the step applies only while one of these selectors is on the page. */
  when?: string[];
}

export interface SiteProfile {
  $schema?: string;
  id: string;
  name: string;
  /** Raised with every published change, so the options page can tell which one is in force. */
  version: number;
  /** Provider id as the history and rule files spell it ("prometric", "pearson-vue"). */
  provider: string;
  flow: string;
  note?: string;
  /** Exact https origins: scheme and host, no path, no wildcard. */
  origins: string[];
  find: Record<Target, string[]>;
  dateOrder: DateOrder;
  steps: SiteStep[];
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TOP_KEYS = ['$schema', 'id', 'name', 'version', 'provider', 'flow', 'note', 'origins', 'find', 'dateOrder', 'steps'];
// An origin as a manifest match pattern can hold it exactly: https, a host name, an optional port.
const EXACT_ORIGIN = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/;
const PATH = /^\/[A-Za-z0-9._~!$&'()+,;=:@%/*-]*$/;

class SiteChecker {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string) {}

  private add(pointer: string, message: string, hint?: string): void {
    this.problems.push(hint === undefined ? { file: this.file, pointer, message } : { file: this.file, pointer, message, hint });
  }

  private unknownKeys(record: Record<string, unknown>, allowed: readonly string[], at: string): void {
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.add(`${at}${pointerTo(key)}`, `unknown field "${key}"`, didYouMean(key, allowed));
    }
  }

  private text(record: Record<string, unknown>, key: string, at: string, required = true): void {
    const value = record[key];
    if (value === undefined) {
      if (required) this.add(`${at}${pointerTo(key)}`, `"${key}" is missing`);
    } else if (typeof value !== 'string' || value.trim() === '') {
      this.add(`${at}${pointerTo(key)}`, `"${key}" must be non-empty text`);
    }
  }

  private id(record: Record<string, unknown>, key: string, at: string): void {
    const value = record[key];
    if (typeof value !== 'string' || !ID.test(value)) this.add(`${at}${pointerTo(key)}`, `"${key}" must be lower-case words joined by "-"`);
  }

  private selectors(value: unknown, at: string): void {
    if (!Array.isArray(value) || value.length === 0) return this.add(at, 'must be a non-empty list of CSS selectors');
    value.forEach((selector, i) => {
      if (typeof selector !== 'string' || selector.trim() === '') this.add(`${at}/${i}`, 'a selector must be non-empty text');
      else if (/[{}]|<\/?[a-z]/i.test(selector)) this.add(`${at}/${i}`, `"${selector}" is not a CSS selector`);
    });
  }

  check(value: unknown): Checked<SiteProfile> {
    if (!isRecord(value)) {
      this.add('', 'a site profile must be a JSON object');
      return { ok: false, problems: this.problems };
    }
    this.unknownKeys(value, TOP_KEYS, '');
    this.id(value, 'id', '');
    this.text(value, 'name', '');
    const version = value['version'];
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) this.add('/version', '"version" must be a whole number from 1 up, raised with every published change');
    this.id(value, 'provider', '');
    this.text(value, 'flow', '');
    this.text(value, 'note', '', false);
    this.checkOrigins(value['origins']);
    const order = value['dateOrder'];
    if (typeof order !== 'string' || !(DATE_ORDERS as readonly string[]).includes(order)) {
      this.add('/dateOrder', `"dateOrder" must be one of ${DATE_ORDERS.join(', ')}`, typeof order === 'string' ? didYouMean(order, DATE_ORDERS) : undefined);
    }
    const find = value['find'];
    if (!isRecord(find)) {
      this.add('/find', `"find" must give selectors for ${TARGETS.join(', ')}`);
    } else {
      this.unknownKeys(find, TARGETS, '/find');
      for (const target of TARGETS) {
        if (find[target] === undefined) this.add(pointerTo('find', target), `"${target}" is missing`);
        else this.selectors(find[target], pointerTo('find', target));
      }
    }
    this.checkSteps(value['steps']);
    return this.problems.length === 0 ? { ok: true, value: value as unknown as SiteProfile } : { ok: false, problems: this.problems };
  }

  private checkOrigins(value: unknown): void {
    if (!Array.isArray(value) || value.length === 0) return this.add('/origins', '"origins" must be a non-empty list of https origins');
    const seen = new Set<string>();
    value.forEach((origin, i) => {
      if (typeof origin !== 'string' || !EXACT_ORIGIN.test(origin)) {
        this.add(`/origins/${i}`, `${JSON.stringify(origin)} is not an exact https origin`, 'write it as "https://host.example.com": https, lower case, no path, no wildcard');
      } else if (seen.has(origin)) {
        this.add(`/origins/${i}`, `"${origin}" is listed twice`);
      }
      if (typeof origin === 'string') seen.add(origin);
    });
  }

  private checkSteps(value: unknown): void {
    if (!Array.isArray(value) || value.length === 0) return this.add('/steps', '"steps" must be a non-empty list of booking steps');
    const ids = new Set<string>();
    const kinds = new Set<string>();
    value.forEach((step, i) => {
      const at = pointerTo('steps', i);
      if (!isRecord(step)) return this.add(at, 'a step must be an object with "id", "kind" and "paths"');
      this.unknownKeys(step, ['id', 'kind', 'paths', 'when'], at);
      this.id(step, 'id', at);
      if (typeof step['id'] === 'string') {
        if (ids.has(step['id'])) this.add(`${at}/id`, `step id "${step['id']}" is used twice`);
        ids.add(step['id']);
      }
      const kind = step['kind'];
      if (typeof kind !== 'string' || !(STEP_KINDS as readonly string[]).includes(kind)) {
        this.add(`${at}/kind`, `"kind" must be one of ${STEP_KINDS.join(', ')}`, typeof kind === 'string' ? didYouMean(kind, STEP_KINDS) : undefined);
      } else {
        kinds.add(kind);
      }
      const paths = step['paths'];
      if (!Array.isArray(paths) || paths.length === 0) {
        this.add(`${at}/paths`, '"paths" must be a non-empty list of URL paths such as "/Payment.aspx" or "/checkout/*"');
      } else {
        paths.forEach((path, j) => {
          if (typeof path !== 'string' || !PATH.test(path)) this.add(`${at}/paths/${j}`, `${JSON.stringify(path)} is not a URL path starting with "/"`);
        });
      }
      if (step['when'] !== undefined) this.selectors(step['when'], `${at}/when`);
    });
    for (const kind of STEP_KINDS) {
      if (!kinds.has(kind)) this.add('/steps', `no step of kind "${kind}": a profile covers exam choice, payment and confirmation`);
    }
  }
}

export function validateSiteProfile(value: unknown, file: string): Checked<SiteProfile> {
  return new SiteChecker(file).check(value);
}

export interface LoadedProfiles {
  profiles: SiteProfile[];
  problems: Problem[];
}

/** Validates every profile file; a refused file takes no part, and no origin may belong to two profiles. */
export function loadSiteProfiles(files: readonly { file: string; text: string }[]): LoadedProfiles {
  const problems: Problem[] = [];
  const profiles: SiteProfile[] = [];
  const owner = new Map<string, string>();
  for (const { file, text } of files) {
    const parsed = readJson(text, file);
    const checked = parsed.ok ? validateSiteProfile(parsed.value, file) : parsed;
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const profile = checked.value;
    const clash = profile.origins.findIndex((o) => owner.has(o));
    if (clash >= 0) {
      problems.push({ file, pointer: pointerTo('origins', clash), message: `"${profile.origins[clash]}" already belongs to ${owner.get(profile.origins[clash] ?? '')}` });
      continue;
    }
    if (profiles.some((p) => p.id === profile.id)) {
      problems.push({ file, pointer: '/id', message: `site id "${profile.id}" is already used` });
      continue;
    }
    for (const origin of profile.origins) owner.set(origin, file);
    profiles.push(profile);
  }
  return { profiles, problems };
}
