// A line diff of a draft against the published file it replaces, in hunks with a little
// context, for the workbench to show what an edit changes before it is exported.

export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
  /** 1-based line in the published file (same and removed lines). */
  before?: number;
  /** 1-based line in the draft (same and added lines). */
  after?: number;
}

/** Past this many cells of the comparison table (16 MB), two texts are too different to compare line by line. */
export const MAX_DIFF_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  // A final newline ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Every line of both texts, in order, each marked same, removed or added (a longest common
 * subsequence); null when the parts that differ are too long to compare.
 */
export function lineDiff(beforeText: string, afterText: string): DiffLine[] | null {
  const a = splitLines(beforeText);
  const b = splitLines(afterText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  const same = (i: number, j: number): void => void out.push({ kind: 'same', text: a[i] ?? '', before: i + 1, after: j + 1 });
  for (let i = 0; i < start; i++) same(i, i);
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_DIFF_CELLS) return null;
  // lengths[i * (m + 1) + j]: the longest common run of a[start + i..] and b[start + j..].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[start + i] === b[start + j]
        ? (lengths[(i + 1) * (m + 1) + j + 1] ?? 0) + 1
        : Math.max(lengths[(i + 1) * (m + 1) + j] ?? 0, lengths[i * (m + 1) + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      same(start + i, start + j);
      i++;
      j++;
    } else if (i < n && (j === m || (lengths[(i + 1) * (m + 1) + j] ?? 0) >= (lengths[i * (m + 1) + j + 1] ?? 0))) {
      // On a tie the old line goes first: a changed line reads as removed, then added.
      out.push({ kind: 'removed', text: a[start + i] ?? '', before: start + i + 1 });
      i++;
    } else {
      out.push({ kind: 'added', text: b[start + j] ?? '', after: start + j + 1 });
      j++;
    }
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) same(i, j);
  return out;
}

/** The changed lines with `context` unchanged lines around each run; runs closer than that merge into one hunk. */
export function diffHunks(lines: readonly DiffLine[], context = 2): DiffLine[][] {
  const hunks: DiffLine[][] = [];
  let current: DiffLine[] | null = null;
  let lastShown = -1;
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    const from = Math.max(index - context, lastShown + 1);
    if (!current || from > lastShown + 1) {
      current = [];
      hunks.push(current);
    }
    for (let k = from; k <= index; k++) current.push(lines[k] as DiffLine);
    lastShown = index;
    // The context after this change, unless the next change comes first.
    let after = 0;
    while (after < context && lines[lastShown + 1]?.kind === 'same') {
      current.push(lines[lastShown + 1] as DiffLine);
      lastShown++;
      after++;
    }
  });
  return hunks;
}
