// The vouchers with their status and the one next step, as checkStatus gives them.
import type { StatusReply } from '../../shared/messages.ts';

export function Vouchers({ status }: { status: StatusReply }) {
  if (status.statuses.length === 0) {
    return <p class="muted">No vouchers yet. Import your history in the options, or link the Second Shot app.</p>;
  }
  return (
    <ul class="vouchers" aria-label="Your vouchers">
      {status.statuses.map((s) => (
        <li key={s.voucher}>
          <span class="code">{s.voucher}</span>
          <span class={`status ${s.status}`}>{s.statusLabel}</span>
          <div class="muted">{s.offerTitle}{s.exam ? ` · ${s.exam}` : ''}</div>
          <div>{s.nextStep}</div>
        </li>
      ))}
    </ul>
  );
}
