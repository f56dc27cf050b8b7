import type { JSX } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { formatDate, type IsoDate } from '../../shared/dates.ts';
import type { KeyDates, StatusResult } from '../../shared/engine/evaluate.ts';
import { chronological } from '../../shared/engine/facts.ts';
import type { Attempt, History, Voucher } from '../../shared/history/format.ts';
import { countdown } from '../components/countdown.ts';
import { Timeline } from '../components/timeline.tsx';
import { useAppState, useModel } from '../context.ts';
import { providerName, RESULT_LABEL, STATUS_LABEL } from '../labels.ts';
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
  const current = statuses && statuses.history === history ? statuses.results : undefined;
  useLayoutEffect(() => {
    // For the benchmark: the moment the dashboard shows every record with its status.
    if (current && performance.getEntriesByName('second-shot:dashboard-rendered').length === 0) performance.mark('second-shot:dashboard-rendered');
  }, [current]);
  if (!history) return <p role="status">Reading your saved vouchers…</p>;
  if (history.vouchers.length === 0 && history.attempts.length === 0) return <EmptyState />;
  const byVoucher = groupAttempts(history);
  const paid = byVoucher.get(undefined) ?? [];
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
        <VoucherCard key={voucher.id} voucher={voucher} attempts={byVoucher.get(voucher.id) ?? []} status={current?.find((s) => s.voucherId === voucher.id)} today={today} offerTitle={rules?.ruleSet.get(voucher.offer)?.spec.title} />
      ))}
      {paid.length > 0 && (
        <section class="card" aria-labelledby="paid-title">
          <h2 id="paid-title">Attempts without a voucher</h2>
          <AttemptList attempts={paid} />
        </section>
      )}
    </section>
  );
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

function VoucherCard({ voucher, attempts, status, today, offerTitle }: CardProps): JSX.Element {
  const model = useModel();
  const titleId = `voucher-${voucher.id}`;
  const left = status ? countdown(status, today) : null;
  return (
    <article class={`card voucher status-${status?.status ?? 'pending'}`} aria-labelledby={titleId}>
      <header class="card-head">
        <div>
          <h2 id={titleId}>
            <span class="code">{voucher.code}</span>
            {status?.exam && <span class="exam"> · {status.exam}</span>}
          </h2>
          <p class="muted">{offerTitle ?? voucher.offer}</p>
        </div>
        {status && <span class="badge">{STATUS_LABEL[status.status]}</span>}
      </header>
      {status ? (
        <>
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
        </>
      ) : (
        <p class="muted">Status: working it out…</p>
      )}
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
