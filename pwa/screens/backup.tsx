// Backup and link: export/import the history file, the calendar export, whether storage
// is persistent, the link with the browser extension, and deleting everything.
import type { JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type History, serializeHistory } from '../../shared/history/format.ts';
import type { MergeResult } from '../../shared/link.ts';
import { formatProblem, limitProblems, type Problem } from '../../shared/problems.ts';
import { TryExample } from '../components/try-example.tsx';
import { useAppState, useModel } from '../context.ts';
import { download } from '../download.ts';
import { calendarEvents, nothingToExport, toIcs } from '../ics.ts';
import { checkImport } from '../import-file.ts';
import { type ReminderSetting, reminderSetting, turnOffReminders, turnOnReminders } from '../notify.ts';

interface Pending {
  file: string;
  history: History;
}

export function Backup({ onLink }: { onLink: () => void }): JSX.Element {
  const model = useModel();
  const state = useAppState();
  const { history, rules, statuses, today } = state;
  const [problems, setProblems] = useState<Problem[]>([]);
  const [checking, setChecking] = useState<{ done: number; total: number } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [outcome, setOutcome] = useState('');
  const [confirmClear, setConfirmClear] = useState(false);
  const currentStatuses = statuses && statuses.history === history && statuses.complete ? statuses.results : undefined;

  const exportHistory = (): void => {
    if (history) download(`second-shot-history-${today}.json`, 'application/json', serializeHistory(history));
  };
  const [calendarNote, setCalendarNote] = useState('');
  const exportCalendar = (): void => {
    if (!currentStatuses || !history) return;
    const events = calendarEvents(currentStatuses, history);
    setCalendarNote(events.length === 0 ? nothingToExport(history) : '');
    if (events.length > 0) download(`second-shot-dates-${today}.ics`, 'text/calendar', toIcs(events, new Date()));
  };
  const chooseFile = async (event: Event): Promise<void> => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    setOutcome('');
    setPending(null);
    setProblems([]);
    if (!file || !rules) return;
    setChecking({ done: 0, total: 0 });
    const checked = await checkImport(file, rules, (done, total) => setChecking({ done, total }))
      .catch((error: unknown) => ({ ok: false as const, problems: [{ file: file.name, pointer: '', message: `could not be checked: ${error instanceof Error ? error.message : String(error)}` }] }))
      .finally(() => setChecking(null));
    if (!checked.ok) {
      setProblems(checked.problems);
      input.value = '';
      return;
    }
    setPending({ file: file.name, history: checked.value });
  };
  const runImport = async (): Promise<void> => {
    if (!pending) return;
    const result = await model.importHistory(pending.history, mode);
    if (!result) return;
    const count = pending.history.vouchers.length + pending.history.attempts.length;
    setOutcome(mode === 'replace' ? `Imported ${pending.file}: your data was replaced by its ${counted(count, 'record')}.` : `Merged ${pending.file}: ${mergeOutcome(result)}.`);
    setPending(null);
  };
  // "Delete all" replaces its own buttons: the focus follows to what takes their place.
  const [cleared, setCleared] = useState('');
  const focusNext = useRef<'keep' | 'delete-all' | 'cleared' | null>(null);
  const deleteAllButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const clearedNote = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    const targets = { keep: keepButton, 'delete-all': deleteAllButton, cleared: clearedNote };
    if (focusNext.current) targets[focusNext.current].current?.focus();
    focusNext.current = null;
  });
  const askClear = (confirm: boolean): void => {
    focusNext.current = confirm ? 'keep' : 'delete-all';
    setConfirmClear(confirm);
  };
  const clear = async (): Promise<void> => {
    const done = await model.clearAll();
    focusNext.current = done ? 'cleared' : 'delete-all';
    setCleared(done ? 'All vouchers and attempts were deleted from this device.' : '');
    setConfirmClear(false);
  };

  if (state.example) {
    // Export, import, link and delete act on the candidate's own data, which the example has put aside.
    return (
      <section aria-labelledby="backup-title">
        <h1 id="backup-title">Backup, calendar and link</h1>
        <p>You are trying Second Shot with an example. Clear the example (above) to export, import, link or delete your own data.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="backup-title">
      <h1 id="backup-title">Backup, calendar and link</h1>

      <section class="card" aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <p>Save all your vouchers and attempts as a history file (format v1) you can import here or on another device.</p>
        <div class="actions">
          <button type="button" onClick={exportHistory} disabled={!history}>Export history file</button>
          <button type="button" class="secondary" onClick={exportCalendar} disabled={!currentStatuses}>Export calendar (.ics)</button>
        </div>
        <p class="hint">The calendar file has each voucher's retake-opens date and deadline and each scheduled exam as all-day events, with reminders a week and a day before.</p>
        <div role="status">{calendarNote && <p>{calendarNote}</p>}</div>
      </section>

      <section class="card" aria-labelledby="import-title">
        <h2 id="import-title">Import</h2>
        <p>The whole file is checked first; nothing changes unless every record in it is valid.</p>
        <div class="field">
          <label for="import-file">History file</label>
          <input id="import-file" type="file" accept=".json,application/json" onChange={(e) => void chooseFile(e)} disabled={!rules || checking !== null} aria-describedby={problems.length > 0 ? 'import-problems' : undefined} />
        </div>
        {checking && (
          <p role="status">
            <label>
              {checking.total > 0 ? `Checking the file: ${checking.done.toLocaleString('en-US')} of ${checking.total.toLocaleString('en-US')} records` : 'Checking the file…'}{' '}
              <progress max={checking.total || undefined} value={checking.total > 0 ? checking.done : undefined} />
            </label>
          </p>
        )}
        {problems.length > 0 && <ImportProblems problems={problems} />}
        {pending && (
          <fieldset>
            <legend>Import {pending.file}: {counted(pending.history.vouchers.length, 'voucher')}, {counted(pending.history.attempts.length, 'attempt')}</legend>
            <label><input type="radio" name="import-mode" value="merge" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Merge with the data on this device (keeps both when they differ)</label>
            <label><input type="radio" name="import-mode" value="replace" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace the data on this device</label>
            <div class="actions">
              <button type="button" onClick={() => void runImport()}>Import</button>
              <button type="button" class="secondary" onClick={() => setPending(null)}>Cancel</button>
            </div>
          </fieldset>
        )}
        {outcome && <p role="status">{outcome}</p>}
      </section>

      <Reminders />

      <section class="card" aria-labelledby="example-title">
        <h2 id="example-title">Try with an example</h2>
        <p>See how Second Shot follows vouchers and retakes with a sample history. Your own data is put aside, unchanged, until you clear the example.</p>
        <TryExample secondary />
      </section>

      <section class="card" aria-labelledby="link-title">
        <h2 id="link-title">Browser extension</h2>
        <p>Linking shares your history with the Second Shot extension in this browser, so it can warn you on booking pages.</p>
        <div class="actions">
          <button type="button" onClick={onLink} disabled={state.link === 'linked'}>Link with the browser extension</button>
        </div>
        <p role="status">
          {state.link === 'linked' ? 'Linked' : state.link === 'asking' ? 'Waiting for the extension… (is it installed and enabled?)' : 'Not linked'}
        </p>
        {state.linkRefused && <p class="error">{state.linkRefused}</p>}
      </section>

      <section class="card" aria-labelledby="storage-title">
        <h2 id="storage-title">Storage on this device</h2>
        <p role="status">
          {state.persistent === true
            ? 'Storage is persistent: the browser will not clear your data to free space.'
            : state.persistent === false
              ? 'Storage is not persistent yet: the browser may clear it when space runs low. Export a backup now and then.'
              : 'This browser does not say whether storage is persistent.'}
        </p>
        <p role="status" tabIndex={-1} ref={clearedNote}>{cleared}</p>
        {!confirmClear ? (
          <button type="button" class="danger" ref={deleteAllButton} onClick={() => askClear(true)}>Delete all data…</button>
        ) : (
          <div role="group" aria-labelledby="clear-question">
            <p id="clear-question"><strong>Delete every voucher and attempt on this device?</strong> Export a backup first if you may need them.</p>
            <div class="actions">
              <button type="button" class="danger" onClick={() => void clear()}>Yes, delete everything</button>
              <button type="button" class="secondary" ref={keepButton} onClick={() => askClear(false)}>Keep my data</button>
            </div>
          </div>
        )}
      </section>
    </section>
  );
}

const REMINDER_WORDS: Record<ReminderSetting, string> = {
  on: 'Reminders are on for this browser.',
  off: 'Reminders are off.',
  blocked: 'This browser blocks notifications from Second Shot: allow them in the site settings, then turn reminders on.',
  unsupported: 'This browser cannot show notifications; the calendar export carries the same reminders.',
};

/** The app's own reminders: opt-in, on the candidate's click. */
function Reminders(): JSX.Element {
  const [setting, setSetting] = useState(reminderSetting);
  return (
    <section class="card" aria-labelledby="reminders-title">
      <h2 id="reminders-title">Reminders</h2>
      <p>A notification when a free retake opens, a week and a day before the last day to book, and the day before an exam: while Second Shot is open, when you come back to it, and (once it is installed, where the browser allows) on the day itself even if you do not open it.</p>
      <div class="actions">
        {setting === 'on'
          ? <button type="button" class="secondary" onClick={() => { void turnOffReminders().catch(() => undefined); setSetting(reminderSetting()); }}>Turn off reminders</button>
          : <button type="button" disabled={setting === 'unsupported'} onClick={() => void turnOnReminders().then(setSetting)}>Turn on reminders</button>}
      </div>
      <p role="status">{REMINDER_WORDS[setting]}</p>
    </section>
  );
}

/** How many problems are said in plain words; the rest are counted, and listed under "Details". */
const PLAIN_PROBLEMS = 5;
const DETAILED_PROBLEMS = 50;

/** Where a problem is, as the candidate knows it ("Attempt 3"), never as a JSON pointer. */
function placeOf(pointer: string): string {
  const [, list, index] = pointer.split('/');
  const n = Number(index) + 1;
  const name = list === 'vouchers' ? 'Voucher' : list === 'attempts' ? 'Attempt' : list === 'deleted' ? 'Deleted record' : undefined;
  return name && Number.isInteger(n) ? `${name} ${n}` : 'The file';
}

function plainProblem(problem: Problem): string {
  const place = placeOf(problem.pointer);
  const where = problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`;
  // A problem of the text itself ("is not valid JSON") reads as a sentence about its place.
  const said = problem.line !== undefined || problem.pointer === '' ? `${place} ${problem.message}` : `${place}: ${problem.message}`;
  return `${said}${where}${problem.hint ? ` (${problem.hint})` : ''}`;
}

/** Why a file was refused: a few problems in plain words, the exact places under "Details". */
function ImportProblems({ problems }: { problems: Problem[] }): JSX.Element {
  const unsaid = problems.length - PLAIN_PROBLEMS;
  return (
    <div id="import-problems" class="banner error" role="alert">
      <p>This file was not imported; nothing was changed:</p>
      <ul>{problems.slice(0, PLAIN_PROBLEMS).map((p, index) => <li key={index}>{plainProblem(p)}</li>)}</ul>
      {unsaid > 0 && <p>…and {counted(unsaid, 'more problem')}.</p>}
      <details>
        <summary>Details</summary>
        <ul>{limitProblems(problems, DETAILED_PROBLEMS).map((p, index) => <li key={index}>{formatProblem(p)}</li>)}</ul>
      </details>
    </div>
  );
}

function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What a merge changed here, e.g. "2 records added, 1 updated, 1 removed". */
function mergeOutcome(result: MergeResult): string {
  const changes = [
    [result.added, 'added'],
    [result.updated, 'updated to a newer version'],
    [result.removed, 'removed (deleted in the file)'],
  ] as const;
  const said = changes.filter(([n]) => n > 0).map(([n, what], index) => `${index === 0 ? counted(n, 'record') : n} ${what}`);
  const conflicts = result.conflicts.length;
  if (conflicts > 0) said.push(`${conflicts} kept twice because they differ (see below)`);
  return said.length > 0 ? said.join(', ') : 'nothing new, this device already had all of it';
}
