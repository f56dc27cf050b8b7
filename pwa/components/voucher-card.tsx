import { Component, type JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatDate, type IsoDate } from '../../shared/dates.ts';
import type { KeyDates, StatusResult } from '../../shared/engine/evaluate.ts';
import type { Attempt, AttemptResult, Voucher } from '../../shared/history/format.ts';
import { useModel } from '../context.ts';
import { bookingSites, providerName, RESULT_LABEL } from '../labels.ts';
import { ARCHIVED, isArchived, isSettled, SHOW_ARCHIVED_ID } from './card-order.ts';
import { Link } from '../router.tsx';
import { countdown } from './countdown.ts';
import { Timeline } from './timeline.tsx';

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

export interface CardProps {
  voucher: Voucher;
  attempts: Attempt[];
  status: StatusResult | undefined;
  today: IsoDate;
  offerTitle: string | undefined;
  /** Timeline and attempt list drawn (the card is near the viewport); false: a compact card. */
  details: boolean;
  /** Watches a card drawn compact, to draw it in full when it comes near; the function returned stops (the same function every draw). */
  watch?: (card: HTMLElement) => () => void;
}

/** Cards whose voucher, attempts and status did not change are not drawn again when the next chunk of statuses arrives. */
export class VoucherCard extends Component<CardProps> {
  override shouldComponentUpdate(next: CardProps): boolean {
    const props = this.props;
    return next.voucher !== props.voucher || next.attempts !== props.attempts || next.status !== props.status || next.today !== props.today || next.offerTitle !== props.offerTitle || next.details !== props.details;
  }

  override render(props: CardProps): JSX.Element {
    return <VoucherCardBody {...props} />;
  }
}

function VoucherCardBody({ voucher, attempts, status, today, offerTitle, details, watch }: CardProps): JSX.Element {
  const model = useModel();
  const card = useRef<HTMLElement>(null);
  useLayoutEffect(() => (!details && card.current ? watch?.(card.current) : undefined), [details]);
  const titleId = `voucher-${voucher.id}`;
  const head = (
    <header class="card-head">
      <div>
        <h2 id={titleId}>
          <span class="code">{voucher.code}</span>
          {status?.exam && <span class="exam">{` · ${status.exam}`}</span>}
        </h2>
        {/* A status comes with the rules: before them, an offer's title is not known yet, not unknown. */}
        <p class="muted">{offerTitle ?? (status ? 'An offer this version of Second Shot does not know' : '')}</p>
        {offerTitle === undefined && status && (
          <details>
            <summary>Details for program managers</summary>
            <p>Offer id in the voucher: <code>{voucher.offer}</code></p>
          </details>
        )}
      </div>
      {status && <span class="badge">{status.label}</span>}
    </header>
  );
  const count = attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`;
  // A compact card is in the Tab order, and taking the focus draws it in full (keeping the focus:
  // -1): the keyboard reaches every card, though a compact one has no buttons of its own yet.
  const compactAttributes = { 'data-compact': details ? undefined : '', tabIndex: details ? -1 : 0 };
  // Until the engine has answered, a light card with no status at all: a long history draws
  // its first screen fast, and nothing shown is a guess.
  if (!status) {
    return (
      <article ref={card} class="card voucher status-pending" aria-labelledby={titleId} aria-busy="true" data-voucher={voucher.id} {...compactAttributes}>
        {head}
        <p class="muted checking">{`Status: checking… (${count})`}</p>
      </article>
    );
  }
  const left = countdown(status, today);
  return (
    <article ref={card} class={`card voucher status-${status.status}`} aria-labelledby={titleId} data-voucher={voucher.id} {...compactAttributes}>
      {head}
      <p class="next-step">{status.nextStep}</p>
      {left && <p class="countdown">{left}</p>}
      {/* Far from the screen, the status and next step only: most of a long list is never
          scrolled to, and a card's links and buttons cost as much to draw as the rest of it. */}
      {details ? (
        <>
          <Timeline status={status} today={today} />
          <KeyDatesList dates={status.dates} />
          {(status.status === 'unused' || status.status === 'retake-available') && <BookAt offer={status.offer} code={voucher.code} />}
          <h3>Attempts</h3>
          {attempts.length === 0 ? <p class="muted">No attempts recorded with this voucher.</p> : <AttemptList attempts={attempts} today={today} />}
          <div class="actions">
            <Link class="button small" href={`/attempts/new?voucher=${encodeURIComponent(voucher.id)}`}>Record an attempt<span class="visually-hidden"> with {voucher.code}</span></Link>
            <CopyCode code={voucher.code} />
            <Link class="button small secondary" href={`/vouchers/${encodeURIComponent(voucher.id)}/edit`}>Edit<span class="visually-hidden"> voucher {voucher.code}</span></Link>
            {(isSettled(status) || isArchived(voucher)) && <ArchiveButton voucher={voucher} today={today} />}
            <button type="button" class="small danger" onClick={() => void model.deleteVoucher(voucher)}>Delete<span class="visually-hidden"> voucher {voucher.code}</span></button>
          </div>
        </>
      ) : (
        <p class="muted">{count}</p>
      )}
    </article>
  );
}

/** Key dates, listed once opened: most are never opened, and a long dashboard need not build them. */
function KeyDatesList({ dates }: { dates: KeyDates }): JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Key dates</summary>
      {open && (
        <dl class="dates">
          {KEY_DATES.filter(([key]) => dates[key]).map(([key, label]) => (
            <div key={key}><dt>{label}</dt><dd>{formatDate(dates[key] ?? '')}</dd></div>
          ))}
        </dl>
      )}
    </details>
  );
}

export function AttemptList({ attempts, today }: { attempts: Attempt[]; today: IsoDate }): JSX.Element {
  const model = useModel();
  const record = (attempt: Attempt, result: AttemptResult) => () => void model.saveAttempt({ ...attempt, result });
  return (
    <ul class="attempts">
      {attempts.map((attempt) => (
        <li key={attempt.id}>
          <span class={`result result-${attempt.result}`}>{RESULT_LABEL[attempt.result]}</span>{' '}
          <strong>{attempt.exam}</strong> at {providerName(attempt.provider)}, exam on {formatDate(attempt.takenOn)} (booked {formatDate(attempt.bookedOn)})
          {/* The exam has been taken (its day has come): its result in one tap. */}
          {attempt.result === 'scheduled' && attempt.takenOn <= today && (
            <span class="row-actions" role="group" aria-label={`Result of ${attempt.exam} on ${formatDate(attempt.takenOn)}`}>
              <button type="button" class="small secondary" onClick={record(attempt, 'pass')}>Passed</button>
              <button type="button" class="small secondary" onClick={record(attempt, 'fail')}>Failed</button>
            </span>
          )}
          <span class="row-actions">
            <Link href={`/attempts/${encodeURIComponent(attempt.id)}/edit`}>Edit<span class="visually-hidden"> {attempt.exam} attempt of {formatDate(attempt.takenOn)}</span></Link>
            <button type="button" class="link danger" onClick={() => void model.deleteAttempt(attempt)}>Delete<span class="visually-hidden"> {attempt.exam} attempt of {formatDate(attempt.takenOn)}</span></button>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Links to the booking sites of the providers the voucher's offer allows. */
function BookAt({ offer, code }: { offer: string; code: string }): JSX.Element | null {
  const model = useModel();
  // Read, not subscribed to: a card is drawn again whenever its status changes, and statuses are recomputed when the rules do.
  const providers = model.state.rules?.ruleSet.get(offer)?.spec.parameters['providers'];
  const sites = bookingSites(Array.isArray(providers) ? providers : undefined);
  if (sites.length === 0) return null;
  return (
    <p class="book-at">
      {sites.map((site) => (
        <a key={site.provider} class="button small" href={site.url} target="_blank" rel="noopener noreferrer">
          Book at {site.name}<span class="visually-hidden"> with voucher {code} (opens in a new tab)</span>
        </a>
      ))}
    </p>
  );
}

/** Copies the voucher code for the booking site's payment form, and says so. */
function CopyCode({ code }: { code: string }): JSX.Element {
  const [said, setSaid] = useState('');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code);
      setSaid(`Copied ${code}`);
    } catch {
      setSaid('This browser did not allow copying: select the code above and copy it.');
    }
  };
  return (
    <>
      <button type="button" class="small secondary" onClick={() => void copy()}>Copy code<span class="visually-hidden"> {code}</span></button>
      <span role="status" class="copied">{said}</span>
    </>
  );
}

/** Puts a used or expired voucher away (out of the list until archived vouchers are shown), or back. */
function ArchiveButton({ voucher, today }: { voucher: Voucher; today: IsoDate }): JSX.Element {
  const model = useModel();
  const button = useRef<HTMLButtonElement>(null);
  const archived = isArchived(voucher);
  const toggle = async (): Promise<void> => {
    const { [ARCHIVED]: _was, ...rest } = voucher;
    await model.saveVoucher(archived ? { ...rest, id: voucher.id, code: voucher.code, offer: voucher.offer, obtainedOn: voucher.obtainedOn } : { ...voucher, [ARCHIVED]: today });
    // Once the list is drawn again: the focus stays on this card if it is still shown (a new
    // order may have moved it), else goes to the button that shows it again, never to the page.
    requestAnimationFrame(() => (button.current?.isConnected ? button.current : document.getElementById(SHOW_ARCHIVED_ID))?.focus());
  };
  return (
    <button type="button" class="small secondary" ref={button} onClick={() => void toggle()}>
      {archived ? 'Unarchive' : 'Archive'}<span class="visually-hidden"> voucher {voucher.code}</span>
    </button>
  );
}
