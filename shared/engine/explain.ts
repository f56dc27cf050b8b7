// Rules in plain English, generated from the JSON the engine runs, so that what candidates
// and program managers read is always what is evaluated.

import { formatDate } from '../dates.ts';
import { FACTS, OPERATORS } from './catalogue.ts';
import type { Condition, DateExpression, OfferSpec, ParamValue, RuleSpec, RuleValue } from './offer-file.ts';
import { retakeName } from './wording.ts';

const DECISION_WORDS: Record<Exclude<RuleSpec['event']['type'], 'free-retake'>, string> = {
  'first-attempt': 'The first exam is covered',
  wait: 'The booking must wait',
  'not-eligible': 'The booking is not covered',
  allowed: 'The booking is allowed',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function valueText(value: ParamValue | null | undefined): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.map((v) => v.replaceAll('#', 'x')).join(', ');
  if (typeof value === 'string') return DATE.test(value) ? formatDate(value) : `"${value}"`;
  return String(value);
}

function operandText(value: RuleValue, params: Record<string, ParamValue>): string {
  if (typeof value === 'object' && !Array.isArray(value)) {
    return 'param' in value ? valueText(params[value.param]) : FACTS[value.fact].label;
  }
  return valueText(value);
}

export function describeCondition(condition: Condition, params: Record<string, ParamValue>, nested = false): string {
  if ('all' in condition || 'any' in condition) {
    const [items, joiner] = 'all' in condition ? [condition.all, ' and '] : [condition.any, ' or '];
    const parts = items.map((c) => describeCondition(c, params, true));
    if (parts.length === 1) return parts[0] ?? '';
    // The top level reads as a list; deeper levels are bracketed so "and" and "or" never blur.
    return nested ? `(${parts.join(joiner)})` : parts.join(`;${joiner}`);
  }
  if ('not' in condition) return `it is not so that ${describeCondition(condition.not, params, true)}`;
  const fact = FACTS[condition.fact];
  if (fact.type === 'boolean' && (condition.operator === 'equal' || condition.operator === 'notEqual')) {
    const holds = (condition.value === true) === (condition.operator === 'equal');
    return holds ? fact.label : `it is not so that ${fact.label}`;
  }
  const list = typeof condition.value === 'object' && !Array.isArray(condition.value) && 'param' in condition.value ? params[condition.value.param] : condition.value;
  // "is one of prometric" reads badly: a one-item list is a plain comparison.
  if (Array.isArray(list) && list.length === 1 && (condition.operator === 'in' || condition.operator === 'notIn')) {
    return `${fact.label} ${condition.operator === 'in' ? 'is' : 'is not'} ${valueText(list[0])}`;
  }
  return `${fact.label} ${OPERATORS[condition.operator].words} ${operandText(condition.value, params)}`;
}

export function describeDate(expression: DateExpression, params: Record<string, ParamValue>): string {
  if (typeof expression === 'string') return formatDate(expression);
  if ('param' in expression) return valueText(params[expression.param]);
  if ('earliest' in expression) return `the earlier of ${expression.earliest.map((e) => describeDate(e, params)).join(' and ')}`;
  if ('latest' in expression) return `the later of ${expression.latest.map((e) => describeDate(e, params)).join(' and ')}`;
  const plus = expression.plusDays === undefined ? 0 : typeof expression.plusDays === 'number' ? expression.plusDays : Number(params[expression.plusDays.param] ?? 0);
  const label = FACTS[expression.fact].label;
  return plus === 0 ? label : `${plus} calendar day${Math.abs(plus) === 1 ? '' : 's'} after ${label}`;
}

export interface RuleDescription {
  decision: RuleSpec['event']['type'];
  reason: string;
  /** "A free retake is available when: …; the booking is open from …" */
  text: string;
}

export function describeRule(rule: RuleSpec, spec: Pick<OfferSpec, 'parameters' | 'retakeName'>): RuleDescription {
  const { params: event } = rule.event;
  const decision = rule.event.type === 'free-retake' ? `A ${retakeName(spec)} is available` : DECISION_WORDS[rule.event.type];
  let text = `${decision} when ${describeCondition(rule.conditions, spec.parameters)}`;
  if (event.opensOn) text += `; it opens ${typeof event.opensOn === 'string' || 'param' in event.opensOn ? 'on ' : ''}${describeDate(event.opensOn, spec.parameters)}`;
  if (event.deadline) text += `; book by ${describeDate(event.deadline, spec.parameters)}`;
  return { decision: rule.event.type, reason: event.reason, text: `${text}.` };
}

export function describeOffer(spec: Pick<OfferSpec, 'rules' | 'parameters' | 'retakeName'>): RuleDescription[] {
  return spec.rules.map((rule) => describeRule(rule, spec));
}
