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

function normalize(raw: string): string {
  let code = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  code = code.replace(/^EXAM[\s:#-]*/, '');
  // Legacy Microsoft numbers were printed with and without a leading zero ("070-298").
  code = code.replace(/^0+(?=\d)/, '');
  return code;
}

/** Finds the first exam code in free text, e.g. a booking page heading. */
const EXAM_IN_TEXT = /\b(?:0?7\d-\d{3}|MB\d-\d{3}|[A-Z]{2,3}-\d{3})\b/i;

export function findExamCode(text: string): string | null {
  const match = EXAM_IN_TEXT.exec(text);
  return match ? normalizeExam(match[0]) : null;
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
