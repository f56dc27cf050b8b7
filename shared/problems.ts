// Every complaint about input names where it is (file and JSON pointer) and what is wrong.

export interface Problem {
  /** The file (or other source) the problem is in, e.g. "rules/offers/x.json". */
  file: string;
  /** RFC 6901 JSON pointer to the offending value; "" is the whole document. */
  pointer: string;
  message: string;
  /** 1-based line and column in the file's text, when the problem is about the text itself. */
  line?: number;
  column?: number;
  /** A likely fix, when one can be guessed ("did you mean …?"). */
  hint?: string;
}

export function pointerTo(...segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function formatProblem(p: Problem): string {
  // A problem with a value is named by its pointer; one with the text itself by line and column.
  const where = p.line === undefined || p.pointer !== '' ? `${p.file}#${p.pointer || '/'}` : `${p.file}:${p.line}:${p.column ?? 1}`;
  return `${where}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Longest part of a value echoed in a message: enough to recognise it, never a flood. */
const QUOTED_CHARS = 60;

// Characters that would act on a terminal, reorder text or hide in it instead of being shown:
// C0 and C1 controls, DEL, line and paragraph separators, and every invisible format character
// (bidi controls, zero-width spaces and joiners, soft hyphens, byte order marks, tags): a code
// "70-298" with a zero-width space in it must not look like the real one in a message.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return NAMED_ESCAPES[c] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/**
 * A value as a message shows it: strings in double quotes, cut to ~60 characters with their full
 * length said, control characters escaped; objects and lists named, not dumped.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length <= QUOTED_CHARS) return `"${escapeUnprintable(value)}"`;
    // Cut between characters, never inside a surrogate pair.
    const cut = /[\ud800-\udbff]$/.test(value.slice(0, QUOTED_CHARS - 1)) ? QUOTED_CHARS - 2 : QUOTED_CHARS - 1;
    return `"${escapeUnprintable(value.slice(0, cut))}…" (${value.length.toLocaleString('en-US')} characters)`;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** At most `max` problems, then one line saying how many more there are. */
export function limitProblems(problems: readonly Problem[], max = 20): Problem[] {
  if (problems.length <= max) return [...problems];
  const rest = problems.length - max;
  const first = problems[0] as Problem;
  return [...problems.slice(0, max), { file: first.file, pointer: '', message: `and ${rest.toLocaleString('en-US')} more problem${rest === 1 ? '' : 's'}` }];
}

/** Edit distance counting a swap of two neighbours as one edit ("Fial" → "Fail"). */
function editDistance(a: string, b: string): number {
  // Three rolling rows (two back for the swap), not a whole table: no allocation per cell.
  let before = new Int32Array(b.length + 1);
  let up = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    [before, up, row] = [up, row, before];
  }
  return up[b.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

const SUGGESTED_LENGTH = 40;
const SUGGESTION_CANDIDATES = 200;

/** "did you mean …?" for a misspelt name: the closest candidate, when it is close enough. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  // Misspellings are short; a long value gets no guess, so its cost never grows with its size.
  if (word.length > SUGGESTED_LENGTH) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let tried = 0;
  for (const candidate of candidates) {
    if (++tried > SUGGESTION_CANDIDATES) break;
    if (candidate.length > SUGGESTED_LENGTH || Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  // Close in spelling, or the same long beginning with a garbled end ("daysSinceFial").
  const close = bestDistance <= Math.max(2, Math.floor(word.length / 3)) || commonPrefix(lower, best.toLowerCase()) >= Math.ceil(word.length * 0.6);
  return close ? `did you mean \`${escapeUnprintable(best)}\`?` : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
