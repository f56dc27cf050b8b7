// Options: import and export of the history file (validated completely before anything is
// replaced), the link with the Second Shot app (PWA), the date to check as of, the offer
// rules in force, and what the site profiles no longer find.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { HistoryExport, HistoryImport, LinkAccept, LinkForget, SettingsSet, type StatusReply } from '../../shared/messages.ts';
import { send } from '../messaging.ts';
import { pwaOriginProblem } from '../settings.ts';
import '../ui/page.css';
import { useStatus } from '../ui/use-status.ts';
import { Vouchers } from '../ui/vouchers.tsx';
import { dateAndTime, dateInWords } from '../ui/when.ts';
import { OfferRules } from './rules.tsx';

interface Outcome {
  ok: boolean;
  message: string;
  problems: string[];
}

function Result({ outcome, label }: { outcome: Outcome | null; label: string }) {
  if (!outcome) return null;
  return (
    <div role={outcome.ok ? 'status' : 'alert'} aria-label={label} class={outcome.ok ? 'ok' : 'problems'}>
      <p>{outcome.message}</p>
      {outcome.problems.length > 0 && <ul>{outcome.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
    </div>
  );
}

function failed(error: unknown): Outcome {
  return { ok: false, message: error instanceof Error ? error.message : String(error), problems: [] };
}

function HistoryFile({ status, refresh }: { status: StatusReply; refresh: () => void }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const exportFile = async (): Promise<void> => {
    const { text, fileName } = await send(HistoryExport, {});
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  const importFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      setOutcome(await send(HistoryImport, { text: await file.text(), fileName: file.name }));
      refresh();
    } catch (error) {
      setOutcome(failed(error));
    }
    input.value = '';
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Your history file</h2>
      <p class="muted">{status.statuses.length} voucher{status.statuses.length === 1 ? '' : 's'} and {status.attempts} attempt{status.attempts === 1 ? '' : 's'} in this browser.</p>
      <button type="button" onClick={() => void exportFile().catch((e: unknown) => setOutcome(failed(e)))}>Export history</button>
      <label for="import">Import a history file (replaces the history in this browser once the whole file is valid)</label>
      <input id="import" type="file" accept="application/json,.json" onChange={(e) => void importFile(e.currentTarget)} />
      <Result outcome={outcome} label="Import result" />
    </section>
  );
}

function Link({ status, refresh }: { status: StatusReply; refresh: () => void }) {
  const [origin, setOrigin] = useState(status.settings.pwaOrigin);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = (work: Promise<{ ok: boolean; message: string }>): void => {
    work.then((r) => { setOutcome({ ...r, problems: [] }); refresh(); }, (e: unknown) => setOutcome(failed(e)));
  };
  const saveOrigin = async (): Promise<{ ok: boolean; message: string }> => {
    const problem = pwaOriginProblem(origin);
    if (problem) return { ok: false, message: problem };
    // Only this one origin, asked for while the user's click is still being handled.
    const granted = await chrome.permissions.request({ origins: [`${origin}/*`] });
    if (!granted) return { ok: false, message: `Without access to ${origin} the extension cannot link with the app there.` };
    return send(SettingsSet, { ...status.settings, pwaOrigin: origin });
  };
  const { link } = status;
  return (
    <section aria-labelledby="link-heading">
      <h2 id="link-heading">Link with the Second Shot app</h2>
      <p>
        Vouchers and attempts entered in the app at <a href={link.origin} target="_blank" rel="noopener">{link.origin}</a> or here appear in both, once linked. No server is involved.
      </p>
      <p aria-live="polite"><strong>{link.linked ? `Linked with ${link.origin}.` : link.pendingHello ? `${link.origin} asks to link.` : 'Not linked.'}</strong></p>
      {link.linked
        ? <button type="button" class="secondary" onClick={() => run(send(LinkForget, {}))}>Unlink</button>
        : <button type="button" onClick={() => run(send(LinkAccept, {}))}>Link with {link.origin}</button>}
      <label for="origin">App address (origin)</label>
      <input id="origin" type="url" value={origin} onInput={(e) => setOrigin(e.currentTarget.value.trim())} />{' '}
      <button type="button" class="secondary" onClick={() => run(saveOrigin())}>Save address</button>
      <Result outcome={outcome} label="Link result" />
      <h3>Shared with the app</h3>
      {link.shared.length === 0
        ? <p class="muted">Nothing has been sent to the app yet.</p>
        : <ul aria-label="Shared with the app">{link.shared.map((s) => <li key={`${s.at}${s.origin}`}>{dateAndTime(s.at)}: {s.what}, to {s.origin}</li>)}</ul>}
      {link.conflicts.length > 0 && (
        <>
          <h3>Kept during merges</h3>
          <ul>{link.conflicts.map((c) => <li key={c}>{c}</li>)}</ul>
        </>
      )}
    </section>
  );
}

function AsOf({ status, refresh }: { status: StatusReply; refresh: () => void }) {
  const [date, setDate] = useState(status.settings.asOf ?? '');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const save = (asOf: string | null): void => {
    send(SettingsSet, { ...status.settings, asOf }).then((r) => { setOutcome({ ...r, problems: [] }); refresh(); }, (e: unknown) => setOutcome(failed(e)));
  };
  return (
    <section aria-labelledby="asof-heading">
      <h2 id="asof-heading">Check as of a date</h2>
      <p class="muted">Hints and statuses use today's date where you are. To review a past booking (say, the 2007–2008 offer), set the date to check as of. The linked app checks as of the same date.</p>
      <label for="asof">Check as of</label>
      <input id="asof" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />{' '}
      <button type="button" class="secondary" onClick={() => save(date === '' ? null : date)}>Save date</button>{' '}
      <button type="button" class="secondary" onClick={() => { setDate(''); save(null); }}>Use today</button>
      <Result outcome={outcome} label="Date result" />
    </section>
  );
}

function Options() {
  const { status, error, refresh } = useStatus();
  if (error) return <main style="max-width:760px;margin:24px auto;padding:0 16px"><p class="problems" role="alert">{error}</p></main>;
  if (!status) return <main style="max-width:760px;margin:24px auto;padding:0 16px"><p class="muted">Loading…</p></main>;
  return (
    <main style="max-width:760px;margin:24px auto;padding:0 16px">
      <h1>Second Shot options</h1>
      <HistoryFile status={status} refresh={refresh} />
      <Link status={status} refresh={refresh} />
      <AsOf status={status} refresh={refresh} />
      <OfferRules status={status} onChange={refresh} />
      <section aria-labelledby="vouchers-heading">
        <h2 id="vouchers-heading">Your vouchers</h2>
        <Vouchers status={status} />
      </section>
      <section aria-labelledby="diag-heading">
        <h2 id="diag-heading">Site diagnostics</h2>
        {status.diagnostics.length === 0
          ? <p class="muted">Every site profile found what it looks for on the pages visited so far.</p>
          : <ul>{status.diagnostics.map((d) => <li key={`${d.site}${d.step}${d.target}`}>{d.step ? `${d.site} · ${d.step} · ${d.target}: ${d.message} (${d.url}, ${dateInWords(d.seenOn)})` : d.message}</li>)}</ul>}
      </section>
    </main>
  );
}

const app = document.getElementById('app');
if (app) render(<Options />, app);
