// The rule workbench's engine side, loaded only when the workbench opens: checking a draft
// rule file against the published ones (validation, worked examples, warnings), with each
// problem placed on its line, and the draft's rules in plain English.
import { checkRules } from '../../shared/engine/rule-check.ts';
import { indexHistory, voucherStatus } from '../../shared/engine/evaluate.ts';
import { type ExampleOutcome, runExamples } from '../../shared/engine/examples.ts';
import { describeOffer, type RuleDescription } from '../../shared/engine/explain.ts';
import type { OfferSpec } from '../../shared/engine/offer-file.ts';
import type { RuleSet, SourceFile } from '../../shared/engine/ruleset.ts';
import { locatePointer } from '../../shared/json.ts';
import { isRecord, type Problem } from '../../shared/problems.ts';
import type { Rules } from './source.ts';

export interface PlacedProblem extends Problem {
  /** Where in the draft's text, when the problem is in the draft. */
  line?: number;
  column?: number;
}

export interface DraftCheck {
  /** The draft's name: the published file it replaces, or the new file it would be. */
  file: string;
  errors: PlacedProblem[];
  warnings: PlacedProblem[];
  /** The draft's own worked examples, run against the rules with the draft in place. */
  examples: ExampleOutcome[];
  /** The published rules with the draft in place of its file, when the draft is usable. */
  ruleSet: RuleSet | null;
  spec: OfferSpec | null;
  plain: RuleDescription[];
}

/** The file a draft stands for: the published file with its id, or a new one named after it. */
export function draftFileName(text: string, published: readonly SourceFile[], ruleSet: RuleSet): string {
  let id: unknown;
  try {
    const value: unknown = JSON.parse(text);
    id = isRecord(value) ? value['id'] : undefined;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return 'rules/offers/draft.json';
  return ruleSet.get(id)?.file ?? published.find((f) => f.file === `rules/offers/${id}.json`)?.file ?? `rules/offers/${id}.json`;
}

function place(problem: Problem, file: string, text: string): PlacedProblem {
  if (problem.file !== file || problem.line !== undefined) return problem;
  const at = locatePointer(text, problem.pointer);
  return at ? { ...problem, line: at.line, column: at.column } : problem;
}

export async function checkDraft(rules: Rules, text: string): Promise<DraftCheck> {
  const file = draftFileName(text, rules.files, rules.ruleSet);
  const files = [...rules.files.filter((f) => f.file !== file), { file, text }];
  const check = await checkRules(files);
  const errors = check.errors.map((p) => place(p, file, text));
  const usable = !check.errors.some((p) => p.file === file && !p.pointer.startsWith('/examples/'));
  const offer = usable ? check.ruleSet.all().find((o) => o.file === file) : undefined;
  return {
    file,
    errors,
    warnings: check.warnings.filter((p) => p.file === file).map((p) => place(p, file, text)),
    examples: offer ? await runExamples(check.ruleSet, offer.spec.id) : [],
    ruleSet: offer ? check.ruleSet : null,
    spec: offer?.spec ?? null,
    plain: offer ? describeOffer(offer.spec) : [],
  };
}

export { bookingsAsCases, summarizeImpact } from '../../shared/engine/impact.ts';
export { indexHistory, voucherStatus };
