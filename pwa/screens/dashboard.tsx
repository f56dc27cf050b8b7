import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { chronological } from '../../shared/engine/facts.ts';
import type { Attempt, History } from '../../shared/history/format.ts';
import { arrangeCards, type CardOrder, SHOW_ARCHIVED_ID } from '../components/card-order.ts';
import { TryExample } from '../components/try-example.tsx';
import { AttemptList, VoucherCard } from '../components/voucher-card.tsx';
import { useAppState } from '../context.ts';
import { afterNextFrame } from '../frames.ts';
import { Link } from '../router.tsx';

/** Cards drawn in full at once, about a screenful; the others compact until they come near the viewport. */
const DRAWN_AT_ONCE = 4;
/** How far outside the viewport a card is drawn in full, so that it is ready when scrolled to. */
const NEAR = '100% 0px';

export function Dashboard(): JSX.Element {
  const state = useAppState();
  const { history, statuses, rules, today } = state;
  const grouped = useRef(new Map<string | undefined, Attempt[]>());
  const byVoucher = useMemo(() => (grouped.current = history ? groupAttempts(history, grouped.current) : new Map()), [history]);
  // The statuses last worked out stay on screen while an edit's are worked out: a card
  // whose voucher the edit did not touch keeps its status, and no card says "checking…" again.
  const statusOf = useMemo(() => new Map(statuses?.results.map((s) => [s.voucherId, s])), [statuses]);
  const complete = statuses?.complete === true && statuses.history === history;
  const { near, list, watch } = useNearViewport();
  const drawnBefore = useRef(new Set<string>());
  const [order, setOrder] = useState<CardOrder>(() => (localStorage.getItem(ORDER_KEY) === 'urgent' ? 'urgent' : 'added'));
  const [showArchived, setShowArchived] = useState(false);
  useLayoutEffect(() => {
    // For the benchmark: when the first screenful of cards, with their statuses, has been
    // drawn, and each time all have.
    if (statuses) markAfterFrame('second-shot:dashboard-rendered', true);
    if (complete) markAfterFrame('second-shot:dashboard-complete', false);
  }, [statuses, complete]);
  if (!history) return <p role="status">Reading your saved vouchers…</p>;
  if (history.vouchers.length === 0 && history.attempts.length === 0) return <EmptyState />;
  const paid = byVoucher.get(undefined) ?? [];
  // Statuses arrive in chunks; a card drawn before its status says it is being checked rather than guessing.
  const waiting = history.vouchers.filter((v) => !statusOf.has(v.id)).length;
  const cards = arrangeCards(history.vouchers, statusOf, today, order, showArchived);
  // With the rules here, statuses are moments away (the first chunk is a screenful): a card waits
  // for its own instead of being drawn twice ("checking…", then its status). Without them (slow
  // or failed), every record is drawn at once, marked as being checked. A card once drawn stays.
  const statusesComing = rules !== undefined && state.rulesError === undefined;
  const drawn = cards.shown.filter((voucher) => !statusesComing || statusOf.has(voucher.id) || drawnBefore.current.has(voucher.id));
  for (const voucher of drawn) drawnBefore.current.add(voucher.id);
  return (
    <section aria-labelledby="dashboard-title" ref={list}>
      <div class="heading-row">
        <h1 id="dashboard-title">Your vouchers</h1>
        <div class="actions">
          <Link class="button" href="/vouchers/new">Add a voucher</Link>
          <Link class="button secondary" href="/attempts/new">Record an attempt</Link>
        </div>
      </div>
      {!statuses && !state.rulesError && <p role="status" class="muted">Working out where each voucher stands…</p>}
      <CardControls order={order} onOrder={(next) => { localStorage.setItem(ORDER_KEY, next); setOrder(next); }} archived={cards.archived} showArchived={showArchived} onShowArchived={setShowArchived} />
      {drawn.map((voucher, i) => (
        <VoucherCard
          key={voucher.id} voucher={voucher} attempts={byVoucher.get(voucher.id) ?? NO_ATTEMPTS} status={statusOf.get(voucher.id)} today={today}
          offerTitle={rules?.ruleSet.get(voucher.offer)?.spec.title} details={near === null || i < DRAWN_AT_ONCE || near.has(voucher.id)} watch={watch}
        />
      ))}
      {cards.shown.length === 0 && cards.archived > 0 && <p class="muted">Every voucher is archived: nothing is left to do with them.</p>}
      {waiting > 0 && statuses && <p role="status" class="muted">Checking {waiting === 1 ? 'one more voucher' : `${waiting} more vouchers`}…</p>}
      {paid.length > 0 && (
        <section class="card" aria-labelledby="paid-title">
          <h2 id="paid-title">Attempts without a voucher</h2>
          <AttemptList attempts={paid} today={today} />
        </section>
      )}
    </section>
  );
}

/**
 * The vouchers whose cards have come near the viewport (or into which focus moved) and are
 * drawn in full from then on; null where the browser cannot tell (every card drawn in full).
 * Each card drawn compact is watched (`watch`, undone by the function it returns) until then.
 */
function useNearViewport(): { near: ReadonlySet<string> | null; list: (element: HTMLElement | null) => void; watch: (card: HTMLElement) => () => void } {
  const [near, setNear] = useState<ReadonlySet<string> | null>(() => (typeof IntersectionObserver === 'undefined' ? null : new Set()));
  // One observer and one ref callback for the component's life: a new one each draw would start over.
  const { list, watch, stop } = useMemo(() => {
    const reach = (ids: string[]): void => {
      if (ids.length > 0) setNear((before) => (before && ids.some((id) => !before.has(id)) ? new Set([...before, ...ids]) : before));
    };
    const observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            const reached = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
            reached.forEach((target) => observer?.unobserve(target));
            reach(reached.flatMap((target) => (target instanceof HTMLElement && target.dataset['voucher'] ? [target.dataset['voucher']] : [])));
          }, { rootMargin: NEAR });
    const onFocus = (event: FocusEvent): void => {
      const card = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-compact]') : null;
      if (card?.dataset['voucher']) reach([card.dataset['voucher']]);
    };
    let section: HTMLElement | null = null;
    return {
      list: (element: HTMLElement | null): void => {
        section?.removeEventListener('focusin', onFocus);
        section = element;
        section?.addEventListener('focusin', onFocus);
      },
      watch: (card: HTMLElement): (() => void) => {
        observer?.observe(card);
        return () => observer?.unobserve(card);
      },
      stop: () => observer?.disconnect(),
    };
  }, []);
  useEffect(() => stop, [stop]);
  return { near, list, watch };
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
        <button type="button" id={SHOW_ARCHIVED_ID} class="small secondary" aria-pressed={showArchived} onClick={() => onShowArchived(!showArchived)}>
          Show archived vouchers ({archived})
        </button>
      )}
    </div>
  );
}

/** Marks the timeline once the current frame has been drawn; `once`: only the first time. */
function markAfterFrame(name: string, once: boolean): void {
  if (once && performance.getEntriesByName(name).length > 0) return;
  void afterNextFrame().then(() => {
    if (!once || performance.getEntriesByName(name).length === 0) performance.mark(name);
  });
}

/** Each voucher's attempts in order; a voucher whose attempts are the same as before keeps its list (and its card is not drawn again). */
function groupAttempts(history: History, before: ReadonlyMap<string | undefined, Attempt[]>): Map<string | undefined, Attempt[]> {
  const groups = new Map<string | undefined, Attempt[]>();
  for (const attempt of chronological(history.attempts)) {
    const list = groups.get(attempt.voucher);
    if (list) list.push(attempt);
    else groups.set(attempt.voucher, [attempt]);
  }
  for (const [voucher, list] of groups) {
    const previous = before.get(voucher);
    if (previous && previous.length === list.length && previous.every((attempt, i) => attempt === list[i])) groups.set(voucher, previous);
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
