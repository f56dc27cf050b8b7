// A rule set: the validated offer and policy files, each compiled once into its own
// json-rules-engine Engine and reused for every evaluation.

import { Almanac, Engine, type RuleResult, type TopLevelCondition } from 'json-rules-engine';
import { addDays, type IsoDate } from '../dates.ts';
import { compileExamPattern, examMatchesAny, normalizeExam } from '../exam.ts';
import type { OfferCatalogue } from '../history/validate.ts';
import { formatProblem, isRecord, type Problem } from '../problems.ts';
import { type FactName, type FactValues, OPERATORS } from './catalogue.ts';
import { type Condition, type DateExpression, type LeafCondition, type OfferSpec, type ParamValue, type RuleEvent, type RuleValue, validateOfferFile } from './offer-file.ts';
import { readJson } from '../json.ts';

export interface SourceFile {
  /** Where the text came from, for messages, e.g. "rules/offers/ms-second-shot-2007.json". */
  file: string;
  text: string;
}

/** Whether a file rule holds, given the result of each of the file's distinct comparisons. */
type Holds = (comparisons: readonly boolean[]) => boolean;

export interface CompiledRule {
  event: RuleEvent;
  holds: Holds;
}

export interface CompiledOffer {
  spec: OfferSpec;
  file: string;
  /** One engine rule whose top-level `any` holds each distinct comparison of the file once. */
  engine: Engine;
  /** Settles when the engine's latest run has ended, whatever its outcome. */
  engineFree: Promise<unknown>;
  comparisons: number;
  /** The file's rules, each its all/any/not structure over the comparisons' results. */
  rules: CompiledRule[];
  /** Answers already given, by the values of the facts the file reads (the answer depends on nothing else). */
  answers: Map<string, RuleEvent[]>;
  /** The facts the file's rules read: each registered once on its engine, and the key of its remembered answers. */
  facts: FactName[];
  codePattern?: RegExp;
  applies?: { exams: RegExp[]; excludeExams: RegExp[] };
}

/** A comparison as the engine runs it: a parameter replaced by its value. */
function toEngineComparison(condition: LeafCondition, params: Record<string, ParamValue>): Condition {
  const value: RuleValue = condition.value;
  if (typeof value === 'object' && !Array.isArray(value) && 'param' in value) {
    return { ...condition, value: params[value.param] ?? null } as Condition;
  }
  return condition;
}

/**
 * A file rule's structure over its comparisons; each distinct comparison (after parameters are
 * filled in) is listed once in `comparisons`, however many rules use it.
 */
function structureOf(condition: Condition, params: Record<string, ParamValue>, seen: Map<string, number>, comparisons: Condition[]): Holds {
  if ('all' in condition || 'any' in condition) {
    const parts = ('all' in condition ? condition.all : condition.any).map((c) => structureOf(c, params, seen, comparisons));
    // As in json-rules-engine, an empty group holds.
    if ('all' in condition || parts.length === 0) return (results) => parts.every((holds) => holds(results));
    return (results) => parts.some((holds) => holds(results));
  }
  if ('not' in condition) {
    const inner = structureOf(condition.not, params, seen, comparisons);
    return (results) => !inner(results);
  }
  const comparison = toEngineComparison(condition, params);
  const key = JSON.stringify(comparison);
  let index = seen.get(key);
  if (index === undefined) {
    index = comparisons.length;
    seen.set(key, index);
    comparisons.push(comparison);
  }
  const at = index;
  return (results) => results[at] === true;
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

/** One question's fact values, for the facts registered on a file's engine to read during that run. */
class QuestionAlmanac extends Almanac {
  constructor(readonly values: FactValues) {
    super({ allowUndefinedFacts: false });
  }
}

function compile(spec: OfferSpec, file: string): CompiledOffer {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const [name, operator] of Object.entries(OPERATORS)) {
    if ('evaluate' in operator) engine.addOperator(name, operator.evaluate);
  }
  // json-rules-engine evaluates every child of an `any` of one priority and records each
  // child's result, so one engine rule holding each distinct comparison once gives every
  // comparison's result in one run; the file's all/any/not structure is then combined from
  // those results. Each comparison is still decided by json-rules-engine and its operators,
  // but its per-rule work (a deep copy of the conditions, promise chains, events) is done once.
  const seen = new Map<string, number>();
  const comparisons: Condition[] = [];
  const rules = spec.rules.map((rule) => ({ event: rule.event, holds: structureOf(rule.conditions, spec.parameters, seen, comparisons) }));
  if (comparisons.length > 0) engine.addRule({ name: 'comparisons', conditions: { any: comparisons } as TopLevelCondition, event: { type: 'compared' } });
  const facts = new Set<FactName>();
  for (const rule of spec.rules) collectFacts(rule.conditions, facts);
  // Each fact registered once, reading the value from the run's own almanac: no Fact objects
  // per question, and questions running at the same time never see each other's values. Not
  // cached: the values are already computed, so json-rules-engine's cache key (a hash) would
  // cost more than the lookup.
  for (const name of facts) engine.addFact(name, (_params, almanac) => (almanac as QuestionAlmanac).values[name], { cache: false });
  const compiled: CompiledOffer = { spec, file, engine, engineFree: Promise.resolve(), comparisons: comparisons.length, rules, answers: new Map(), facts: [...facts] };
  if (spec.voucherCode) compiled.codePattern = new RegExp(spec.voucherCode.pattern);
  if (spec.appliesTo) {
    compiled.applies = {
      exams: spec.appliesTo.exams.map(compileExamPattern),
      excludeExams: (spec.appliesTo.excludeExams ?? []).map(compileExamPattern),
    };
  }
  return compiled;
}

// Enough remembered answers for a dashboard's re-evaluation after an edit; a bound on memory.
export const REMEMBERED_ANSWERS = 5_000;

function answerKey(offer: CompiledOffer, facts: FactValues): string {
  return JSON.stringify(offer.facts.map((name) => facts[name]));
}

/** The events of the file rules that hold for these facts, in the file's order. */
export async function firedEvents(offer: CompiledOffer, facts: FactValues): Promise<readonly RuleEvent[]> {
  const key = answerKey(offer, facts);
  const known = offer.answers.get(key);
  if (known) return known;
  const results: boolean[] = [];
  if (offer.comparisons > 0) {
    // One run at a time on a file's engine: json-rules-engine keeps a run's status on the
    // engine, so a run that ends while another is under way would make that one skip its rule
    // (and answer as if no comparison held).
    const running = offer.engineFree.then(() => offer.engine.run({}, { almanac: new QuestionAlmanac(facts) }));
    offer.engineFree = running.catch(() => undefined);
    const run = await running;
    const ruleResult: RuleResult | undefined = run.results[0] ?? run.failureResults[0];
    const children: unknown[] = ruleResult && 'any' in ruleResult.conditions ? ruleResult.conditions.any : [];
    for (const child of children) results.push(isRecord(child) && child['result'] === true);
  }
  const fired = offer.rules.filter((rule) => rule.holds(results)).map((rule) => rule.event);
  if (offer.answers.size >= REMEMBERED_ANSWERS) offer.answers.clear();
  offer.answers.set(key, fired);
  return fired;
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
