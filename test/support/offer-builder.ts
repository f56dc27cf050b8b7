// Small purpose-made rule files for testing the engine's own semantics, independent of the
// shipped offers: each test says exactly which rules exist and what they decide.
import { loadRuleSet, type RuleSet } from '../../shared/engine/ruleset.ts';
import { describeProblems } from '../../shared/engine/ruleset.ts';
import type { Attempt, Voucher } from '../../shared/history/format.ts';

type Json = Record<string, unknown>;

export interface RuleSketch {
  type: string;
  reason: string;
  /** Conditions under `all`. */
  when: Json[];
  opensOn?: unknown;
  deadline?: unknown;
}

export const ALWAYS: Json = { fact: 'voucherAttempts', operator: 'greaterThanInclusive', value: 0 };

export function rule({ type, reason, when, opensOn, deadline }: RuleSketch): Json {
  const params: Json = { reason };
  if (opensOn !== undefined) params['opensOn'] = opensOn;
  if (deadline !== undefined) params['deadline'] = deadline;
  return { conditions: { all: when }, event: { type, params } };
}

/** A valid rule file with the given rules; every reason gets a message naming it. */
export function ruleFile(id: string, rules: Json[], extra: Json = {}): { file: string; text: string } {
  const reasons: Record<string, string> = {};
  for (const r of rules) {
    const code = ((r['event'] as Json)['params'] as Json)['reason'] as string;
    reasons[code] = `message for ${code}`;
  }
  const kind = (extra['kind'] as string | undefined) ?? 'voucher-offer';
  const offer: Json = {
    id,
    title: `Test file ${id}`,
    sponsor: 'Tests',
    kind,
    summary: 'A rule file made for one engine test.',
    sources: [{ url: 'https://tests.invalid/terms', read: '2026-01-01' }],
    interpretations: [{ wording: 'none', reading: 'none' }],
    parameters: kind === 'voucher-offer' ? { opens: '2026-01-01', firstAttemptBy: '2026-06-30', retakeBy: '2026-07-31' } : {},
    rules,
    reasons,
    examples: [{ name: 'never run here', history: {}, ask: { on: '2026-01-01' }, expect: {} }],
    ...extra,
  };
  return { file: `rules/offers/${id}.json`, text: JSON.stringify(offer) };
}

export function ruleSetOf(...files: { file: string; text: string }[]): RuleSet {
  const { ruleSet, problems } = loadRuleSet(files);
  if (problems.length > 0) throw new Error(describeProblems(problems));
  return ruleSet;
}

export function voucher(offer: string, obtainedOn = '2026-01-01'): Voucher {
  return { id: 'v1', code: 'CODE-1', offer, obtainedOn };
}

/** An attempt with voucher v1 at 70-298 with Prometric, booked the day it is taken; `paid` leaves the voucher out. */
export function attempt({ paid = false, ...parts }: Partial<Attempt> & Pick<Attempt, 'takenOn' | 'result'> & { paid?: boolean }): Attempt {
  const made: Attempt = { id: `a-${parts.takenOn}-${parts.result}`, voucher: 'v1', exam: '70-298', provider: 'prometric', bookedOn: parts.takenOn, ...parts };
  if (paid) delete made.voucher;
  return made;
}
