// The workbench's diff with the published file: every line accounted for, changes in hunks.
import { describe, expect, it } from 'vitest';
import { type DiffLine, diffHunks, lineDiff, MAX_DIFF_CELLS } from '../../pwa/workbench/line-diff.ts';

function diffOf(before: string, after: string): DiffLine[] {
  const lines = lineDiff(before, after);
  if (!lines) throw new Error('too different to compare');
  return lines;
}

const show = (text: string, other: string): string[] => diffOf(text, other).map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'added' ? '+' : '-'}${l.text}`);

describe('line diff', () => {
  it('marks a changed line as removed then added, with line numbers on each side', () => {
    const lines = diffOf('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(lines).toEqual([
      { kind: 'same', text: 'a', before: 1, after: 1 },
      { kind: 'removed', text: 'b', before: 2 },
      { kind: 'added', text: 'B', after: 2 },
      { kind: 'same', text: 'c', before: 3, after: 3 },
      { kind: 'added', text: 'd', after: 4 },
    ]);
  });

  it('keeps the longest run of unchanged lines, not just the common start and end', () => {
    expect(show('x\n1\n2\n3\ny', 'p\n1\n2\n3\nq')).toEqual(['-x', '+p', ' 1', ' 2', ' 3', '-y', '+q']);
    expect(show('1\n2\n3', '0\n1\n2\n3')).toEqual(['+0', ' 1', ' 2', ' 3']);
    expect(show('1\n2\n3', '1\n3')).toEqual([' 1', '-2', ' 3']);
  });

  it('finds nothing to show for the same text, with or without a final newline or Windows line ends', () => {
    expect(diffHunks(diffOf('a\nb\n', 'a\r\nb'))).toEqual([]);
  });

  it('shows two lines of context around each change and merges changes that are close', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 3', 'LINE 3').replace('line 5', 'LINE 5').replace('line 15', 'LINE 15');
    const hunks = diffHunks(diffOf(before, after));
    expect(hunks.map((h) => h.map((l) => l.before ?? `+${l.after}`))).toEqual([
      [1, 2, 3, '+3', 4, 5, '+5', 6, 7],
      [13, 14, 15, '+15', 16, 17],
    ]);
  });

  it('gives up on texts too different to compare line by line, whatever their shared start and end', () => {
    const side = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 1;
    const block = (tag: string): string => Array.from({ length: side }, (_, i) => `${tag} ${i}`).join('\n');
    expect(lineDiff(`head\n${block('a')}\ntail`, `head\n${block('b')}\ntail`)).toBeNull();
    // Just under the limit, it still compares.
    expect(lineDiff(block('a').split('\n').slice(0, side - 2).join('\n'), block('b').split('\n').slice(0, side - 2).join('\n'))?.length).toBe(2 * (side - 2));
  });
});
