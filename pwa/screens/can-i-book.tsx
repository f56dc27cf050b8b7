// "Can I book?": the engine's answer for booking an exam on a date, with every reason,
// exactly as `npm run check` gives it.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { dateProblem, formatDate } from '../../shared/dates.ts';
import type { BookingAnswer } from '../../shared/engine/evaluate.ts';
import { decisionLabel } from '../../shared/engine/wording.ts';
import { normalizeExam } from '../../shared/exam.ts';
import { soleProvider } from '../../shared/history/entry.ts';
import type { History } from '../../shared/history/format.ts';
import { useAppState } from '../context.ts';
import { ExamSuggestion, examShapes, Field, fieldsToFix, inputValue, useDraft, useFocusFirstInvalid } from '../forms.tsx';
import { providerName, providersOffered } from '../labels.ts';
import type { Rules } from '../rules/source.ts';

interface Answer {
  exam: string;
  provider: string;
  on: string;
  result: BookingAnswer;
}

export function CheckBooking(): JSX.Element {
  const { history, rules, rulesError, today } = useAppState();
  const [draft, update] = useDraft('check', () => ({ exam: '', provider: '', on: today, examOn: '' }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [refusals, setRefusals] = useState(0);
  useFocusFirstInvalid(refusals);
  if (!history || !rules) return <p role="status">{rulesError ?? 'Loading the offers…'}</p>;
  const providers = providersOffered(rules.ruleSet);
  // Until one is chosen, the provider the candidate's vouchers' offers all name, if there is
  // one; never a guess, which would answer "Not covered" for the wrong provider.
  const provider = draft.provider || (commonProvider(history, rules) ?? '');

  const ask = async (event: Event): Promise<void> => {
    event.preventDefault();
    const exam = normalizeExam(draft.exam);
    const found: Record<string, string> = {};
    if (exam === '') found['exam'] = 'Enter the exam code, e.g. 70-298.';
    if (provider === '') found['provider'] = 'Choose the test provider you would book with.';
    const dateError = dateProblem(draft.on);
    if (dateError) found['on'] = `The booking date ${dateError}.`;
    // Optional (a date field gives a real date or nothing): offers that say "taken by" a
    // date need the exam's own date to answer.
    const examOn = draft.examOn;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setRefusals((n) => n + 1);
      return;
    }
    const result = await rules.checkBooking(rules.ruleSet, history, { exam, provider, on: draft.on, ...(examOn === '' ? {} : { examOn }) });
    setAnswer({ exam, provider, on: draft.on, result });
  };

  return (
    <section aria-labelledby="check-title">
      <h1 id="check-title">Can I book?</h1>
      <p>What booking an exam on a given date gives you with each of your vouchers, and why.</p>
      <form class="inline-form" onSubmit={(e) => void ask(e)} noValidate>
        <Field id="check-exam" label="Exam" error={errors['exam']}>
          {(a) => <input {...a} type="text" autocomplete="off" spellcheck={false} value={draft.exam} onInput={(e) => update({ exam: inputValue(e) })} />}
        </Field>
        <ExamSuggestion typed={draft.exam} shapes={examShapes(rules, history)} onUse={(exam) => update({ exam })} />
        <Field id="check-provider" label="Test provider" error={errors['provider']}>
          {(a) => (
            <select {...a} value={provider} onChange={(e) => update({ provider: inputValue(e) })}>
              {provider === '' && <option value="">Choose…</option>}
              {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          )}
        </Field>
        <Field id="check-on" label="Booking date" error={errors['on']}>
          {(a) => <input {...a} type="date" value={draft.on} onInput={(e) => update({ on: inputValue(e) })} />}
        </Field>
        <Field id="check-exam-on" label="Exam date (optional)" error={undefined}>
          {(a) => <input {...a} type="date" value={draft.examOn} onInput={(e) => update({ examOn: inputValue(e) })} />}
        </Field>
        <div role="alert" class="form-summary">{Object.keys(errors).length > 0 && <p>{fieldsToFix(Object.keys(errors).length, 'checking')}</p>}</div>
        <div class="actions"><button type="submit">Check</button></div>
      </form>
      {answer && <AnswerView answer={answer} titles={new Map(rules.ruleSet.policies().map((p) => [p.spec.id, p.spec.title]))} />}
    </section>
  );
}

function commonProvider(history: History, rules: Rules): string | undefined {
  const sole = new Set(history.vouchers.map((v) => soleProvider(rules.ruleSet.get(v.offer)?.spec.parameters ?? {})));
  const [only] = sole;
  return sole.size === 1 ? only : undefined;
}

function AnswerView({ answer, titles }: { answer: Answer; titles: ReadonlyMap<string, string> }): JSX.Element {
  const { results, policies } = answer.result;
  return (
    <section aria-labelledby="answer-title" aria-live="polite">
      <h2 id="answer-title">Booking {answer.exam} at {providerName(answer.provider)} on {formatDate(answer.on)}</h2>
      {results.length === 0 && <p>You have no vouchers recorded, so only the retake policies below apply; the exam would be paid in full.</p>}
      {results.map((r) => (
        <article key={r.voucherId} class={`card decision decision-${r.decision}`}>
          <h3>Voucher {r.voucher}: {decisionLabel(r)}{r.decision === 'wait' && r.opensOn ? ` until ${formatDate(r.opensOn)}` : ''}</h3>
          {r.deadline && <p>Book by {formatDate(r.deadline)}.</p>}
          <ul>{r.reasons.map((reason) => <li key={reason.code + reason.source}>{reason.message}</li>)}</ul>
        </article>
      ))}
      {policies.length > 0 && (
        <article class="card">
          <h3>Retake policies</h3>
          <ul>
            {policies.map((p) => (
              <li key={p.policy}>
                {titles.get(p.policy) ?? p.policy}: {p.decision === 'allowed' ? 'allowed' : p.decision === 'wait' ? `wait${p.opensOn ? ` until ${formatDate(p.opensOn)}` : ''}` : 'not allowed'}
                {p.reasons.length > 0 && <ul>{p.reasons.map((reason) => <li key={reason.code}>{reason.message}</li>)}</ul>}
              </li>
            ))}
          </ul>
        </article>
      )}
    </section>
  );
}
