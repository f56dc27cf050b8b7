import { dateProblem } from '../dates.ts';
import { normalizeExam } from '../exam.ts';
import { type Checked, type Problem, didYouMean, isRecord, pointerTo } from '../problems.ts';
import { ATTEMPT_RESULTS, HISTORY_FORMAT, HISTORY_VERSION, type History } from './format.ts';
import { readJson } from '../json.ts';

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

class Collector {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string) {}
  add(pointer: string, message: string, hint?: string): void {
    this.problems.push(hint === undefined ? { file: this.file, pointer, message } : { file: this.file, pointer, message, hint });
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
    if (first !== undefined) c.add(at, `duplicate id "${id}" (first used at ${first})`);
    else seen.set(id, at);
  });
}

function checkStamp(c: Collector, record: Record<string, unknown>, at: string): void {
  if (record['updatedAt'] === undefined) return;
  const problem = instantProblem(record['updatedAt'], 'updatedAt');
  if (problem) c.add(`${at}/updatedAt`, problem);
}

/**
 * Checks a parsed value against the history format, completely: every problem is listed,
 * not just the first. Nothing is changed; the value is returned as typed when clean.
 */
export function validateHistory(value: unknown, offers: OfferCatalogue, file = 'history'): Checked<History> {
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

  const ids = new Map<string, string>();
  checkIds(c, vouchers as unknown[], 'vouchers', ids);
  checkIds(c, attempts as unknown[], 'attempts', ids);
  const voucherIds = new Set<string>();
  (vouchers as unknown[]).forEach((voucher, index) => {
    const at = pointerTo('vouchers', index);
    if (!isRecord(voucher)) return c.add(at, 'a voucher must be an object');
    if (typeof voucher['id'] === 'string') voucherIds.add(voucher['id']);
    const code = c.string(voucher, 'code', at, true);
    const offer = c.string(voucher, 'offer', at, true);
    c.date(voucher, 'obtainedOn', at);
    if (offer !== undefined) {
      if (!offers.has(offer)) {
        c.add(`${at}/offer`, `unknown offer "${offer}"`, didYouMean(offer, offers.ids()));
      } else if (code !== undefined) {
        const format = offers.codeFormat(offer);
        if (format && !format.pattern.test(code.trim())) {
          c.add(`${at}/code`, `"${code}" is not a voucher code of offer "${offer}"`, `codes look like ${format.example}`);
        }
      }
    }
    if (voucher['notes'] !== undefined && typeof voucher['notes'] !== 'string') c.add(`${at}/notes`, '"notes" must be text');
    checkStamp(c, voucher, at);
  });
  (attempts as unknown[]).forEach((attempt, index) => {
    const at = pointerTo('attempts', index);
    if (!isRecord(attempt)) return c.add(at, 'an attempt must be an object');
    const voucher = attempt['voucher'];
    if (voucher !== undefined) {
      if (typeof voucher !== 'string') c.add(`${at}/voucher`, '"voucher" must be the id of a voucher');
      else if (!voucherIds.has(voucher)) c.add(`${at}/voucher`, `no voucher has the id "${voucher}"`, didYouMean(voucher, voucherIds));
    }
    const exam = c.string(attempt, 'exam', at, true);
    if (exam !== undefined && normalizeExam(exam) === '') c.add(`${at}/exam`, `"${exam}" is not an exam code`);
    const provider = c.string(attempt, 'provider', at, true);
    if (provider !== undefined && !PROVIDER.test(provider)) {
      c.add(`${at}/provider`, `"${provider}" is not a provider id (lower-case words joined by "-", e.g. "pearson-vue")`);
    }
    const bookedOn = c.date(attempt, 'bookedOn', at);
    const takenOn = c.date(attempt, 'takenOn', at);
    if (bookedOn && takenOn && bookedOn > takenOn) c.add(`${at}/takenOn`, `the exam date ${takenOn} is before it was booked (${bookedOn})`);
    const result = attempt['result'];
    if (typeof result !== 'string' || !(ATTEMPT_RESULTS as readonly string[]).includes(result)) {
      c.add(`${at}/result`, `"result" must be one of ${ATTEMPT_RESULTS.join(', ')}`, typeof result === 'string' ? didYouMean(result, ATTEMPT_RESULTS) : undefined);
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
  const deleted = value['deleted'];
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

export function parseHistory(text: string, offers: OfferCatalogue, file = 'history'): Checked<History> {
  const parsed = readJson(text, file);
  return parsed.ok ? validateHistory(parsed.value, offers, file) : parsed;
}
