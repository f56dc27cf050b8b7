// Every complaint about input names where it is (file and JSON pointer) and what is wrong.

export interface Problem {
  /** The file (or other source) the problem is in, e.g. "rules/offers/x.json". */
  file: string;
  /** RFC 6901 JSON pointer to the offending value; "" is the whole document. */
  pointer: string;
  message: string;
  /** A likely fix, when one can be guessed ("did you mean …?"). */
  hint?: string;
}

export function pointerTo(...segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}#${p.pointer || '/'}`;
  return `${where}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Where a JSON.parse failure is, as line and column, so the message can point at it. */
export function parseJson(text: string, file: string): Checked<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset).split('\n');
      where = ` at line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
    }
    const detail = message.replace(/^.*?JSON[^:]*:\s*/, '').replace(/ in JSON at position \d+.*$/, '');
    return { ok: false, problems: [{ file, pointer: '', message: `is not valid JSON${where}: ${detail}` }] };
  }
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? `did you mean \`${best}\`?` : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
