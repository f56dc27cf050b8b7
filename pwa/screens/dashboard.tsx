import { Component, type JSX } from 'preact';
import { useLayoutEffect, useMemo } from 'preact/hooks';
import { formatDate, type IsoDate } from '../../shared/dates.ts';
import type { KeyDates, StatusResult } from '../../shared/engine/evaluate.ts';
import { chronological } from '../../shared/engine/facts.ts';
import type { Attempt, History, Voucher } from '../../shared/history/format.ts';
import { countdown } from '../components/countdown.ts';
import { Timeline } from '../components/timeline.tsx';
import { useAppState, useModel } from '../context.ts';
import { providerName, RESULT_LABEL, statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';

const KEY_DATES: [keyof KeyDates, string][] = [
  ['obtainedOn', 'Obtained'],
  ['offerOpens', 'Offer opens'],
  ['firstAttemptBy', 'First exam booked by'],
  ['firstBookedOn', 'First booked'],
  ['examOn', 'Exam date'],
  ['lastFailureOn', 'Failed on'],
  ['retakeOpensOn', 'Retake opens'],
  ['retakeBy', 'Retake booked by'],
];

export function Dashboard(): JSX.Element {
  const state = useAppState();
  const { history, statuses, rules, today } = state;
  const current = statuses && statuses.history === history ? statuses : undefined;
  const byVoucher = useMemo(() => (history ? groupAttempts(history) : new Map<string | undefined, Attempt[]>()), [history]);
  const statusOf = useMemo(() => new Map(current?.results.map((s) => [s.voucherId, s])), [current]);
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
      {history.vouchers.map((voucher) => (
        <VoucherCard key={voucher.id} voucher={voucher} attempts={byVoucher.get(voucher.id) ?? NO_ATTEMPTS} status={statusOf.get(voucher.id)} today={today} offerTitle={rules?.ruleSet.get(voucher.offer)?.spec.title} />
      ))}
      {waiting > 0 && current && <p role="status" class="muted">Checking {waiting === 1 ? 'one more voucher' : `${waiting} more vouchers`}…</p>}
      {paid.length > 0 && (
        <section class="card" aria-labelledby="paid-title">
          <h2 id="paid-title">Attempts without a voucher</h2>
          <AttemptList attempts={paid} />
        </section>
      )}
    </section>
  );
}

const NO_ATTEMPTS: Attempt[] = [];

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
        <Link class="button secondary" href="/backup">Restore a backup</Link>
      </p>
      <p class="muted">Everything stays on this device and works offline.</p>
    </section>
  );
}

interface CardProps {
  voucher: Voucher;
  attempts: Attempt[];
  status: StatusResult | undefined;
  today: IsoDate;
  offerTitle: string | undefined;
}

/** Cards whose voucher, attempts and status did not change are not drawn again when the next chunk of statuses arrives. */
class VoucherCard extends Component<CardProps> {
  override shouldComponentUpdate(next: CardProps): boolean {
    const props = this.props;
    return next.voucher !== props.voucher || next.attempts !== props.attempts || next.status !== props.status || next.today !== props.today || next.offerTitle !== props.offerTitle;
  }

  override render(props: CardProps): JSX.Element {
    return <VoucherCardBody {...props} />;
  }
}

function VoucherCardBody({ voucher, attempts, status, today, offerTitle }: CardProps): JSX.Element {
  const model = useModel();
  const titleId = `voucher-${voucher.id}`;
  const head = (
    <header class="card-head">
      <div>
        <h2 id={titleId}>
          <span class="code">{voucher.code}</span>
          {status?.exam && <span class="exam"> · {status.exam}</span>}
        </h2>
        <p class="muted">{offerTitle ?? voucher.offer}</p>
      </div>
      {status && <span class="badge">{statusLabel(status)}</span>}
    </header>
  );
  // Until the engine has answered, a light card with no status at all: a long history draws
  // its first screen fast, and nothing shown is a guess.
  if (!status) {
    return (
      <article class="card voucher status-pending" aria-labelledby={titleId} aria-busy="true">
        {head}
        <p class="muted checking">Status: checking… ({attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`})</p>
      </article>
    );
  }
  const left = countdown(status, today);
  return (
    <article class={`card voucher status-${status.status}`} aria-labelledby={titleId}>
      {head}
      <p class="next-step">{status.nextStep}</p>
      {left && <p class="countdown">{left}</p>}
      <Timeline status={status} today={today} />
      <details>
        <summary>Key dates</summary>
        <dl class="dates">
          {KEY_DATES.filter(([key]) => status.dates[key]).map(([key, label]) => (
            <div key={key}><dt>{label}</dt><dd>{formatDate(status.dates[key] ?? '')}</dd></div>
          ))}
        </dl>
      </details>
      <h3>Attempts</h3>
      {attempts.length === 0 ? <p class="muted">No attempts recorded with this voucher.</p> : <AttemptList attempts={attempts} />}
      <div class="actions">
        <Link class="button small" href={`/attempts/new?voucher=${encodeURIComponent(voucher.id)}`}>Record an attempt<span class="visually-hidden"> with {voucher.code}</span></Link>
        <Link class="button small secondary" href={`/vouchers/${encodeURIComponent(voucher.id)}/edit`}>Edit<span class="visually-hidden"> voucher {voucher.code}</span></Link>
        <button type="button" class="small danger" onClick={() => void model.deleteVoucher(voucher)}>Delete<span class="visually-hidden"> voucher {voucher.code}</span></button>
      </div>
    </article>
  );
}

function AttemptList({ attempts }: { attempts: Attempt[] }): JSX.Element {
  const model = useModel();
  return (
    <ul class="attempts">
      {attempts.map((attempt) => (
        <li key={attempt.id}>
          <span class={`result result-${attempt.result}`}>{RESULT_LABEL[attempt.result]}</span>{' '}
          <strong>{attempt.exam}</strong> at {providerName(attempt.provider)}, exam on {formatDate(attempt.takenOn)} (booked {formatDate(attempt.bookedOn)})
          <span class="row-actions">
            <Link href={`/attempts/${encodeURIComponent(attempt.id)}/edit`}>Edit<span class="visually-hidden"> {attempt.exam} attempt of {formatDate(attempt.takenOn)}</span></Link>
            <button type="button" class="link danger" onClick={() => void model.deleteAttempt(attempt)}>Delete<span class="visually-hidden"> {attempt.exam} attempt of {formatDate(attempt.takenOn)}</span></button>
          </span>
        </li>
      ))}
    </ul>
  );
}
