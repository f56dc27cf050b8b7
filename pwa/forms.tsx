// Form plumbing shared by the voucher and attempt forms: drafts that survive a reload
// (an app update reloads the page and must not lose what the user was typing), inline
// validation by the history format's own rules, and labelled fields with their errors.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { examPatterns } from '../shared/engine/exam-patterns.ts';
import { suggestExamCode } from '../shared/exam.ts';
import type { History } from '../shared/history/format.ts';
import { type OfferCatalogue, validateHistory } from '../shared/history/validate.ts';
import { formatDate, isIsoDate } from '../shared/dates.ts';
import { formatProblem, quote } from '../shared/problems.ts';
import { navigate } from './router.tsx';
import type { Rules } from './rules/source.ts';

const DRAFT_PREFIX = 'second-shot:draft:';

export function useDraft<T extends Record<string, string>>(key: string, initial: () => T): [T, (patch: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(DRAFT_PREFIX + key);
    if (saved) {
      try {
        return { ...initial(), ...(JSON.parse(saved) as Partial<T>) };
      } catch {
        sessionStorage.removeItem(DRAFT_PREFIX + key);
      }
    }
    return initial();
  });
  const update = (patch: Partial<T>): void => {
    const next = { ...value, ...patch };
    setValue(next);
    sessionStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(next));
  };
  const discard = (): void => sessionStorage.removeItem(DRAFT_PREFIX + key);
  return [value, update, discard];
}

export type FieldErrors = Record<string, string>;

/**
 * Validates one record as part of the whole history, exactly as an import would, and
 * returns its problems by field, in the candidate's words (no field names, ids or patterns).
 * Problems elsewhere in the history are not this form's.
 */
export function recordErrors(history: History, list: 'vouchers' | 'attempts', index: number, catalogue: OfferCatalogue): FieldErrors {
  const checked = validateHistory(history, catalogue, 'form');
  if (checked.ok) return {};
  const errors: FieldErrors = {};
  const prefix = `/${list}/${index}`;
  const record: Record<string, unknown> = history[list][index] ?? {};
  for (const problem of checked.problems) {
    if (!problem.pointer.startsWith(`${prefix}/`) && problem.pointer !== prefix) continue;
    const field = problem.pointer.slice(prefix.length + 1).split('/')[0] || 'form';
    errors[field] ??= candidateWords(field, record, catalogue) ?? formatProblem({ ...problem, file: '', pointer: '' }).replace(/^#\/: /, '');
  }
  return errors;
}

const ENTER_DATE: Record<string, string> = {
  obtainedOn: 'Enter the date you got the voucher.',
  bookedOn: 'Enter the date you booked the exam.',
  takenOn: 'Enter the exam date.',
};

/** What is wrong with a form field, said to a candidate; undefined leaves the validator's words. */
function candidateWords(field: string, record: Record<string, unknown>, catalogue: OfferCatalogue): string | undefined {
  const value = record[field];
  const text = typeof value === 'string' ? value.trim() : '';
  switch (field) {
    case 'code': {
      if (text === '') return 'Enter the voucher code as printed on your voucher.';
      const format = typeof record['offer'] === 'string' ? catalogue.codeFormat(record['offer']) : undefined;
      return `${quote(text)} is not a code of this offer: its codes look like ${format?.example ?? 'the one printed on your voucher'}.`;
    }
    case 'offer': return 'Choose the offer your voucher is from.';
    case 'exam': return text === '' ? 'Enter the exam code, e.g. 70-298.' : `${quote(text)} is not an exam code; enter it as printed, e.g. 70-298.`;
    case 'voucher': return 'Choose the voucher you paid with, or "No voucher (paid)".';
    case 'provider': return 'Choose the test provider the exam is booked with.';
    case 'takenOn':
      if (isIsoDate(record['takenOn']) && isIsoDate(record['bookedOn'])) return `The exam date (${formatDate(record['takenOn'])}) is before the date it was booked (${formatDate(record['bookedOn'])}).`;
      return ENTER_DATE[field];
    default: return ENTER_DATE[field];
  }
}

/** Puts a record into a copy of the history: replacing the one with its id, or appended. */
export function withRecord<K extends 'vouchers' | 'attempts'>(history: History, list: K, record: History[K][number]): { candidate: History; index: number } {
  const records = [...history[list]] as History[K][number][];
  let index = records.findIndex((r) => r.id === record.id);
  if (index === -1) index = records.push(record) - 1;
  else records[index] = record;
  return { candidate: { ...history, [list]: records }, index };
}

interface FieldProps {
  id: string;
  label: string;
  error: string | undefined;
  hint?: string;
  children: (described: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ComponentChildren;
}

export function Field({ id, label, error, hint, children }: FieldProps): JSX.Element {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {children(describedBy ? { id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy } : { id, 'aria-invalid': false })}
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

export function inputValue(event: Event): string {
  return (event.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
}

/** The engine's look at a record before it is saved; `key` changes whenever the record does. */
export interface DraftCheck {
  key: string;
  run: () => Promise<string | null>;
}

export interface RecordForm {
  /** The field's error, once the field was left or the form submitted. */
  shown: (field: string) => string | undefined;
  touch: (field: string) => () => void;
  submit: (event: Event) => Promise<void>;
  cancel: () => void;
  /** What the engine says the record as it now stands would cost, once Save was pressed. */
  warning: string | null;
  saveAnyway: () => Promise<void>;
  /** Said on Save when fields need attention (the first of them gets the focus). */
  summary: string | null;
}

/**
 * Validation display, submit and cancel for a form that saves one record, then goes home.
 * With a `check`, a record that passes validation is looked at by the engine first: a
 * warning stops the save until the candidate changes the record or chooses "Save anyway".
 */
export function useRecordForm(errors: FieldErrors, save: () => Promise<boolean>, discard: () => void, check?: DraftCheck): RecordForm {
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submits, setSubmits] = useState(0);
  const [warned, setWarned] = useState<{ key: string; text: string } | null>(null);
  const invalid = Object.keys(errors).length;
  useFocusFirstInvalid(submits);
  const done = (): void => {
    discard();
    navigate('/');
  };
  const saveNow = async (): Promise<void> => {
    if (await save()) done();
  };
  return {
    shown: (field) => (submits > 0 || touched.has(field) ? errors[field] : undefined),
    touch: (field) => () => setTouched(new Set(touched).add(field)),
    async submit(event) {
      event.preventDefault();
      if (invalid > 0) {
        setSubmits((n) => n + 1);
        return;
      }
      const text = check ? await check.run() : null;
      if (text !== null && check) setWarned({ key: check.key, text });
      else await saveNow();
    },
    cancel: done,
    warning: warned !== null && warned.key === check?.key ? warned.text : null,
    saveAnyway: saveNow,
    summary: submits > 0 && invalid > 0 ? fieldsToFix(invalid, 'saving') : null,
  };
}

/** After each refused submit (`refusals` counts them), once its errors are drawn: focus goes to the first field to fix. */
export function useFocusFirstInvalid(refusals: number): void {
  useEffect(() => {
    if (refusals > 0) document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  }, [refusals]);
}

/** What a refused submit says in the form's live region. */
export function fieldsToFix(count: number, before: string): string {
  return count === 1 ? `One field needs attention before ${before}.` : `${count} fields need attention before ${before}.`;
}

/** The form's announcements: what to fix after Save, and the engine's warning with "Save anyway". */
export function FormAlerts({ form }: { form: RecordForm }): JSX.Element {
  return (
    <>
      <div role="alert" class="form-summary">{form.summary && <p>{form.summary}</p>}</div>
      {form.warning && (
        <div class="banner warning" role="alert">
          <p>{form.warning}</p>
          <button type="button" onClick={() => void form.saveAnyway()}>Save anyway</button>
        </div>
      )}
    </>
  );
}

/** The exam patterns the rules in force speak of, and the exams of the history: what a typed code is compared with. */
export function examShapes(rules: Rules, history: History): { patterns: string[]; known: string[] } {
  return {
    patterns: examPatterns([...rules.ruleSet.offers(), ...rules.ruleSet.policies()].map((offer) => offer.spec)),
    known: history.attempts.map((attempt) => attempt.exam),
  };
}

/** "Did you mean 70-298?" under an exam field, with a button that takes the suggestion. */
export function ExamSuggestion({ typed, shapes, onUse }: { typed: string; shapes: { patterns: string[]; known: string[] }; onUse: (exam: string) => void }): JSX.Element {
  const suggestion = suggestExamCode(typed, shapes.patterns, shapes.known);
  return (
    <div class="suggestion" role="status">
      {suggestion && (
        <p>
          Did you mean {suggestion}? <button type="button" class="small secondary" onClick={() => onUse(suggestion)}>Use {suggestion}</button>
        </p>
      )}
    </div>
  );
}
