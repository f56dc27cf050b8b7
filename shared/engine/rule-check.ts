// The rule check, behind `npm run rules:check` and the workbench's "Rule check" (not the
// engine's answer to "Can I book?", which is `npm run check`): validation, worked examples,
// and warnings for likely mistakes that are still valid JSON.

import { didYouMean, isRecord, pointerTo, type Problem, quote } from '../problems.ts';
import type { Condition } from './offer-file.ts';
import { runExamples } from './examples.ts';
import { type CompiledOffer, loadRuleSet, type RuleSet, type SourceFile } from './ruleset.ts';

export interface RuleCheck {
  ruleSet: RuleSet;
  /** Problems that make a file unusable, and worked examples that fail. */
  errors: Problem[];
  /** Likely mistakes in files that are otherwise usable. */
  warnings: Problem[];
  examples: { passed: number; failed: number };
}

function warnDates(offer: CompiledOffer, warnings: Problem[]): void {
  const { spec, file } = offer;
  const p = spec.parameters;
  const date = (name: string): string | undefined => (typeof p[name] === 'string' ? (p[name] as string) : undefined);
  const opens = date('opens');
  for (const name of ['firstAttemptBy', 'retakeBy']) {
    const end = date(name);
    if (opens && end && end < opens) warnings.push({ file, pointer: pointerTo('parameters', name), message: `"${name}" (${end}) is before the offer opens (${opens})` });
  }
  const first = date('firstAttemptBy');
  const retake = date('retakeBy');
  if (first && retake && retake < first) warnings.push({ file, pointer: '/parameters/retakeBy', message: `"retakeBy" (${retake}) is before "firstAttemptBy" (${first}): a first exam booked late could never be retaken` });
  const scope = spec.appliesTo;
  if (scope?.from && scope.until && scope.until < scope.from) warnings.push({ file, pointer: '/appliesTo/until', message: `"until" (${scope.until}) is before "from" (${scope.from})` });
}

function window(offer: CompiledOffer): [string, string] | null {
  const p = offer.spec.parameters;
  const [opens, first, retake] = [p['opens'], p['firstAttemptBy'], p['retakeBy']];
  if (typeof opens !== 'string' || typeof first !== 'string' || typeof retake !== 'string') return null;
  return [opens, first > retake ? first : retake];
}

/** Two rounds of one sponsor running at once, whose voucher codes cannot be told apart. */
function warnOverlaps(offers: readonly CompiledOffer[], warnings: Problem[]): void {
  offers.forEach((a, i) => {
    for (const b of offers.slice(i + 1)) {
      if (a.spec.sponsor !== b.spec.sponsor) continue;
      const [wa, wb] = [window(a), window(b)];
      if (!wa || !wb || wa[1] < wb[0] || wb[1] < wa[0]) continue;
      const distinct = a.codePattern && b.codePattern && a.spec.voucherCode && b.spec.voucherCode
        && !a.codePattern.test(b.spec.voucherCode.example) && !b.codePattern.test(a.spec.voucherCode.example);
      if (distinct) continue;
      warnings.push({
        file: b.file,
        pointer: '/parameters/opens',
        message: `runs at the same time as ${a.spec.id} (${a.file}) for the same sponsor, and their voucher codes cannot be told apart`,
        hint: 'give each round a distinct "voucherCode" pattern, or make the dates not overlap',
      });
    }
  });
}

/** Reserved for documentation (RFC 2606): a source there was never read. */
const PLACEHOLDER_HOST = /(^|\.)example\.(org|com|net)$/i;

/** A scaffold's leftovers: every "TODO" still in the file and every placeholder source address. */
function unfinished(offer: CompiledOffer, errors: Problem[]): void {
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      if (/\bTODO\b/.test(value)) errors.push({ file: offer.file, pointer, message: `still says TODO: ${quote(value)}`, hint: 'write what the offer says here' });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${pointer}/${i}`));
    } else if (isRecord(value)) {
      // Notes to the next editor may say TODO; candidates never read them.
      for (const [key, item] of Object.entries(value)) if (key !== '$comment') visit(item, pointer + pointerTo(key));
    }
  };
  visit(offer.spec, '');
  offer.spec.sources.forEach((source, i) => {
    const host = /^https?:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(source.url)?.[1] ?? '';
    if (PLACEHOLDER_HOST.test(host)) {
      errors.push({ file: offer.file, pointer: pointerTo('sources', i, 'url'), message: `${quote(source.url)} is a placeholder address, not the page the terms come from` });
    }
  });
}

/** Every provider id a file names (in a condition on `provider`, directly or through a parameter, or in appliesTo) must be known. */
function unknownProviders(offer: CompiledOffer, known: ReadonlySet<string>, errors: Problem[]): void {
  const { spec, file } = offer;
  const reportedParams = new Set<string>();
  const judge = (value: unknown, pointer: string): void => {
    if (typeof value === 'string' && !known.has(value)) {
      errors.push({ file, pointer, message: `unknown test provider ${quote(value)}`, hint: didYouMean(value, known) ?? 'known providers are listed in rules/providers.json and rules/sites/' });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => judge(item, `${pointer}/${i}`));
    }
  };
  const visit = (condition: Condition, pointer: string): void => {
    if ('all' in condition) return condition.all.forEach((c, i) => visit(c, `${pointer}/all/${i}`));
    if ('any' in condition) return condition.any.forEach((c, i) => visit(c, `${pointer}/any/${i}`));
    if ('not' in condition) return visit(condition.not, `${pointer}/not`);
    if (condition.fact !== 'provider') return;
    const value = condition.value;
    if (typeof value === 'object' && !Array.isArray(value) && 'param' in value) {
      // Reported where the list is written, once.
      if (!reportedParams.has(value.param)) judge(spec.parameters[value.param], pointerTo('parameters', value.param));
      reportedParams.add(value.param);
    } else {
      judge(value, `${pointer}/value`);
    }
  };
  spec.rules.forEach((rule, i) => visit(rule.conditions, pointerTo('rules', i, 'conditions')));
  if (spec.appliesTo?.providers) judge(spec.appliesTo.providers, '/appliesTo/providers');
}

export interface CheckOptions {
  /** Test provider ids files may name; when given, any other is an error. */
  providers?: readonly string[];
}

export async function checkRules(files: readonly SourceFile[], options: CheckOptions = {}): Promise<RuleCheck> {
  const known = options.providers ? new Set(options.providers) : null;
  const { ruleSet, problems } = loadRuleSet(files);
  const errors = [...problems];
  const warnings: Problem[] = [];
  let passed = 0;
  let failed = 0;
  for (const offer of ruleSet.all()) {
    warnDates(offer, warnings);
    unfinished(offer, errors);
    const before = errors.length;
    if (known) unknownProviders(offer, known, errors);
    // Its examples would only fail for the same reason, one line each: the first line says it.
    if (errors.length > before) continue;
    const outcomes = await runExamples(ruleSet, offer.spec.id);
    const reached = new Set<string>();
    for (const outcome of outcomes) {
      if (outcome.passed) passed++;
      else {
        failed++;
        errors.push(...outcome.problems);
      }
      for (const code of outcome.actual.reasons ?? []) reached.add(code);
    }
    const used = new Set<string>();
    offer.spec.rules.forEach((rule, i) => {
      const code = rule.event.params.reason;
      if (!used.has(code) && !reached.has(code)) {
        warnings.push({ file: offer.file, pointer: pointerTo('rules', i, 'event', 'params', 'reason'), message: `no worked example reaches reason "${code}"`, hint: 'add an example whose expected reasons include it' });
      }
      used.add(code);
    });
    for (const code of Object.keys(offer.spec.reasons)) {
      if (!used.has(code)) warnings.push({ file: offer.file, pointer: pointerTo('reasons', code), message: `the message for "${code}" is never used by a rule` });
    }
  }
  warnOverlaps(ruleSet.offers(), warnings);
  return { ruleSet, errors, warnings, examples: { passed, failed } };
}
