// The toolbar popup: every voucher's status and next step, and a waiting link request.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { formatDate } from '../../shared/dates.ts';
import { LinkAccept } from '../../shared/messages.ts';
import { send } from '../messaging.ts';
import '../ui/page.css';
import { useStatus } from '../ui/use-status.ts';
import { Vouchers } from '../ui/vouchers.tsx';

function Popup() {
  const { status, error, refresh } = useStatus();
  const [note, setNote] = useState('');
  if (error) return <main style="width:360px;padding:12px"><p class="problems" role="alert">{error}</p></main>;
  if (!status) return <main style="width:360px;padding:12px"><p class="muted">Loading…</p></main>;
  const accept = (): void => {
    send(LinkAccept, {}).then((r) => { setNote(r.message); refresh(); }, (e: unknown) => setNote(String(e)));
  };
  return (
    <main style="width:360px;padding:12px">
      <h1>Second Shot</h1>
      <p class="muted">
        As of {formatDate(status.today)}{status.settings.asOf ? ' (set in the options)' : ''} · {status.attempts} attempt{status.attempts === 1 ? '' : 's'} recorded
      </p>
      {status.link.pendingHello && (
        <div class="notice" role="alert">
          <p>{status.link.origin} asks to link with this browser: vouchers and attempts will be shared both ways. Agree only if you just asked for it in the Second Shot app.</p>
          <button type="button" onClick={accept}>Link with {status.link.origin}</button>
        </div>
      )}
      {note && <p class="ok" role="status">{note}</p>}
      <h2>Your vouchers</h2>
      <Vouchers status={status} />
      {status.diagnostics.length > 0 && <p class="muted">{status.diagnostics.length} site diagnostic{status.diagnostics.length === 1 ? '' : 's'}: see the options.</p>}
      <p><a href="#" onClick={(e) => { e.preventDefault(); void chrome.runtime.openOptionsPage(); }}>Options: import, export, link with the app</a></p>
    </main>
  );
}

const app = document.getElementById('app');
if (app) render(<Popup />, app);
