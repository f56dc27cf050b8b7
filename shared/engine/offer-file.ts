// The shape of an offer or retake-policy rule file, and its complete validation. Every
// problem names the file, the JSON pointer and what is wrong, with a suggestion when one
// can be guessed. A file that fails here is never run.

import { dateProblem, type IsoDate } from '../dates.ts';
import { normalizeExam } from '../exam.ts';
import { type Checked, type Problem, didYouMean, isRecord, pointerTo, quote } from '../problems.ts';
import { COMMON_PLACEHOLDERS, LABELLED_BY_REASON, SENTENCE_PLACEHOLDERS, type StatusesSpec, VOUCHER_STATUSES } from './wording.ts';
import { FACT_NAMES, FACTS, type FactName, isFactName, isOperatorName, OPERATOR_NAMES, OPERATORS, type OperatorName, type ValueType } from './catalogue.ts';

export type OfferKind = 'voucher-offer' | 'retake-policy';
export const OFFER_DECISIONS = ['first-attempt', 'free-retake', 'wait', 'not-eligible'] as const;
export const POLICY_DECISIONS = ['allowed', 'wait', 'not-eligible'] as const;
export type OfferDecision = (typeof OFFER_DECISIONS)[number];
export type PolicyDecision = (typeof POLICY_DECISIONS)[number];

export type ParamValue = string | number | boolean | string[];
export type RuleValue = string | number | boolean | string[] | { param: string } | { fact: FactName };
export interface LeafCondition { fact: FactName; operator: OperatorName; value: RuleValue }
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | LeafCondition;

/** A date computed when a rule fires: a literal, a parameter, or a fact plus days. */
export type DateExpression =
  | IsoDate
  | { param: string }
  | { fact: FactName; plusDays?: number | { param: string } }
  | { earliest: DateExpression[] }
  | { latest: DateExpression[] };

export interface RuleEvent {
  type: OfferDecision | PolicyDecision;
  params: { reason: string; opensOn?: DateExpression; deadline?: DateExpression };
}
export interface RuleSpec { name?: string; conditions: Condition; event: RuleEvent }

export interface ExampleAsk { voucher?: string; exam?: string; provider?: string; on: IsoDate; examOn?: IsoDate }
export interface ExampleExpect {
  decision?: string;
  status?: string;
  reasons?: string[];
  opensOn?: IsoDate;
  deadline?: IsoDate;
}
export interface Example {
  name: string;
  history: { vouchers?: unknown[]; attempts?: unknown[] };
  ask: ExampleAsk;
  expect: ExampleExpect;
}

export interface AppliesTo { exams: string[]; excludeExams?: string[]; providers?: string[]; from?: IsoDate; until?: IsoDate }

export interface OfferSpec {
  $schema?: string;
  /** Notes for the people editing the file; ignored by the engine. */
  $comment?: string;
  id: string;
  title: string;
  sponsor: string;
  kind: OfferKind;
  summary: string;
  sources: { url: string; read: IsoDate; title?: string; note?: string }[];
  interpretations: { wording: string; reading: string }[];
  voucherCode?: { pattern: string; example: string };
  appliesTo?: AppliesTo;
  parameters: Record<string, ParamValue>;
  rules: RuleSpec[];
  reasons: Record<string, string>;
  /** How the offer words each voucher status, and which refusals mean the voucher expired. */
  statuses?: StatusesSpec;
  /** What candidates call the retake this offer gives ("paid retake"); "free retake" when left out. */
  retakeName?: string;
  examples: Example[];
}

/** Dates every voucher offer must give: they drive statuses, deadlines and the timeline. */
export const REQUIRED_OFFER_DATES = ['opens', 'firstAttemptBy', 'retakeBy'] as const;
/** The dates a rule's event may give, which its reason's message may then name. */
const EVENT_DATES = ['opensOn', 'deadline'] as const;
/** Placeholders every message may use besides facts and parameters. */
export const EVENT_PLACEHOLDERS = [...EVENT_DATES, 'voucherCode'] as const;

const OFFER_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REASON_CODE = OFFER_ID;
/** What a worked example may ask. */
export const EXAMPLE_ASK_KEYS = ['voucher', 'exam', 'provider', 'on', 'examOn'] as const;
/** Every field an offer file may have; anything else is refused. */
export const OFFER_FILE_KEYS = ['$schema', '$comment', 'id', 'title', 'sponsor', 'kind', 'summary', 'sources', 'interpretations', 'voucherCode', 'appliesTo', 'parameters', 'rules', 'reasons', 'statuses', 'retakeName', 'examples'];
const LOOKS_LIKE_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;

/** A parameter's value is a date only as text written YYYY-MM-DD (a list of one date is a list). */
const isDateParam = (value: ParamValue): boolean => typeof value === 'string' && LOOKS_LIKE_DATE.test(value);

const PLURAL_WORDS: Record<ValueType, string> = { date: 'dates', number: 'numbers', boolean: 'true/false values', exam: 'exam codes', text: 'texts' };

const TYPE_WORDS: Record<ValueType, string> = {
  date: 'a date (YYYY-MM-DD)', number: 'a number', boolean: 'true or false', exam: 'an exam code', text: 'text',
};

class OfferChecker {
  readonly problems: Problem[] = [];
  private params: Record<string, ParamValue> = {};
  /** Parameters already reported as wrong: their uses are not reported again. */
  private badParams = new Set<string>();
  /** Required parameters the file lacks: reported once, where they belong. */
  private missingRequired = new Set<string>();
  private usedReasons = new Map<string, string>();
  /** Each rule giving a reason, with the dates its event gives: the reason's message may name only those. */
  private reasonGivers: { reason: unknown; rule: string; dates: ReadonlySet<string> }[] = [];
  /** "parameters" was refused whole: no name can be told unknown, so none is (one problem, not one per use). */
  private parametersRefused = false;

  constructor(private readonly file: string) {}

  /** While a parameter's value is checked where it is used: report at its definition instead. */
  private definedAt: { use: string; definition: string } | null = null;

  private add(pointer: string, message: string, hint?: string): void {
    const where = this.definedAt;
    if (where && pointer.startsWith(where.use)) {
      // The value is written (and fixed) in "parameters"; the use is said for context.
      pointer = where.definition + pointer.slice(where.use.length);
      message = `${message} (it is used at #${where.use})`;
    }
    this.problems.push(hint === undefined ? { file: this.file, pointer, message } : { file: this.file, pointer, message, hint });
  }

  /** Checks a parameter's value for one of its uses, reporting at the parameter; each parameter once. */
  private checkParamUse(name: string, use: string, check: () => void): void {
    if (this.badParams.has(name)) return;
    const before = this.problems.length;
    this.definedAt = { use, definition: pointerTo('parameters', name) };
    try {
      check();
    } finally {
      this.definedAt = null;
    }
    if (this.problems.length > before) this.badParams.add(name);
  }

  /** A parameter a rule names that is not defined, with the closest defined name. */
  private unknownParam(name: string, at: string): void {
    if (this.missingRequired.has(name) || this.parametersRefused) return; // already reported where it must be defined
    this.add(at, `unknown parameter \`${name}\``, didYouMean(name, Object.keys(this.params)));
  }

  private text(record: Record<string, unknown>, key: string, at: string, required = true): string | undefined {
    const value = record[key];
    if (value === undefined) {
      if (required) this.add(`${at}${pointerTo(key)}`, `"${key}" is missing`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(`${at}${pointerTo(key)}`, `"${key}" must be non-empty text`);
      return undefined;
    }
    return value;
  }

  private date(value: unknown, at: string, what: string): void {
    const problem = dateProblem(value);
    if (problem) this.add(at, `${what} ${problem}`);
  }

  private list(record: Record<string, unknown>, key: string, at: string): unknown[] | undefined {
    const value = record[key];
    if (value === undefined) {
      this.add(`${at}${pointerTo(key)}`, `"${key}" is missing`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add(`${at}${pointerTo(key)}`, `"${key}" must be a list`);
      return undefined;
    }
    return value;
  }

  private unknownKeys(record: Record<string, unknown>, allowed: readonly string[], at: string): void {
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.add(`${at}${pointerTo(key)}`, `unknown field "${key}"`, didYouMean(key, allowed));
    }
  }

  private examPatterns(value: unknown, at: string): void {
    if (!Array.isArray(value) || value.length === 0) return this.add(at, 'must be a non-empty list of exam patterns such as "70-*" or "MB#-###"');
    value.forEach((pattern: unknown, i) => {
      // Patterns are folded as typed codes are (exam.ts): one that folds to nothing matches no exam.
      if (typeof pattern !== 'string' || normalizeExam(pattern) === '') this.add(`${at}/${i}`, `${quote(pattern)} is not an exam pattern such as "70-*" or "MB#-###"`);
    });
  }

  check(value: unknown): Checked<OfferSpec> {
    if (!isRecord(value)) {
      this.add('', 'an offer file must be a JSON object');
      return { ok: false, problems: this.problems };
    }
    this.unknownKeys(value, OFFER_FILE_KEYS, '');
    const id = this.text(value, 'id', '');
    if (id !== undefined && !OFFER_ID.test(id)) this.add('/id', `"${id}" must be lower-case words joined by "-", e.g. "ms-second-shot-2007"`);
    const expectedId = /([^/\\]+)\.json$/.exec(this.file)?.[1];
    if (id !== undefined && expectedId !== undefined && expectedId !== id) this.add('/id', `"${id}" must match the file name "${expectedId}.json"`);
    this.text(value, 'title', '');
    this.text(value, '$comment', '', false);
    this.text(value, 'sponsor', '');
    this.text(value, 'summary', '');
    const kind = value['kind'];
    if (kind !== 'voucher-offer' && kind !== 'retake-policy') {
      this.add('/kind', '"kind" must be "voucher-offer" or "retake-policy"', typeof kind === 'string' ? didYouMean(kind, ['voucher-offer', 'retake-policy']) : undefined);
    }
    this.checkSources(value);
    this.checkInterpretations(value);
    this.checkVoucherCode(value);
    this.checkParameters(value, kind);
    if (kind === 'retake-policy') this.checkAppliesTo(value['appliesTo']);
    else if (value['appliesTo'] !== undefined) this.add('/appliesTo', '"appliesTo" is for retake policies; an offer says what it covers in its rules');
    const decisions: readonly string[] = kind === 'retake-policy' ? POLICY_DECISIONS : OFFER_DECISIONS;
    const rules = this.list(value, 'rules', '');
    if (rules?.length === 0) this.add('/rules', '"rules" is empty: an offer with no rules decides nothing');
    rules?.forEach((rule, i) => this.checkRule(rule, pointerTo('rules', i), decisions));
    this.checkReasons(value['reasons']);
    if (kind === 'voucher-offer') this.checkStatuses(value['statuses']);
    else if (value['statuses'] !== undefined) this.add('/statuses', '"statuses" words a voucher offer\'s statuses; a retake policy has none');
    if (kind === 'voucher-offer') this.text(value, 'retakeName', '', false);
    else if (value['retakeName'] !== undefined) this.add('/retakeName', '"retakeName" names a voucher offer\'s retake; a retake policy gives none');
    const examples = this.list(value, 'examples', '');
    if (examples?.length === 0) this.add('/examples', '"examples" is empty: give at least one worked example');
    examples?.forEach((example, i) => this.checkExample(example, pointerTo('examples', i)));
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, value: value as unknown as OfferSpec };
  }

  private checkSources(offer: Record<string, unknown>): void {
    const sources = this.list(offer, 'sources', '');
    if (sources?.length === 0) this.add('/sources', '"sources" is empty: say where the terms come from');
    sources?.forEach((source, i) => {
      const at = pointerTo('sources', i);
      if (!isRecord(source)) return this.add(at, 'a source must be an object with "url" and "read"');
      this.unknownKeys(source, ['url', 'read', 'title', 'note', '$comment'], at);
      const url = this.text(source, 'url', at);
      if (url !== undefined && !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(url)) this.add(`${at}/url`, `"${url}" is not a web address`);
      this.date(source['read'], `${at}/read`, '"read" (the date the terms were read)');
      this.text(source, 'title', at, false);
      this.text(source, 'note', at, false);
    });
  }

  private checkInterpretations(offer: Record<string, unknown>): void {
    this.list(offer, 'interpretations', '')?.forEach((item, i) => {
      const at = pointerTo('interpretations', i);
      if (!isRecord(item)) return this.add(at, 'an interpretation must be an object with "wording" and "reading"');
      this.unknownKeys(item, ['wording', 'reading'], at);
      this.text(item, 'wording', at);
      this.text(item, 'reading', at);
    });
  }

  private checkVoucherCode(offer: Record<string, unknown>): void {
    const code = offer['voucherCode'];
    if (code === undefined) return;
    if (!isRecord(code)) return this.add('/voucherCode', '"voucherCode" must be an object with "pattern" and "example"');
    this.unknownKeys(code, ['pattern', 'example'], '/voucherCode');
    const pattern = this.text(code, 'pattern', '/voucherCode');
    const example = this.text(code, 'example', '/voucherCode');
    if (pattern === undefined) return;
    let compiled: RegExp;
    try {
      compiled = new RegExp(pattern);
    } catch {
      return this.add('/voucherCode/pattern', `"${pattern}" is not a valid regular expression`);
    }
    if (example !== undefined && !compiled.test(example)) this.add('/voucherCode/example', `the example "${example}" does not match the pattern`);
  }

  private checkParameters(offer: Record<string, unknown>, kind: unknown): void {
    const params = offer['parameters'];
    if (!isRecord(params)) {
      this.add('/parameters', '"parameters" must be an object of named values (dates, numbers, lists)');
      this.parametersRefused = true;
      return;
    }
    for (const [name, value] of Object.entries(params)) {
      const at = pointerTo('parameters', name);
      if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) this.add(at, `parameter name "${name}" must be a single word in camelCase`);
      if (isFactName(name)) this.add(at, `parameter "${name}" has the name of a fact; choose another name`);
      const before = this.problems.length;
      if (Array.isArray(value)) {
        if (!value.every((v) => typeof v === 'string')) this.add(at, 'a list parameter must hold text only');
      } else if (typeof value === 'string') {
        if (LOOKS_LIKE_DATE.test(value)) this.date(value, at, `parameter "${name}"`);
      } else if (typeof value !== 'number' && typeof value !== 'boolean') {
        this.add(at, `parameter "${name}" must be a date, a number, true/false, text or a list of text`);
      }
      if (this.problems.length > before) this.badParams.add(name);
    }
    this.params = params as Record<string, ParamValue>;
    if (kind === 'voucher-offer') {
      for (const name of REQUIRED_OFFER_DATES) {
        const value = params[name];
        if (value === undefined) {
          this.missingRequired.add(name);
          // A near name among the file's own parameters is most likely this one misspelt.
          const near = didYouMean(name, Object.keys(params).filter((p) => !(REQUIRED_OFFER_DATES as readonly string[]).includes(p)));
          const meant = near === undefined ? undefined : /`(.*)`/.exec(near)?.[1];
          this.add(pointerTo('parameters', name), `"${name}" is missing: every offer gives the dates opens, firstAttemptBy and retakeBy`, meant === undefined ? undefined : `did you mean to name \`${meant}\` "${name}"?`);
        }
        else if (typeof value !== 'string' || !LOOKS_LIKE_DATE.test(value)) {
          this.add(pointerTo('parameters', name), `"${name}" must be a date written YYYY-MM-DD, not ${quote(value)}`);
          this.badParams.add(name);
        }
      }
    }
  }

  private checkAppliesTo(value: unknown): void {
    if (!isRecord(value)) return this.add('/appliesTo', 'a retake policy must say what it "appliesTo": { "exams": [patterns] }');
    this.unknownKeys(value, ['exams', 'excludeExams', 'providers', 'from', 'until'], '/appliesTo');
    this.examPatterns(value['exams'], '/appliesTo/exams');
    if (value['excludeExams'] !== undefined) this.examPatterns(value['excludeExams'], '/appliesTo/excludeExams');
    const providers = value['providers'];
    if (providers !== undefined && (!Array.isArray(providers) || !providers.every((p) => typeof p === 'string'))) {
      this.add('/appliesTo/providers', '"providers" must be a list of provider ids');
    }
    for (const key of ['from', 'until'] as const) {
      if (value[key] !== undefined) this.date(value[key], `/appliesTo/${key}`, `"${key}"`);
    }
  }

  private checkRule(rule: unknown, at: string, decisions: readonly string[]): void {
    if (!isRecord(rule)) return this.add(at, 'a rule must be an object with "conditions" and "event"');
    this.unknownKeys(rule, ['name', '$comment', 'conditions', 'event'], at);
    this.text(rule, 'name', at, false);
    const conditions = rule['conditions'];
    if (!isRecord(conditions) || !('all' in conditions || 'any' in conditions || 'not' in conditions)) {
      this.add(`${at}/conditions`, '"conditions" must start with "all", "any" or "not"');
    } else {
      this.checkCondition(conditions, `${at}/conditions`);
    }
    const event = rule['event'];
    if (!isRecord(event)) return this.add(`${at}/event`, '"event" must be an object with "type" and "params"');
    this.unknownKeys(event, ['type', 'params'], `${at}/event`);
    const type = event['type'];
    if (typeof type !== 'string' || !decisions.includes(type)) {
      this.add(`${at}/event/type`, `"type" must be one of ${decisions.join(', ')}`, typeof type === 'string' ? didYouMean(type, decisions) : undefined);
    }
    const params = event['params'];
    if (!isRecord(params)) return this.add(`${at}/event/params`, '"params" must be an object with a "reason"');
    this.unknownKeys(params, ['reason', 'opensOn', 'deadline'], `${at}/event/params`);
    const reason = params['reason'];
    if (typeof reason !== 'string' || !REASON_CODE.test(reason)) {
      this.add(`${at}/event/params/reason`, '"reason" must be a reason code: lower-case words joined by "-"');
    } else if (!this.usedReasons.has(reason)) {
      this.usedReasons.set(reason, `${at}/event/params/reason`);
    }
    if (type === 'wait' && params['opensOn'] === undefined) this.add(`${at}/event/params`, 'a "wait" event must say when the wait ends: "opensOn"');
    for (const key of EVENT_DATES) {
      if (params[key] !== undefined) this.checkDateExpression(params[key], `${at}/event/params/${key}`);
    }
    // A wait without its date is said just above, once; its message may still name it.
    const dates = EVENT_DATES.filter((key) => params[key] !== undefined || (key === 'opensOn' && type === 'wait'));
    this.reasonGivers.push({ reason, rule: at, dates: new Set(dates) });
  }

  private checkCondition(condition: Record<string, unknown>, at: string): void {
    for (const group of ['all', 'any'] as const) {
      if (group in condition) {
        this.unknownKeys(condition, [group], at);
        const items = condition[group];
        if (!Array.isArray(items)) return this.add(`${at}/${group}`, `"${group}" must be a list of conditions`);
        if (items.length === 0) {
          return this.add(`${at}/${group}`, group === 'any' ? 'an empty "any" never matches: add conditions or remove it' : 'an empty "all" always matches: add conditions or remove it');
        }
        items.forEach((item, i) => {
          if (!isRecord(item)) this.add(`${at}/${group}/${i}`, 'a condition must be an object');
          else this.checkCondition(item, `${at}/${group}/${i}`);
        });
        return;
      }
    }
    if ('not' in condition) {
      this.unknownKeys(condition, ['not'], at);
      const inner = condition['not'];
      if (!isRecord(inner)) return this.add(`${at}/not`, '"not" must hold one condition');
      return this.checkCondition(inner, `${at}/not`);
    }
    this.checkLeaf(condition, at);
  }

  private checkLeaf(condition: Record<string, unknown>, at: string): void {
    this.unknownKeys(condition, ['fact', 'operator', 'value'], at);
    const fact = condition['fact'];
    const operator = condition['operator'];
    let factType: ValueType | undefined;
    if (typeof fact !== 'string') {
      this.add(`${at}/fact`, '"fact" is missing: a condition compares a fact with a value');
    } else if (!isFactName(fact)) {
      this.add(`${at}/fact`, `unknown fact \`${fact}\``, didYouMean(fact, FACT_NAMES) ?? 'see the catalogue of facts in rules/README.md');
    } else {
      factType = FACTS[fact].type;
    }
    if (typeof operator !== 'string') {
      return this.add(`${at}/operator`, '"operator" is missing');
    }
    if (!isOperatorName(operator)) {
      return this.add(`${at}/operator`, `unknown operator \`${operator}\``, didYouMean(operator, OPERATOR_NAMES) ?? 'see the catalogue of operators in rules/README.md');
    }
    const spec = OPERATORS[operator];
    if (factType === undefined) return;
    if (!(spec.accepts as readonly ValueType[]).includes(factType)) {
      return this.add(`${at}/operator`, `\`${operator}\` does not compare ${PLURAL_WORDS[factType]} (fact \`${String(fact)}\`); it takes ${spec.accepts.map((t) => TYPE_WORDS[t]).join(' or ')}`);
    }
    if (!('value' in condition)) return this.add(`${at}/value`, '"value" is missing');
    this.checkOperand(condition['value'], `${at}/value`, factType, spec.operand);
  }

  private checkOperand(value: unknown, at: string, factType: ValueType, operand: 'same' | 'list-of-same' | 'exam-patterns'): void {
    if (isRecord(value)) {
      if ('param' in value) {
        this.unknownKeys(value, ['param'], at);
        const name = value['param'];
        if (typeof name !== 'string' || !Object.hasOwn(this.params, name)) return this.unknownParam(String(name), `${at}/param`);
        return this.checkParamUse(name, at, () => this.checkOperand(this.params[name], at, factType, operand));
      }
      if ('fact' in value && operand === 'same') {
        this.unknownKeys(value, ['fact'], at);
        const name = value['fact'];
        if (typeof name !== 'string' || !isFactName(name)) {
          return this.add(`${at}/fact`, `unknown fact \`${String(name)}\``, didYouMean(String(name), FACT_NAMES));
        }
        if (FACTS[name].type !== factType) this.add(`${at}/fact`, `fact \`${name}\` is ${TYPE_WORDS[FACTS[name].type]}, not ${TYPE_WORDS[factType]}`);
        return;
      }
      return this.add(at, 'a value must be a literal, { "param": name } or { "fact": name }');
    }
    if (operand === 'exam-patterns') return this.examPatterns(value, at);
    if (operand === 'list-of-same') {
      if (!Array.isArray(value) || value.length === 0) return this.add(at, `must be a non-empty list of ${PLURAL_WORDS[factType]}`);
      return value.forEach((item, i) => this.checkLiteral(item, `${at}/${i}`, factType));
    }
    this.checkLiteral(value, at, factType);
  }

  private checkLiteral(value: unknown, at: string, type: ValueType): void {
    const wrong = (): void => this.add(at, `must be ${TYPE_WORDS[type]}, not ${quote(value)}`);
    switch (type) {
      case 'date':
        if (typeof value !== 'string') return wrong();
        this.date(value, at, 'value');
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) wrong();
        return;
      case 'boolean':
        if (typeof value !== 'boolean') wrong();
        return;
      default:
        if (typeof value !== 'string' || value.trim() === '') wrong();
    }
  }

  private checkDateExpression(value: unknown, at: string): void {
    if (typeof value === 'string') {
      this.date(value, at, 'date');
      return;
    }
    if (!isRecord(value)) return this.add(at, 'must be a date, { "param": name }, { "fact": name, "plusDays": n }, { "earliest": [...] } or { "latest": [...] }');
    for (const key of ['earliest', 'latest'] as const) {
      if (key in value) {
        this.unknownKeys(value, [key], at);
        const items = value[key];
        if (!Array.isArray(items) || items.length === 0) return this.add(`${at}/${key}`, `"${key}" must be a non-empty list of dates`);
        return items.forEach((item, i) => this.checkDateExpression(item, `${at}/${key}/${i}`));
      }
    }
    if ('param' in value) {
      this.unknownKeys(value, ['param'], at);
      const name = String(value['param']);
      const param = this.params[name];
      if (param === undefined) return this.unknownParam(name, `${at}/param`);
      return this.checkParamUse(name, at, () => {
        if (!isDateParam(param)) this.add(at, `parameter \`${name}\` must be a date, not ${quote(param)}`);
      });
    }
    if ('fact' in value) {
      this.unknownKeys(value, ['fact', 'plusDays'], at);
      const name = String(value['fact']);
      if (!isFactName(name)) return this.add(`${at}/fact`, `unknown fact \`${name}\``, didYouMean(name, FACT_NAMES));
      if (FACTS[name].type !== 'date') this.add(`${at}/fact`, `fact \`${name}\` is ${TYPE_WORDS[FACTS[name].type]}, not a date`);
      const plus = value['plusDays'];
      if (plus === undefined || (typeof plus === 'number' && Number.isInteger(plus))) return;
      if (isRecord(plus) && typeof plus['param'] === 'string') {
        const name = plus['param'];
        const param = this.params[name];
        if (param === undefined) return this.unknownParam(name, `${at}/plusDays/param`);
        return this.checkParamUse(name, `${at}/plusDays`, () => {
          if (typeof param !== 'number' || !Number.isInteger(param)) this.add(`${at}/plusDays`, `parameter \`${name}\` must be a whole number of days, not ${quote(param)}`);
        });
      }
      return this.add(`${at}/plusDays`, '"plusDays" must be a whole number of days or { "param": name }');
    }
    this.add(at, 'must be a date, { "param": name }, { "fact": name, "plusDays": n }, { "earliest": [...] } or { "latest": [...] }');
  }

  private checkReasons(value: unknown): void {
    if (!isRecord(value)) return this.add('/reasons', '"reasons" must map each reason code to its message');
    const placeholders = new Set<string>([...FACT_NAMES, ...Object.keys(this.params), ...this.missingRequired, ...EVENT_PLACEHOLDERS]);
    for (const [code, message] of Object.entries(value)) {
      const at = pointerTo('reasons', code);
      if (typeof message !== 'string' || message.trim() === '') {
        this.add(at, 'a reason message must be non-empty text');
        continue;
      }
      this.placeholders(message, at, placeholders);
      this.datesNamed(code, message, at);
    }
    for (const [code, where] of this.usedReasons) {
      if (!Object.hasOwn(value, code)) this.add(where, `reason "${code}" has no message in "reasons"`, didYouMean(code, Object.keys(value)));
    }
  }

  private placeholders(message: string, at: string, allowed: ReadonlySet<string>): void {
    for (const name of placeholderNames(message)) {
      if (!allowed.has(name) && !this.parametersRefused) this.add(at, `unknown placeholder {${name}}`, didYouMean(name, allowed));
    }
  }

  /** A date a reason's message names must be given by every rule giving the reason: else candidates read "none" for it. */
  private datesNamed(code: string, message: string, at: string): void {
    const named = placeholderNames(message);
    for (const key of EVENT_DATES) {
      if (!named.includes(key)) continue;
      const without = this.reasonGivers.filter((g) => g.reason === code && !g.dates.has(key)).map((g) => `#${g.rule}`);
      if (without.length === 0) continue;
      const [rules, give] = without.length === 1 ? ['the rule at', 'gives'] : ['the rules at', 'give'];
      this.add(at, `the message names {${key}}, but ${rules} ${without.join(', ')} ${give} it with no "${key}"`, `add "${key}" to the event of each rule named, or leave {${key}} out`);
    }
  }

  private checkStatuses(value: unknown): void {
    if (value === undefined) return;
    if (!isRecord(value)) return this.add('/statuses', '"statuses" must map statuses (unused, booked, …) to their wording');
    this.unknownKeys(value, VOUCHER_STATUSES, '/statuses');
    for (const status of VOUCHER_STATUSES) {
      const wording = value[status];
      const at = pointerTo('statuses', status);
      if (wording === undefined) continue;
      if (!isRecord(wording)) {
        this.add(at, `"${status}" must be an object of sentences: ${Object.keys(SENTENCE_PLACEHOLDERS[status]).join(', ')}`);
        continue;
      }
      const sentences: Record<string, readonly string[]> = SENTENCE_PLACEHOLDERS[status];
      const labelled = (LABELLED_BY_REASON as readonly string[]).includes(status);
      this.unknownKeys(wording, [...Object.keys(sentences), ...(status === 'expired' ? ['reasons'] : []), ...(labelled ? ['labelsByReason'] : [])], at);
      if (labelled) this.checkLabelsByReason(wording['labelsByReason'], pointerTo('statuses', status, 'labelsByReason'));
      for (const [which, names] of Object.entries(sentences)) {
        const text = this.text(wording, which, at, false);
        if (text !== undefined) this.placeholders(text, pointerTo('statuses', status, which), new Set([...names, ...COMMON_PLACEHOLDERS, ...Object.keys(this.params)]));
      }
      if (status === 'expired') this.checkExpiringReasons(wording['reasons']);
    }
  }

  /** A label per refusal ("Retake used on another exam"): each key a reason a rule of this file gives. */
  private checkLabelsByReason(value: unknown, at: string): void {
    if (value === undefined) return;
    if (!isRecord(value)) return this.add(at, '"labelsByReason" must map reason codes to labels');
    for (const [code, label] of Object.entries(value)) {
      if (!this.usedReasons.has(code)) this.add(`${at}${pointerTo(code)}`, `${quote(code)} is not a reason any rule of this file gives`, didYouMean(code, this.usedReasons.keys()));
      else if (typeof label !== 'string' || label.trim() === '') this.add(`${at}${pointerTo(code)}`, 'a label must be non-empty text');
      else this.placeholders(label, `${at}${pointerTo(code)}`, new Set([...COMMON_PLACEHOLDERS, ...Object.keys(this.params)]));
    }
  }

  /** The refusals that end a voucher: each must be a reason a rule of this file gives. */
  private checkExpiringReasons(value: unknown): void {
    if (value === undefined) return;
    const at = '/statuses/expired/reasons';
    if (!Array.isArray(value)) return this.add(at, '"reasons" must be a list of reason codes, e.g. ["offer-ended"]');
    value.forEach((code: unknown, i) => {
      if (typeof code !== 'string' || !this.usedReasons.has(code)) {
        this.add(`${at}/${i}`, `${JSON.stringify(code)} is not a reason any rule of this file gives`, typeof code === 'string' ? didYouMean(code, this.usedReasons.keys()) : undefined);
      }
    });
  }

  private checkExample(example: unknown, at: string): void {
    if (!isRecord(example)) return this.add(at, 'an example must be an object with "name", "history", "ask" and "expect"');
    this.unknownKeys(example, ['name', '$comment', 'history', 'ask', 'expect'], at);
    this.text(example, 'name', at);
    if (!isRecord(example['history'])) this.add(`${at}/history`, '"history" must be an object with "vouchers" and "attempts"');
    const ask = example['ask'];
    if (!isRecord(ask)) return this.add(`${at}/ask`, '"ask" must be an object with at least "on"');
    this.unknownKeys(ask, EXAMPLE_ASK_KEYS, `${at}/ask`);
    this.date(ask['on'], `${at}/ask/on`, '"on"');
    if (ask['examOn'] !== undefined) {
      this.date(ask['examOn'], `${at}/ask/examOn`, '"examOn"');
      if (ask['exam'] === undefined) this.add(`${at}/ask/examOn`, '"examOn" is the date of the exam asked about: give "exam" and "provider" too');
    }
    if ((ask['exam'] === undefined) !== (ask['provider'] === undefined)) this.add(`${at}/ask`, 'give both "exam" and "provider", or neither (to ask for the status)');
    const expect = example['expect'];
    if (!isRecord(expect)) return this.add(`${at}/expect`, '"expect" must be an object');
    this.unknownKeys(expect, ['decision', 'status', 'reasons', 'opensOn', 'deadline'], `${at}/expect`);
    for (const key of ['opensOn', 'deadline'] as const) {
      if (expect[key] !== undefined) this.date(expect[key], `${at}/expect/${key}`, `"${key}"`);
    }
  }
}

/** The names a message's {placeholders} give, in order. */
function placeholderNames(message: string): string[] {
  return [...message.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
}

export function validateOfferFile(value: unknown, file: string): Checked<OfferSpec> {
  return new OfferChecker(file).check(value);
}
