// Form plumbing shared by the voucher and attempt forms: drafts that survive a reload
// (an app update reloads the page and must not lose what the user was typing), inline
// validation by the history format's own rules, and labelled fields with their errors.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { History } from '../shared/history/format.ts';
import { type OfferCatalogue, validateHistory } from '../shared/history/validate.ts';
import { formatProblem } from '../shared/problems.ts';
import { navigate } from './router.tsx';

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
 * returns its problems by field. Problems elsewhere in the history are not this form's.
 */
export function recordErrors(history: History, list: 'vouchers' | 'attempts', index: number, catalogue: OfferCatalogue): FieldErrors {
  const checked = validateHistory(history, catalogue, 'form');
  if (checked.ok) return {};
  const errors: FieldErrors = {};
  const prefix = `/${list}/${index}`;
  for (const problem of checked.problems) {
    if (!problem.pointer.startsWith(`${prefix}/`) && problem.pointer !== prefix) continue;
    const field = problem.pointer.slice(prefix.length + 1).split('/')[0] || 'form';
    const text = formatProblem({ ...problem, file: '', pointer: '' }).replace(/^#\/: /, '');
    errors[field] ??= text;
  }
  return errors;
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

export interface RecordForm {
  /** The field's error, once the field was left or the form submitted. */
  shown: (field: string) => string | undefined;
  touch: (field: string) => () => void;
  submit: (event: Event) => Promise<void>;
  cancel: () => void;
}

/** Validation display, submit and cancel for a form that saves one record, then goes home. */
export function useRecordForm(errors: FieldErrors, save: () => Promise<boolean>, discard: () => void): RecordForm {
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const done = (): void => {
    discard();
    navigate('/');
  };
  return {
    shown: (field) => (submitted || touched.has(field) ? errors[field] : undefined),
    touch: (field) => () => setTouched(new Set(touched).add(field)),
    async submit(event) {
      event.preventDefault();
      setSubmitted(true);
      if (Object.keys(errors).length > 0) {
        document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      if (await save()) done();
    },
    cancel: done,
  };
}
