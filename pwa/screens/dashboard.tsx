import type { JSX } from 'preact';
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { chronological } from '../../shared/engine/facts.ts';
import type { Attempt, History } from '../../shared/history/format.ts';
import { arrangeCards, type CardOrder } from '../components/card-order.ts';
import { TryExample } from '../components/try-example.tsx';
import { AttemptList, VoucherCard } from '../components/voucher-card.tsx';
import { useAppState } from '../context.ts';
import { Link } from '../router.tsx';

export function Dashboard(): JSX.Element {
  const state = useAppState();
  const { history, statuses, rules, today } = state;
  const current = statuses && statuses.history === history ? statuses : undefined;
  const byVoucher = useMemo(() => (history ? groupAttempts(history) : new Map<string | undefined, Attempt[]>()), [history]);
  const statusOf = useMemo(() => new Map(current?.results.map((s) => [s.voucherId, s])), [current]);
  const [order, setOrder] = useState<CardOrder>(() => (localStorage.getItem(ORDER_KEY) === 'urgent' ? 'urgent' : 'added'));
  const [showArchived, setShowArchived] = useState(false);
  useLayoutEffect(() => {
    // For the benchmark: when the first screenful of cards, with their statuses, has been
    // drawn, and when all have.
    if (current) markAfterFrame('second-shot:dashboard-rendered');
    if (current?.complete) markAfterFrame('second-shot:dashboard-complete');
  }, [current]);
  if (!history) return <p role="status">Reading your saved vouchers…</p>;
  if (history.vouchers.length === 0 && history.attempts.length === 0) return <EmptyState />;
  const paid = byVoucher.get(undefined) ?? [];
  // Every card is drawn at once and stays drawn; statuses arrive in voucher order, chunk by
  // chunk, and until its status has, a card says it is being checked rather than guessing.
  const waiting = history.vouchers.length - (current?.results.length ?? 0);
  const cards = arrangeCards(history.vouchers, statusOf, today, order, showArchived);
  return (
    <section aria-labelledby="dashboard-title">
      <div class="heading-row">
        <h1 id="dashboard-title">Your vouchers</h1>
        <div class="actions">
          <Link class="button" href="/vouchers/new">Add a voucher</Link>
          <Link class="button secondary" href="/attempts/new">Record an attempt</Link>
        </div>
      </div>
      {!current && !state.rulesError && <p role="status" class="muted">Working out where each voucher stands…</p>}
      <CardControls order={order} onOrder={(next) => { localStorage.setItem(ORDER_KEY, next); setOrder(next); }} archived={cards.archived} showArchived={showArchived} onShowArchived={setShowArchived} />
      {cards.shown.map((voucher) => (
        <VoucherCard key={voucher.id} voucher={voucher} attempts={byVoucher.get(voucher.id) ?? NO_ATTEMPTS} status={statusOf.get(voucher.id)} today={today} offerTitle={rules?.ruleSet.get(voucher.offer)?.spec.title} />
      ))}
      {cards.shown.length === 0 && cards.archived > 0 && <p class="muted">Every voucher is archived: nothing is left to do with them.</p>}
      {waiting > 0 && current && <p role="status" class="muted">Checking {waiting === 1 ? 'one more voucher' : `${waiting} more vouchers`}…</p>}
      {paid.length > 0 && (
        <section class="card" aria-labelledby="paid-title">
          <h2 id="paid-title">Attempts without a voucher</h2>
          <AttemptList attempts={paid} today={today} />
        </section>
      )}
    </section>
  );
}

const NO_ATTEMPTS: Attempt[] = [];

/** The candidate's choice of card order, kept on this device. */
const ORDER_KEY = 'second-shot:card-order';

interface ControlsProps {
  order: CardOrder;
  onOrder: (order: CardOrder) => void;
  archived: number;
  showArchived: boolean;
  onShowArchived: (show: boolean) => void;
}

function CardControls({ order, onOrder, archived, showArchived, onShowArchived }: ControlsProps): JSX.Element {
  return (
    <div class="card-controls">
      <label>
        Order{' '}
        <select value={order} onChange={(event) => onOrder((event.currentTarget as HTMLSelectElement).value === 'urgent' ? 'urgent' : 'added')}>
          <option value="added">As added</option>
          <option value="urgent">Most urgent first</option>
        </select>
      </label>
      {archived > 0 && (
        <button type="button" class="small secondary" aria-pressed={showArchived} onClick={() => onShowArchived(!showArchived)}>
          Show archived vouchers ({archived})
        </button>
      )}
    </div>
  );
}

/** Marks the timeline once the current frame has been drawn (a message posted from the frame callback runs after it). */
function markAfterFrame(name: string): void {
  if (performance.getEntriesByName(name).length > 0) return;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (performance.getEntriesByName(name).length === 0) performance.mark(name);
    };
    channel.port2.postMessage(null);
  });
}

function groupAttempts(history: History): Map<string | undefined, Attempt[]> {
  const groups = new Map<string | undefined, Attempt[]>();
  for (const attempt of chronological(history.attempts)) {
    const list = groups.get(attempt.voucher);
    if (list) list.push(attempt);
    else groups.set(attempt.voucher, [attempt]);
  }
  return groups;
}

function EmptyState(): JSX.Element {
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h1 id="empty-title">No vouchers yet</h1>
      <p>Second Shot keeps track of your exam vouchers and free-retake offers, and tells you the next step and its date.</p>
      <ol>
        <li><Link href="/vouchers/new">Add the voucher</Link> you received, choosing its offer.</li>
        <li>Record each exam attempt you book with it, and its result when you have it.</li>
        <li>Come back here to see when your retake opens and when the offer ends.</li>
      </ol>
      <p>
        <Link class="button" href="/vouchers/new">Add your first voucher</Link>{' '}
        <Link class="button secondary" href="/backup">Restore a backup</Link>{' '}
        <TryExample secondary />
      </p>
      <p class="muted">Everything stays on this device and works offline.</p>
    </section>
  );
}
