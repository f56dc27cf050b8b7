// What the draft changes in the published file it replaces, line by line.
import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import type { SourceFile } from '../../shared/engine/ruleset.ts';
import { diffHunks, type DiffLine, lineDiff } from './line-diff.ts';

const MARK: Record<DiffLine['kind'], string> = { same: ' ', removed: '−', added: '+' };

function Line({ line }: { line: DiffLine }): JSX.Element {
  const numbers = (
    <>
      <span class="diff-line-no" aria-hidden="true">{line.before ?? ''}</span>
      <span class="diff-line-no" aria-hidden="true">{line.after ?? ''}</span>
    </>
  );
  if (line.kind === 'same') return <li>{numbers}{MARK.same} {line.text}</li>;
  const Tag = line.kind === 'added' ? 'ins' : 'del';
  const where = line.kind === 'added' ? `added as line ${line.after}` : `removed from line ${line.before}`;
  return <li class={`diff-${line.kind}`}>{numbers}<Tag aria-label={`${where}: ${line.text.trim()}`}>{MARK[line.kind]} {line.text}</Tag></li>;
}

export function DiffWithPublished({ published, draft, file }: { published: SourceFile | undefined; draft: string; file: string }): JSX.Element {
  const lines = useMemo(() => (published ? lineDiff(published.text, draft) : []), [published, draft]);
  const hunks = useMemo(() => (lines ? diffHunks(lines) : []), [lines]);
  if (published && !lines) {
    return (
      <section class="card" aria-labelledby="diff-title">
        <h2 id="diff-title">Changes from the published file</h2>
        <p>The draft differs from the published {file} in too many places to show line by line.</p>
      </section>
    );
  }
  const removed = lines?.filter((l) => l.kind === 'removed').length ?? 0;
  const added = lines?.filter((l) => l.kind === 'added').length ?? 0;
  return (
    <section class="card" aria-labelledby="diff-title">
      <h2 id="diff-title">Changes from the published file</h2>
      {!published && <p>{file} is not published yet: the whole draft is new.</p>}
      {published && hunks.length === 0 && <p>The draft is the same as the published {file}.</p>}
      {published && hunks.length > 0 && (
        <>
          <p>Against the published {file}: {removed} {removed === 1 ? 'line' : 'lines'} removed, {added} {added === 1 ? 'line' : 'lines'} added.</p>
          {hunks.map((hunk) => (
            // Long lines scroll sideways: the region takes keyboard focus to scroll.
            <div class="diff" role="region" tabIndex={0} aria-label={`Changes from line ${hunk[0]?.before ?? ''} of the published file`} key={`${hunk[0]?.before ?? 0}-${hunk[0]?.after ?? 0}`}>
              <ol>{hunk.map((line) => <Line key={`${line.kind}${line.before ?? ''}-${line.after ?? ''}`} line={line} />)}</ol>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
