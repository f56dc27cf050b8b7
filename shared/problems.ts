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

/** Edit distance counting a swap of two neighbours as one edit ("Fial" → "Fail"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] ?? 0, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** "did you mean …?" for a misspelt name: the closest candidate, when it is close enough. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  // Close in spelling, or the same long beginning with a garbled end ("daysSinceFial").
  const close = bestDistance <= Math.max(2, Math.floor(word.length / 3)) || commonPrefix(lower, best.toLowerCase()) >= Math.ceil(word.length * 0.6);
  return close ? `did you mean \`${best}\`?` : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
