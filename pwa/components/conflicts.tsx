// The banner of records kept twice by a merge (an import or the link with the extension):
// shown wherever the user is, so it is part of the first script, never fetched later.
import type { JSX } from 'preact';
import { formatDate } from '../../shared/dates.ts';
import type { History } from '../../shared/history/format.ts';
import type { MergeConflict } from '../../shared/link.ts';
import { RESULT_LABEL } from '../labels.ts';

/** A record as the user knows it: the voucher's code, or the attempt's exam and date. */
function describe(kind: MergeConflict['kind'], id: string, history: History | undefined): string {
  if (kind === 'voucher') {
    const voucher = history?.vouchers.find((v) => v.id === id);
    return voucher ? `voucher ${voucher.code}` : `voucher "${id}"`;
  }
  const attempt = history?.attempts.find((a) => a.id === id);
  return attempt ? `${attempt.exam} attempt of ${formatDate(attempt.takenOn)} (${RESULT_LABEL[attempt.result].toLowerCase()})` : `attempt "${id}"`;
}

export function Conflicts({ conflicts, history, onDismiss }: { conflicts: MergeConflict[]; history: History | undefined; onDismiss: () => void }): JSX.Element | null {
  if (conflicts.length === 0) return null;
  return (
    <section class="banner warning" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Records kept twice</h2>
      <p>These records were changed on both sides. Both versions were kept on your dashboard; delete the one that is wrong.</p>
      <ul>
        {conflicts.map((c) => (
          <li key={c.keptAs}>
            Yours: {describe(c.kind, c.id, history)}. The other: {describe(c.kind, c.keptAs, history)}.
          </li>
        ))}
      </ul>
      <button type="button" class="secondary" onClick={onDismiss}>Done</button>
    </section>
  );
}
