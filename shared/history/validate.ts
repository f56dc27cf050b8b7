import { dateProblem } from '../dates.ts';
import { normalizeExam } from '../exam.ts';
import { readJson } from '../json.ts';
import { type Checked, type Problem, didYouMean, isRecord, pointerTo, quote } from '../problems.ts';
import { ATTEMPT_RESULTS, HISTORY_FORMAT, HISTORY_LIMITS, HISTORY_VERSION, type History } from './format.ts';

/** What validation needs to know of the offers: their ids and voucher code formats. */
export interface OfferCatalogue {
  has(offerId: string): boolean;
  ids(): Iterable<string>;
  /** A compiled voucher-code format, when the offer defines one. */
  codeFormat(offerId: string): { pattern: RegExp; example: string } | undefined;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function instantProblem(value: unknown, key: string): string | null {
  if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    return `"${key}" must be an instant in UTC such as "2026-11-26T05:00:00.000Z"`;
  }
  return null;
}
const PROVIDER = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Problems past this many get no "did you mean": each guess costs, and nobody reads that far. */
const HINTED_PROBLEMS = 20;

class Collector {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string) {}
  add(pointer: string, message: string, hint?: () => string | undefined): void {
    const guess = hint && this.problems.length < HINTED_PROBLEMS ? hint() : undefined;
    this.problems.push(guess === undefined ? { file: this.file, pointer, message } : { file: this.file, pointer, message, hint: guess });
  }
  string(record: Record<string, unknown>, key: string, at: string, required: boolean): string | undefined {
    const value = record[key];
    if (value === undefined) {
      if (required) this.add(`${at}${pointerTo(key)}`, `"${key}" is missing`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(`${at}${pointerTo(key)}`, `"${key}" must be a non-empty string`);
      return undefined;
    }
    return value;
  }
  date(record: Record<string, unknown>, key: string, at: string): string | undefined {
    const value = record[key];
    if (value === undefined) {
      this.add(`${at}${pointerTo(key)}`, `"${key}" is missing`);
      return undefined;
    }
    const problem = dateProblem(value);
    if (problem) {
      this.add(`${at}${pointerTo(key)}`, `"${key}" ${problem}`);
      return undefined;
    }
    return value as string;
  }
}

function checkIds(c: Collector, items: unknown[], list: string, seen: Map<string, string>): void {
  items.forEach((item, index) => {
    if (!isRecord(item)) return;
    const at = pointerTo(list, index, 'id');
    const id = item['id'];
    if (typeof id !== 'string' || !ID.test(id)) {
      c.add(at, `"id" must be 1–64 letters, digits, ".", "_", ":" or "-"`);
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) c.add(at, `duplicate id ${quote(id)} (first used at ${first})`);
    else seen.set(id, at);
  });
}

function checkStamp(c: Collector, record: Record<string, unknown>, at: string): void {
  if (record['updatedAt'] === undefined) return;
  const problem = instantProblem(record['updatedAt'], 'updatedAt');
  if (problem) c.add(`${at}/updatedAt`, problem);
}

/**
 * Where a record's own fields go past the limits, or null. Walked with a stack, not recursion:
 * a value sent over the link can nest as deep as it likes, even loop back on itself.
 */
function shapeProblem(record: Record<string, unknown>): { pointer: string; message: string } | null {
  const { maxDepth, maxValues, maxTextLength } = HISTORY_LIMITS;
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: record, pointer: '', depth: 0 }];
  let values = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, pointer, depth } = next;
    if (typeof value === 'string') {
      if (value.length > maxTextLength) return { pointer, message: `is ${value.length.toLocaleString('en-US')} characters long; the limit is ${maxTextLength.toLocaleString('en-US')}` };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return { pointer, message: `nests objects and lists more than ${maxDepth} deep` };
    const children: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    values += children.length;
    if (values > maxValues) return { pointer: '', message: `holds more than ${maxValues.toLocaleString('en-US')} values` };
    for (const [key, child] of children) stack.push({ value: child, pointer: `${pointer}${pointerTo(key)}`, depth: depth + 1 });
  }
  return null;
}

function checkShape(c: Collector, record: Record<string, unknown>, at: string): void {
  const problem = shapeProblem(record);
  if (problem) c.add(`${at}${problem.pointer}`, problem.message);
}

export interface ValidationProgress {
  /** Called every few thousand records with how many are checked, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 2_000;

/**
 * Checks a parsed value against the history format, completely: every problem is listed,
 * not just the first. Nothing is changed; the value is returned as typed when clean.
 */
export function validateHistory(value: unknown, offers: OfferCatalogue, file = 'history', { onProgress }: ValidationProgress = {}): Checked<History> {
  const c = new Collector(file);
  if (!isRecord(value)) {
    c.add('', 'must be a JSON object with "format", "version", "vouchers" and "attempts"');
    return { ok: false, problems: c.problems };
  }
  if (value['format'] !== HISTORY_FORMAT) c.add('/format', `"format" must be "${HISTORY_FORMAT}"`);
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    c.add('/version', '"version" must be a whole number (1)');
  } else if (version > HISTORY_VERSION) {
    c.add('/version', `version ${version} is newer than this version of Second Shot understands (${HISTORY_VERSION}); update Second Shot to read it`);
  }
  const vouchers = value['vouchers'];
  const attempts = value['attempts'];
  if (!Array.isArray(vouchers)) c.add('/vouchers', '"vouchers" must be a list');
  if (!Array.isArray(attempts)) c.add('/attempts', '"attempts" must be a list');
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const deleted = value['deleted'];
  const records = (vouchers as unknown[]).length + (attempts as unknown[]).length + (Array.isArray(deleted) ? deleted.length : 0);
  if (records > HISTORY_LIMITS.maxRecords) {
    c.add('', `holds ${records.toLocaleString('en-US')} records; the limit is ${HISTORY_LIMITS.maxRecords.toLocaleString('en-US')}`);
    return { ok: false, problems: c.problems };
  }
  const { vouchers: _vouchers, attempts: _attempts, deleted: _deleted, ...extras } = value;
  checkShape(c, extras, '');

  const ids = new Map<string, string>();
  checkIds(c, vouchers as unknown[], 'vouchers', ids);
  checkIds(c, attempts as unknown[], 'attempts', ids);
  const voucherIds = new Set<string>();
  const total = (vouchers as unknown[]).length + (attempts as unknown[]).length;
  let done = 0;
  const checked = (): void => {
    if (++done % PROGRESS_EVERY === 0) onProgress?.(done, total);
  };
  (vouchers as unknown[]).forEach((voucher, index) => {
    checked();
    const at = pointerTo('vouchers', index);
    if (!isRecord(voucher)) return c.add(at, 'a voucher must be an object');
    checkShape(c, voucher, at);
    if (typeof voucher['id'] === 'string') voucherIds.add(voucher['id']);
    const code = c.string(voucher, 'code', at, true);
    const offer = c.string(voucher, 'offer', at, true);
    c.date(voucher, 'obtainedOn', at);
    if (offer !== undefined) {
      if (!offers.has(offer)) {
        c.add(`${at}/offer`, `unknown offer ${quote(offer)}`, () => didYouMean(offer, offers.ids()));
      } else if (code !== undefined) {
        const format = offers.codeFormat(offer);
        if (format && !format.pattern.test(code.trim())) {
          c.add(`${at}/code`, `${quote(code)} is not a voucher code of offer ${quote(offer)}`, () => `codes look like ${format.example}`);
        }
      }
    }
    if (voucher['notes'] !== undefined && typeof voucher['notes'] !== 'string') c.add(`${at}/notes`, '"notes" must be text');
    checkStamp(c, voucher, at);
  });
  (attempts as unknown[]).forEach((attempt, index) => {
    checked();
    const at = pointerTo('attempts', index);
    if (!isRecord(attempt)) return c.add(at, 'an attempt must be an object');
    checkShape(c, attempt, at);
    const voucher = attempt['voucher'];
    if (voucher !== undefined) {
      if (typeof voucher !== 'string') c.add(`${at}/voucher`, '"voucher" must be the id of a voucher');
      else if (!voucherIds.has(voucher)) c.add(`${at}/voucher`, `no voucher has the id ${quote(voucher)}`, () => didYouMean(voucher, voucherIds));
    }
    const exam = c.string(attempt, 'exam', at, true);
    if (exam !== undefined && normalizeExam(exam) === '') c.add(`${at}/exam`, `${quote(exam)} is not an exam code`);
    const provider = c.string(attempt, 'provider', at, true);
    if (provider !== undefined && !PROVIDER.test(provider)) {
      c.add(`${at}/provider`, `${quote(provider)} is not a provider id (lower-case words joined by "-", e.g. "pearson-vue")`);
    }
    const bookedOn = c.date(attempt, 'bookedOn', at);
    const takenOn = c.date(attempt, 'takenOn', at);
    if (bookedOn && takenOn && bookedOn > takenOn) c.add(`${at}/takenOn`, `the exam date ${takenOn} is before it was booked (${bookedOn})`);
    const result = attempt['result'];
    if (typeof result !== 'string' || !(ATTEMPT_RESULTS as readonly string[]).includes(result)) {
      c.add(`${at}/result`, `"result" must be one of ${ATTEMPT_RESULTS.join(', ')}`, () => (typeof result === 'string' ? didYouMean(result, ATTEMPT_RESULTS) : undefined));
    }
    const timeZone = attempt['timeZone'];
    if (timeZone !== undefined && (typeof timeZone !== 'string' || !isTimeZone(timeZone))) {
      c.add(`${at}/timeZone`, `"timeZone" must be an IANA time zone such as "Europe/London"`);
    }
    const score = attempt['score'];
    if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) c.add(`${at}/score`, '"score" must be a number');
    if (attempt['notes'] !== undefined && typeof attempt['notes'] !== 'string') c.add(`${at}/notes`, '"notes" must be text');
    checkStamp(c, attempt, at);
  });
  if (deleted !== undefined) {
    if (!Array.isArray(deleted)) c.add('/deleted', '"deleted" must be a list of { "id", "deletedAt" }');
    else {
      deleted.forEach((tombstone: unknown, index) => {
        const at = pointerTo('deleted', index);
        if (!isRecord(tombstone) || typeof tombstone['id'] !== 'string' || tombstone['id'] === '') return c.add(at, 'a deleted record must be { "id", "deletedAt" }');
        const problem = instantProblem(tombstone['deletedAt'], 'deletedAt');
        if (problem) c.add(`${at}/deletedAt`, problem);
      });
    }
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, value: value as History };
}

const RECORD_LISTS = new Set(['vouchers', 'attempts', 'deleted']);

/**
 * The record ("/attempts/3") that a place in a history's text belongs to, or "" outside any:
 * a scan of the text, not a parse, so it works on text the parser refused (too deep, broken).
 */
function recordAt(file: string, line: number, column: number): string {
  // Positions are counted after a byte order mark, as the reader counts them.
  const text = file.charCodeAt(0) === 0xfeff ? file.slice(1) : file;
  let offset = 0;
  for (let n = 1; n < line && offset !== -1; n++) offset = text.indexOf('\n', offset) + 1 || -1;
  if (offset === -1) return '';
  offset += column - 1;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  let lastString = '';
  let list = '';
  let index = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 1) lastString = text.slice(stringStart, i);
      }
    } else if (c === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2) [list, index] = [c === '[' ? lastString : '', 0];
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 2) index++;
  }
  return depth >= 2 && RECORD_LISTS.has(list) ? pointerTo(list, index) : '';
}

export function parseHistory(text: string, offers: OfferCatalogue, file = 'history', progress: ValidationProgress = {}): Checked<History> {
  const parsed = readJson(text, file, { maxBytes: HISTORY_LIMITS.maxBytes });
  if (parsed.ok) return validateHistory(parsed.value, offers, file, progress);
  // Text the reader refused (broken, nested too deep) still names the record it is in.
  const placed = parsed.problems.map((p) => (p.line === undefined || p.pointer !== '' ? p : { ...p, pointer: recordAt(text, p.line, p.column ?? 1) }));
  return { ok: false, problems: placed };
}
