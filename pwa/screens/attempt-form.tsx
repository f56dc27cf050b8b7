import type { JSX } from 'preact';
import { isIsoDate } from '../../shared/dates.ts';
import { chronological } from '../../shared/engine/facts.ts';
import { normalizeExam } from '../../shared/exam.ts';
import { resultDateProblem, soleProvider } from '../../shared/history/entry.ts';
import { type Attempt, ATTEMPT_RESULTS, type AttemptResult, type History } from '../../shared/history/format.ts';
import { useAppState, useModel } from '../context.ts';
import { ExamSuggestion, examShapes, Field, FormAlerts, inputValue, recordErrors, useDraft, useRecordForm, withRecord } from '../forms.tsx';
import { providersOffered, RESULT_LABEL } from '../labels.ts';
import { newId } from '../model.ts';
import type { Rules } from '../rules/source.ts';
import { NotFound } from './voucher-form.tsx';

type AttemptDraft = { voucher: string; exam: string; provider: string; bookedOn: string; takenOn: string; result: string; notes: string };

export function AttemptForm({ id, voucher }: { id?: string | undefined; voucher?: string | undefined }): JSX.Element {
  const state = useAppState();
  const { history, rules } = state;
  if (!history || !rules) return <p role="status">{state.rulesError ?? 'Loading…'}</p>;
  const existing = id === undefined ? undefined : history.attempts.find((a) => a.id === id);
  if (id !== undefined && !existing) return <NotFound what="attempt" />;
  return <AttemptEditor key={id ?? 'new'} existing={existing} voucher={voucher} history={history} rules={rules} />;
}

interface EditorProps {
  existing: Attempt | undefined;
  /** The voucher to preselect for a new attempt. */
  voucher: string | undefined;
  history: History;
  rules: Rules;
}

/**
 * What a voucher pre-fills in a new attempt: the exam it was first used for (its retake is
 * for the same exam) and its offer's provider when the offer allows only one. Nothing is
 * guessed: with no such answer the field stays empty for the candidate to choose.
 */
function voucherDefaults(history: History, rules: Rules, voucherId: string): { exam?: string; provider?: string } {
  const voucher = history.vouchers.find((v) => v.id === voucherId);
  if (!voucher) return {};
  const defaults: { exam?: string; provider?: string } = {};
  const used = chronological(history.attempts).find((a) => a.voucher === voucherId && a.result !== 'cancelled');
  if (used) defaults.exam = normalizeExam(used.exam);
  const provider = soleProvider(rules.ruleSet.get(voucher.offer)?.spec.parameters ?? {});
  if (provider) defaults.provider = provider;
  return defaults;
}

function AttemptEditor({ existing, voucher, history, rules }: EditorProps): JSX.Element {
  const model = useModel();
  const { today } = useAppState();
  // A new attempt's draft is kept per voucher it was started for, so an abandoned draft never
  // overrides the voucher the user has just chosen to record an attempt with.
  const providers = providersOffered(rules.ruleSet, existing ? [existing.provider] : []);
  const draftKey = existing ? `attempt:${existing.id}` : `attempt:new:${voucher ?? ''}`;
  const initialVoucher = existing ? (existing.voucher ?? '') : (voucher ?? history.vouchers[history.vouchers.length - 1]?.id ?? '');
  const [draft, update, discard] = useDraft<AttemptDraft>(draftKey, () => ({
    voucher: initialVoucher,
    exam: existing?.exam ?? voucherDefaults(history, rules, initialVoucher).exam ?? '',
    provider: existing?.provider ?? voucherDefaults(history, rules, initialVoucher).provider ?? '',
    bookedOn: existing?.bookedOn ?? today,
    takenOn: existing?.takenOn ?? today,
    result: existing?.result ?? 'scheduled',
    notes: existing?.notes ?? '',
  }));
  const record: Attempt = {
    ...existing,
    id: existing?.id ?? 'new-attempt',
    exam: draft.exam.trim() === '' ? '' : normalizeExam(draft.exam),
    provider: draft.provider,
    bookedOn: draft.bookedOn,
    takenOn: draft.takenOn,
    result: draft.result as AttemptResult,
  };
  if (draft.voucher) record.voucher = draft.voucher;
  else delete record.voucher;
  if (draft.notes.trim()) record.notes = draft.notes.trim();
  else delete record.notes;
  const { candidate, index } = withRecord(history, 'attempts', record);
  const errors = recordErrors(candidate, 'attempts', index, rules.ruleSet);
  const tooEarly = isIsoDate(record.takenOn) ? resultDateProblem(record.result, record.takenOn, today) : null;
  if (tooEarly) errors['result'] ??= tooEarly;
  const chooseVoucher = (id: string): void => {
    // Another voucher brings its own exam and provider; what the candidate typed otherwise stays.
    const defaults = voucherDefaults(history, rules, id);
    update({ voucher: id, exam: defaults.exam ?? draft.exam, provider: defaults.provider ?? draft.provider });
  };
  const form = useRecordForm(errors, () => model.saveAttempt(existing ? record : { ...record, id: newId('a') }), discard, {
    key: JSON.stringify(record),
    async run() {
      const { attemptWarning } = await import('../../shared/engine/draft.ts');
      return attemptWarning(rules.ruleSet, candidate, record);
    },
  });
  const { shown, touch, submit, cancel } = form;

  return (
    <section aria-labelledby="attempt-form-title">
      <h1 id="attempt-form-title">{existing ? `Edit the ${existing.exam} attempt` : 'Record an exam attempt'}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id="attempt-voucher" label="Paid with" error={shown('voucher')}>
          {(a) => (
            <select {...a} value={draft.voucher} onChange={(e) => chooseVoucher(inputValue(e))} onBlur={touch('voucher')}>
              {history.vouchers.map((v) => <option key={v.id} value={v.id}>Voucher {v.code}</option>)}
              <option value="">No voucher (paid)</option>
            </select>
          )}
        </Field>
        <Field id="attempt-exam" label="Exam" error={shown('exam')} hint='The exam code, e.g. 70-298 or AZ-900.'>
          {(a) => <input {...a} type="text" autocomplete="off" spellcheck={false} value={draft.exam} onInput={(e) => update({ exam: inputValue(e) })} onBlur={touch('exam')} />}
        </Field>
        <ExamSuggestion typed={draft.exam} shapes={examShapes(rules, history)} onUse={(exam) => update({ exam })} />
        <Field id="attempt-provider" label="Test provider" error={shown('provider')}>
          {(a) => (
            <select {...a} value={draft.provider} onChange={(e) => update({ provider: inputValue(e) })} onBlur={touch('provider')}>
              {draft.provider === '' && <option value="">Choose…</option>}
              {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          )}
        </Field>
        <Field id="attempt-booked" label="Booked on" error={shown('bookedOn')}>
          {(a) => <input {...a} type="date" value={draft.bookedOn} onInput={(e) => update({ bookedOn: inputValue(e) })} onBlur={touch('bookedOn')} />}
        </Field>
        <Field id="attempt-taken" label="Exam date" error={shown('takenOn')} hint="When it was taken, or for a scheduled exam when it will be.">
          {(a) => <input {...a} type="date" value={draft.takenOn} onInput={(e) => update({ takenOn: inputValue(e) })} onBlur={touch('takenOn')} />}
        </Field>
        <Field id="attempt-result" label="Result" error={shown('result')}>
          {(a) => (
            <select {...a} value={draft.result} onChange={(e) => update({ result: inputValue(e) })} onBlur={touch('result')}>
              {ATTEMPT_RESULTS.map((r) => <option key={r} value={r}>{RESULT_LABEL[r]}</option>)}
            </select>
          )}
        </Field>
        <Field id="attempt-notes" label="Notes (optional)" error={shown('notes')}>
          {(a) => <textarea {...a} rows={2} value={draft.notes} onInput={(e) => update({ notes: inputValue(e) })} />}
        </Field>
        <FormAlerts form={form} />
        <div class="actions">
          <button type="submit">{existing ? 'Save changes' : 'Save attempt'}</button>
          <button type="button" class="secondary" onClick={cancel}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
