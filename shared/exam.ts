// Exam codes as people and booking sites write them: "070-298", "70-298", "Exam 70-298 ",
// "az-900". One normal form makes them comparable.

// Every evaluation compares the exam of every attempt in a history, and a history names few
// distinct exams: remembering the answers keeps long histories cheap.
const normalized = new Map<string, string>();
const REMEMBERED = 10_000;

/** The normal form of an exam code: upper case, no "Exam" prefix, no leading zero. */
export function normalizeExam(raw: string): string {
  const known = normalized.get(raw);
  if (known !== undefined) return known;
  const code = normalize(raw);
  if (normalized.size >= REMEMBERED) normalized.clear();
  normalized.set(raw, code);
  return code;
}

// Characters that show nothing but make two codes differ: zero-width spaces and joiners, the BOM,
// soft hyphens, bidi marks, variation selectors and other default-ignorable or format characters.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
// Every dash people or word processors type: hyphen, non-breaking hyphen, en and em dashes, minus.
const DASHES = /[\p{Pd}\u2212\u2796\uFE63]/gu;

const ASCII = /^[\0-\x7f]*$/;

/**
 * Text as typed or pasted, folded to what it shows: compatibility forms (full-width digits and
 * letters) to plain ones, invisible characters removed, every dash "-", every space " ".
 */
export function foldTypedText(raw: string): string {
  // Most text is ASCII, which NFKC leaves alone, which holds no invisible character and whose
  // only dash is "-": only its spaces and control characters fold. Skipping the Unicode pass
  // spares every booking page the content script reads from compiling it (property-tested equal).
  return ASCII.test(raw) ? raw.replace(/[\0-\x20\x7f]+/g, ' ') : foldUnicodeText(raw);
}

/** foldTypedText for any text: the definition, which the ASCII shortcut must agree with. */
export function foldUnicodeText(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').replace(/[\s\p{Cc}]+/gu, ' ');
}

function normalize(raw: string): string {
  let code = foldTypedText(raw).trim().toUpperCase();
  code = code.replace(/^EXAM[\s:#-]*/, '');
  // Spaces and dashes between the parts of a code are one separator: "70 - 298", "AZ 900".
  code = code.replace(/[\s-]+/g, '-').replace(/^-+|-+$/g, '');
  // Legacy Microsoft numbers were printed with and without a leading zero ("070-298").
  code = code.replace(/^0+(?=\d)/, '');
  return code;
}

/** Finds the first exam code in free text, e.g. a booking page heading. */
const EXAM_IN_TEXT = /\b(?:0?7\d-\d{3}|MB\d-\d{3}|[A-Z]{2,3}-\d{3})\b/i;

export function findExamCode(text: string): string | null {
  const match = EXAM_IN_TEXT.exec(foldTypedText(text));
  return match ? normalizeExam(match[0]) : null;
}

/** Whether free text holds an exam code: findExamCode's test without its normal form, for the booking pages' content script, which only picks texts to send. */
export function holdsExamCode(text: string): boolean {
  return EXAM_IN_TEXT.test(foldTypedText(text));
}

const SEPARATOR = '-';

function withoutSeparators(code: string): string {
  return code.split(SEPARATOR).join('');
}

/** The code written in the pattern's shape, when it is the pattern's characters with separators missing. */
function inPatternShape(code: string, pattern: string): string | undefined {
  const shape = normalizeExam(pattern);
  let source = '';
  for (const ch of shape) {
    if (ch === SEPARATOR) continue;
    if (ch === '*') source += '(.+?)';
    else if (ch === '?') source += '(.)';
    else if (ch === '#') source += '(\\d)';
    else source += `(${ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')})`;
  }
  const match = new RegExp(`^${source}$`).exec(withoutSeparators(code));
  if (!match) return undefined;
  let group = 1;
  let written = '';
  for (const ch of shape) written += ch === SEPARATOR ? SEPARATOR : (match[group++] ?? '');
  return written;
}

/**
 * "Did you mean 70-298?" for a code that matches no offer pattern and no exam the candidate
 * already has: the same characters in a pattern's shape ("70298" → "70-298"), or a known exam
 * written with other separators. Undefined when the code is fine or nothing fits.
 */
export function suggestExamCode(raw: string, patterns: readonly string[], knownExams: readonly string[]): string | undefined {
  const code = normalizeExam(raw);
  if (code === '') return undefined;
  const known = knownExams.map(normalizeExam);
  if (known.includes(code) || patterns.some((p) => compileExamPattern(p).test(code))) return undefined;
  const bare = withoutSeparators(code);
  const sameExam = known.find((k) => withoutSeparators(k) === bare);
  if (sameExam !== undefined) return sameExam;
  for (const pattern of patterns) {
    const written = inPatternShape(code, pattern);
    if (written !== undefined && written !== code) return written;
  }
  return undefined;
}

/**
 * Exam patterns in rule files: `*` stands for any run of characters, `?` for one, `#` for
 * one digit; the rest must match literally after normalisation ("070-*" = "70-*").
 */
export function compileExamPattern(pattern: string): RegExp {
  const normal = normalizeExam(pattern);
  let source = '';
  for (const ch of normal) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '#') source += '\\d';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function examMatchesAny(exam: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(exam));
}
