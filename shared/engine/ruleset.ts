// A rule set: the validated offer and policy files, each compiled once into its own
// json-rules-engine Engine and reused for every evaluation.

import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { addDays, type IsoDate } from '../dates.ts';
import { compileExamPattern, examMatchesAny, normalizeExam } from '../exam.ts';
import type { OfferCatalogue } from '../history/validate.ts';
import { formatProblem, type Problem } from '../problems.ts';
import { type FactName, type FactValues, OPERATORS } from './catalogue.ts';
import { type Condition, type DateExpression, type OfferSpec, type ParamValue, type RuleEvent, type RuleSpec, type RuleValue, validateOfferFile } from './offer-file.ts';
import { readJson } from '../json.ts';

export interface SourceFile {
  /** Where the text came from, for messages, e.g. "rules/offers/ms-second-shot-2007.json". */
  file: string;
  text: string;
}

export interface CompiledOffer {
  spec: OfferSpec;
  file: string;
  engine: Engine;
  /** For each engine rule (named by decision), the file's rules it holds, in `any` order. */
  groups: Map<string, RuleEvent[]>;
  /** The facts the file's rules read: only these are handed to the engine on each run. */
  facts: FactName[];
  codePattern?: RegExp;
  applies?: { exams: RegExp[]; excludeExams: RegExp[] };
}

/**
 * The condition as the engine runs it: parameters replaced by their values, and groups of one
 * condition replaced by that condition (same meaning, fewer objects for the engine to copy).
 */
function toEngineCondition(condition: Condition, params: Record<string, ParamValue>): Condition {
  if ('all' in condition || 'any' in condition) {
    const items = 'all' in condition ? condition.all : condition.any;
    if (items.length === 1 && items[0]) return toEngineCondition(items[0], params);
    const converted = items.map((c) => toEngineCondition(c, params));
    return 'all' in condition ? { all: converted } : { any: converted };
  }
  if ('not' in condition) return { not: toEngineCondition(condition.not, params) };
  const value: RuleValue = condition.value;
  if (typeof value === 'object' && !Array.isArray(value) && 'param' in value) {
    return { ...condition, value: params[value.param] ?? null } as Condition;
  }
  return condition;
}

function collectFacts(condition: Condition, into: Set<FactName>): Set<FactName> {
  if ('all' in condition) condition.all.forEach((c) => collectFacts(c, into));
  else if ('any' in condition) condition.any.forEach((c) => collectFacts(c, into));
  else if ('not' in condition) collectFacts(condition.not, into);
  else {
    into.add(condition.fact);
    const value: RuleValue = condition.value;
    if (typeof value === 'object' && !Array.isArray(value) && 'fact' in value) into.add(value.fact);
  }
  return into;
}

function compile(spec: OfferSpec, file: string): CompiledOffer {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const [name, operator] of Object.entries(OPERATORS)) {
    if ('evaluate' in operator) engine.addOperator(name, operator.evaluate);
  }
  // The file's rules that share a decision run as one engine rule whose top-level `any`
  // holds each of them; json-rules-engine evaluates every child of an `any` of one priority
  // and records each child's result, so each file rule still fires on its own. Fewer engine
  // rules means far less of json-rules-engine's per-rule work (a deep copy of the conditions,
  // promise chains, events) on every run.
  const groups = new Map<RuleEvent['type'], number[]>();
  spec.rules.forEach((rule, index) => groups.set(rule.event.type, [...(groups.get(rule.event.type) ?? []), index]));
  for (const [type, members] of groups) {
    const properties: RuleProperties = {
      name: type,
      conditions: { any: members.map((i) => toEngineCondition((spec.rules[i] as RuleSpec).conditions, spec.parameters)) } as TopLevelCondition,
      event: { type },
    };
    engine.addRule(properties);
  }
  const facts = new Set<FactName>();
  for (const rule of spec.rules) collectFacts(rule.conditions, facts);
  const grouped = new Map([...groups].map(([type, members]) => [type, members.map((i) => (spec.rules[i] as RuleSpec).event)]));
  const compiled: CompiledOffer = { spec, file, engine, groups: grouped, facts: [...facts] };
  if (spec.voucherCode) compiled.codePattern = new RegExp(spec.voucherCode.pattern);
  if (spec.appliesTo) {
    compiled.applies = {
      exams: spec.appliesTo.exams.map(compileExamPattern),
      excludeExams: (spec.appliesTo.excludeExams ?? []).map(compileExamPattern),
    };
  }
  return compiled;
}

export class RuleSet implements OfferCatalogue {
  private readonly byId = new Map<string, CompiledOffer>();

  constructor(offers: readonly CompiledOffer[]) {
    for (const offer of offers) this.byId.set(offer.spec.id, offer);
  }

  has(offerId: string): boolean {
    return this.byId.has(offerId);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  get(offerId: string): CompiledOffer | undefined {
    return this.byId.get(offerId);
  }

  all(): CompiledOffer[] {
    return [...this.byId.values()];
  }

  offers(): CompiledOffer[] {
    return this.all().filter((o) => o.spec.kind === 'voucher-offer');
  }

  policies(): CompiledOffer[] {
    return this.all().filter((o) => o.spec.kind === 'retake-policy');
  }

  codeFormat(offerId: string): { pattern: RegExp; example: string } | undefined {
    const offer = this.byId.get(offerId);
    return offer?.codePattern && offer.spec.voucherCode ? { pattern: offer.codePattern, example: offer.spec.voucherCode.example } : undefined;
  }

  /** The retake policies that govern booking this exam with this provider on this date. */
  policiesFor(exam: string, provider: string, on: IsoDate): CompiledOffer[] {
    const code = normalizeExam(exam);
    return this.policies().filter(({ spec, applies }) => {
      const scope = spec.appliesTo;
      if (!scope || !applies) return false;
      if (scope.from !== undefined && on < scope.from) return false;
      if (scope.until !== undefined && on > scope.until) return false;
      if (scope.providers !== undefined && !scope.providers.includes(provider)) return false;
      return examMatchesAny(code, applies.exams) && !examMatchesAny(code, applies.excludeExams);
    });
  }
}

export interface LoadedRuleSet {
  ruleSet: RuleSet;
  /** Problems of the files that were refused; the rest are in the set. */
  problems: Problem[];
}

/** Validates every file and compiles the good ones; a refused file never takes part. */
export function loadRuleSet(files: readonly SourceFile[]): LoadedRuleSet {
  const problems: Problem[] = [];
  const compiled: CompiledOffer[] = [];
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    const parsed = readJson(text, file);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const checked = validateOfferFile(parsed.value, file);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const first = seen.get(checked.value.id);
    if (first !== undefined) {
      problems.push({ file, pointer: '/id', message: `offer id "${checked.value.id}" is already used by ${first}` });
      continue;
    }
    seen.set(checked.value.id, file);
    compiled.push(compile(checked.value, file));
  }
  return { ruleSet: new RuleSet(compiled), problems };
}

export function describeProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

/** Resolves a rule's date expression against the facts of one evaluation. */
export function resolveDate(expression: DateExpression, facts: FactValues, params: Record<string, ParamValue>): IsoDate | null {
  if (typeof expression === 'string') return expression;
  if ('param' in expression) {
    const value = params[expression.param];
    return typeof value === 'string' ? value : null;
  }
  if ('earliest' in expression || 'latest' in expression) {
    const dates = ('earliest' in expression ? expression.earliest : expression.latest)
      .map((e) => resolveDate(e, facts, params))
      .filter((d): d is IsoDate => d !== null)
      .sort();
    return ('earliest' in expression ? dates[0] : dates[dates.length - 1]) ?? null;
  }
  const base = facts[expression.fact];
  if (typeof base !== 'string') return null;
  const plus = expression.plusDays;
  const days = plus === undefined ? 0 : typeof plus === 'number' ? plus : Number(params[plus.param] ?? 0);
  return addDays(base, days);
}
