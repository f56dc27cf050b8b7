import type { JSX } from 'preact';
import { normalizeVoucherCode } from '../../shared/history/entry.ts';
import type { History, Voucher } from '../../shared/history/format.ts';
import { useAppState, useModel } from '../context.ts';
import { Field, FormAlerts, inputValue, recordErrors, useDraft, useRecordForm, withRecord } from '../forms.tsx';
import { newId } from '../model.ts';
import { navigate } from '../router.tsx';
import type { Rules } from '../rules/source.ts';

type VoucherDraft = { offer: string; code: string; obtainedOn: string; notes: string };

export function VoucherForm({ id }: { id?: string | undefined }): JSX.Element {
  const state = useAppState();
  const { history, rules } = state;
  if (!history || !rules) return <p role="status">{state.rulesError ?? 'Loading the offers…'}</p>;
  const existing = id === undefined ? undefined : history.vouchers.find((v) => v.id === id);
  if (id !== undefined && !existing) return <NotFound what="voucher" />;
  return <VoucherEditor key={id ?? 'new'} existing={existing} history={history} rules={rules} />;
}

export function NotFound({ what }: { what: string }): JSX.Element {
  return (
    <section>
      <h1>No such {what}</h1>
      <p>It may have been deleted. <a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>Back to your vouchers</a></p>
    </section>
  );
}

interface EditorProps {
  existing: Voucher | undefined;
  history: History;
  rules: Rules;
}

function VoucherEditor({ existing, history, rules }: EditorProps): JSX.Element {
  const model = useModel();
  const { today } = useAppState();
  const offers = rules.ruleSet.offers();
  const [draft, update, discard] = useDraft<VoucherDraft>(`voucher:${existing?.id ?? 'new'}`, () => ({
    offer: existing?.offer ?? offers[0]?.spec.id ?? '',
    code: existing?.code ?? '',
    obtainedOn: existing?.obtainedOn ?? today,
    notes: existing?.notes ?? '',
  }));
  const format = rules.ruleSet.codeFormat(draft.offer);
  // "ss07 abcd 1234" is the same voucher as "SS07-ABCD-1234": saved as the offer prints it.
  const record: Voucher = { ...existing, id: existing?.id ?? 'new-voucher', offer: draft.offer, code: normalizeVoucherCode(draft.code, format), obtainedOn: draft.obtainedOn };
  if (draft.notes.trim()) record.notes = draft.notes.trim();
  else delete record.notes;
  const { candidate, index } = withRecord(history, 'vouchers', record);
  const errors = recordErrors(candidate, 'vouchers', index, rules.ruleSet);
  const form = useRecordForm(errors, () => model.saveVoucher(existing ? record : { ...record, id: newId('v') }), discard, {
    key: JSON.stringify(record),
    async run() {
      const { voucherWarning } = await import('../../shared/engine/draft.ts');
      return voucherWarning(rules.ruleSet, candidate, record);
    },
  });
  const { shown, touch, submit, cancel } = form;
  return (
    <section aria-labelledby="voucher-form-title">
      <h1 id="voucher-form-title">{existing ? `Edit voucher ${existing.code}` : 'Add a voucher'}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id="voucher-offer" label="Offer" error={shown('offer')}>
          {(a) => (
            <select {...a} value={draft.offer} onChange={(e) => update({ offer: inputValue(e) })} onBlur={touch('offer')}>
              {offers.map((offer) => <option key={offer.spec.id} value={offer.spec.id}>{offer.spec.title}</option>)}
            </select>
          )}
        </Field>
        <Field id="voucher-code" label="Voucher code" error={shown('code')} hint={format ? `Codes of this offer look like ${format.example}.` : 'As printed on your voucher.'}>
          {(a) => <input {...a} type="text" autocomplete="off" spellcheck={false} value={draft.code} onInput={(e) => update({ code: inputValue(e) })} onBlur={touch('code')} />}
        </Field>
        <Field id="voucher-obtained" label="Obtained on" error={shown('obtainedOn')}>
          {(a) => <input {...a} type="date" value={draft.obtainedOn} onInput={(e) => update({ obtainedOn: inputValue(e) })} onBlur={touch('obtainedOn')} />}
        </Field>
        <Field id="voucher-notes" label="Notes (optional)" error={shown('notes')}>
          {(a) => <textarea {...a} rows={2} value={draft.notes} onInput={(e) => update({ notes: inputValue(e) })} />}
        </Field>
        <FormAlerts form={form} />
        <div class="actions">
          <button type="submit">{existing ? 'Save changes' : 'Add voucher'}</button>
          <button type="button" class="secondary" onClick={cancel}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
