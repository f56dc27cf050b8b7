// The rule workbench: open a rule file (published, from disk, dropped or pasted), edit it in
// a code editor with each problem marked at its line, keep the draft in this browser, see its
// changes from the published file, run its worked examples, read its rules in plain English,
// see what it changes for a history as of any date and across thousands of generated
// histories (off the main thread), and export it ready to publish.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDate, isIsoDate, type IsoDate } from '../../shared/dates.ts';
import type { StatusResult } from '../../shared/engine/evaluate.ts';
import type { ImpactCase, ImpactReport } from '../../shared/engine/impact.ts';
import type { History } from '../../shared/history/format.ts';
import { parseHistory } from '../../shared/history/validate.ts';
import { formatProblem } from '../../shared/problems.ts';
import { useAppState } from '../context.ts';
import { download } from '../download.ts';
import { inputValue } from '../forms.tsx';
import { guardLeaving } from '../router.tsx';
import { startImpact, type ImpactRun } from '../rules/impact-protocol.ts';
import type { Rules } from '../rules/source.ts';
import type { DraftCheck, PlacedProblem } from '../rules/workbench-engine.ts';
import type { RuleEditor } from '../workbench/code-editor.ts';
import { DiffWithPublished } from '../workbench/diff-view.tsx';
import { DraftKeeper, type DraftState, keepDraft, type KeptDraft, loadDraft } from '../workbench/drafts.ts';

type Engine = typeof import('../rules/workbench-engine.ts');
type EditorModule = typeof import('../workbench/code-editor.ts');

interface Loaded {
  engine: Engine;
  editor: EditorModule;
  /** The draft kept in this browser, if any (none when IndexedDB cannot be read). */
  kept: KeptDraft | undefined;
}

const CHECK_DELAY_MS = 300;

export function Workbench(): JSX.Element {
  const { rules, rulesError } = useAppState();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    // The checker and CodeMirror come in the workbench's own chunks, with the kept draft.
    void Promise.all([import('../rules/workbench-engine.ts'), import('../workbench/code-editor.ts'), loadDraft().catch(() => undefined)])
      .then(([engine, editor, kept]) => setLoaded({ engine, editor, kept }));
  }, []);
  if (!rules || !loaded) return <p role="status">{rulesError ?? 'Loading the rule workbench…'}</p>;
  return <Editor rules={rules} {...loaded} />;
}

const LEAVE_QUESTION = 'Your latest changes to the draft are not kept in this browser yet. Leave the workbench anyway?';

function keptAtWords(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}, ${at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

function Editor({ rules, engine, editor: editorModule, kept }: { rules: Rules } & Loaded): JSX.Element {
  const [text, setText] = useState(kept?.text ?? '');
  // The editor's text as of the last keystroke, before the screen re-renders with it.
  const latest = useRef(text);
  const [check, setCheck] = useState<{ text: string; result: DraftCheck } | null>(null);
  const [opened, setOpened] = useState(kept && kept.text.trim() !== '' ? `Your draft, kept in this browser on ${keptAtWords(kept.keptAt)}, is back.` : '');
  const [draftState, setDraftState] = useState<DraftState>({ kept: true, keptAt: kept?.keptAt });
  const keptRef = useRef(true);
  keptRef.current = draftState.kept;
  const [keeper] = useState(() => new DraftKeeper(keepDraft, setDraftState));
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<RuleEditor | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const created = editorModule.createRuleEditor(host.current, {
      text,
      labelledBy: 'workbench-text-label',
      describedBy: 'workbench-summary',
      onChange: (next) => {
        latest.current = next;
        setText(next);
        keeper.keep(next);
      },
    });
    editor.current = created;
    return () => {
      created.destroy();
      editor.current = null;
    };
    // The editor owns its text once created: it is made once.
  }, [editorModule, keeper]);

  // Leaving with changes not kept yet asks first: in the app, and when the tab closes or reloads.
  useEffect(() => {
    const unguard = guardLeaving(() => keptRef.current || confirm(LEAVE_QUESTION));
    const beforeUnload = (event: BeforeUnloadEvent): void => {
      if (keptRef.current) return;
      event.preventDefault();
      event.returnValue = LEAVE_QUESTION;
    };
    addEventListener('beforeunload', beforeUnload);
    return () => {
      unguard();
      removeEventListener('beforeunload', beforeUnload);
    };
  }, []);

  useEffect(() => {
    if (text.trim() === '') {
      setCheck(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void engine.checkDraft(rules, text).then((result) => current && setCheck({ text, result }));
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, rules, engine]);

  // The gutter shows what the checker found in the text it checked, at each problem's line.
  useEffect(() => {
    if (!check) return;
    const { result } = check;
    const own = result.errors.filter((p) => p.file === result.file).map((problem) => ({ problem, severity: 'error' as const }));
    const warnings = result.warnings.map((problem) => ({ problem, severity: 'warning' as const }));
    editor.current?.showProblems(check.text, [...own, ...warnings]);
  }, [check]);

  const open = (next: string, from: string): void => {
    const current = latest.current;
    const changed = current.trim() !== '' && !rules.files.some((f) => f.text === current) && current !== next;
    if (changed && !confirm(`Replace the draft in the editor with ${from}? The draft's changes are lost unless you exported them.`)) return;
    editor.current?.replace(next);
    setOpened(`Opened ${from}.`);
  };
  const openFile = async (file: File | undefined): Promise<void> => {
    if (file) open(await file.text(), file.name);
  };
  const goTo = (problem: PlacedProblem): void => {
    if (problem.line !== undefined) editor.current?.goTo(problem.line, problem.column ?? 1);
  };
  const result = check?.text === text ? check.result : null;
  const fileName = result?.file.split('/').pop() ?? 'offer.json';
  const published = result ? rules.files.find((f) => f.file === result.file) : undefined;

  return (
    <section aria-labelledby="workbench-title">
      <h1 id="workbench-title">Rule workbench</h1>
      <p>Edit an offer's rule file, check it, see what it changes, and export it to publish: replace the file in the app's <code>rules/offers/</code> folder (and list a new one in <code>rules/index.json</code>).</p>
      <div class="card">
        <div class="inline-form">
          <div class="field">
            <label for="workbench-published">Start from a published file</label>
            <select id="workbench-published" value="" onChange={(e) => {
              const file = rules.files.find((f) => f.file === inputValue(e));
              if (file) open(file.text, file.file);
            }}>
              <option value="">Choose…</option>
              {rules.files.map((f) => <option key={f.file} value={f.file}>{f.file}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="workbench-file">Or open a file</label>
            <input id="workbench-file" type="file" accept=".json,application/json" onChange={(e) => void openFile((e.currentTarget as HTMLInputElement).files?.[0])} />
          </div>
        </div>
        {opened && <p role="status" class="muted">{opened}</p>}
        <div class="field wide">
          <span id="workbench-text-label" class="label">Rule file (JSON) — type, paste, or drop a file here</span>
          <div
            ref={host}
            class="rule-editor"
            onDragOver={(e) => e.preventDefault()}
            onDropCapture={(e) => {
              const file = e.dataTransfer?.files[0];
              if (!file) return;
              // A dropped file replaces the draft, rather than being pasted into it.
              e.preventDefault();
              e.stopPropagation();
              void openFile(file);
            }}
          />
        </div>
        <p class="draft-state muted" role="status">{draftWords(draftState, text)}</p>
        <p id="workbench-summary" role="status">{summary(result, text)}</p>
        <div class="actions">
          <button type="button" disabled={!result} onClick={() => download(fileName, 'application/json', text.endsWith('\n') ? text : `${text}\n`)}>
            Export {fileName}
          </button>
        </div>
        {result && result.errors.some((p) => p.file === result.file) && <p class="hint">It can be exported to keep working on it, but it is not ready to publish: the problems below would refuse it.</p>}
      </div>
      {result && <RuleCheckResults check={result} goTo={goTo} />}
      {result && <DiffWithPublished published={published} draft={text} file={result.file} />}
      {result?.ruleSet && result.spec?.kind === 'voucher-offer' && <TryOnHistory rules={rules} engine={engine} check={result} />}
      {result?.ruleSet && result.spec?.kind === 'voucher-offer' && <ImpactPreview rules={rules} engine={engine} check={result} text={text} />}
    </section>
  );
}

function draftWords(state: DraftState, text: string): string {
  if (state.error) return `This draft could not be kept in this browser (${state.error}): export it before you leave.`;
  if (!state.kept) return 'Keeping your draft in this browser…';
  if (text.trim() === '') return '';
  return state.keptAt ? `Draft kept in this browser (${keptAtWords(state.keptAt)}).` : 'Draft kept in this browser.';
}

function summary(check: DraftCheck | null, text: string): string {
  if (text.trim() === '') return 'Open or paste a rule file to check it.';
  if (!check) return 'Checking…';
  const own = check.errors.filter((p) => p.file === check.file);
  const failed = check.examples.filter((e) => !e.passed).length;
  if (own.length > 0) return `${own.length} ${own.length === 1 ? 'problem' : 'problems'} in ${check.file}${failed > 0 ? ` (${failed} worked ${failed === 1 ? 'example fails' : 'examples fail'})` : ''}.`;
  return `${check.file} is valid; all ${check.examples.length} worked examples pass${check.warnings.length > 0 ? `; ${check.warnings.length} ${check.warnings.length === 1 ? 'warning' : 'warnings'}` : ''}.`;
}

function ProblemList({ problems, goTo }: { problems: PlacedProblem[]; goTo: (p: PlacedProblem) => void }): JSX.Element {
  return (
    <ul class="problems">
      {problems.map((p) => (
        <li key={formatProblem(p)}>
          {p.line !== undefined && (
            <button type="button" class="link" onClick={() => goTo(p)}>Line {p.line}, column {p.column}</button>
          )}{' '}
          {formatProblem(p)}
        </li>
      ))}
    </ul>
  );
}

function RuleCheckResults({ check, goTo }: { check: DraftCheck; goTo: (p: PlacedProblem) => void }): JSX.Element {
  const own = check.errors.filter((p) => p.file === check.file);
  const others = check.errors.filter((p) => p.file !== check.file);
  return (
    <section class="card" aria-labelledby="rule-check-title">
      <h2 id="rule-check-title">Rule check</h2>
      {own.length > 0 ? <ProblemList problems={own} goTo={goTo} /> : <p>No errors.</p>}
      {others.length > 0 && (
        <>
          <h3>With this draft, other published files have problems</h3>
          <ProblemList problems={others} goTo={goTo} />
        </>
      )}
      {check.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ProblemList problems={check.warnings} goTo={goTo} />
        </>
      )}
      {check.examples.length > 0 && (
        <>
          <h3>Worked examples</h3>
          <ul class="examples">
            {check.examples.map((e) => (
              <li key={e.pointer}>
                <span class={`result ${e.passed ? 'result-pass' : 'result-fail'}`}>{e.passed ? 'Passes' : 'Fails'}</span> {e.name}
                {!e.passed && <ul>{e.problems.map((p) => <li key={formatProblem(p)}>{p.message}</li>)}</ul>}
              </li>
            ))}
          </ul>
        </>
      )}
      {check.plain.length > 0 && (
        <>
          <h3>The rules in plain English</h3>
          <ul class="rules">{check.plain.map((rule, i) => <li key={i}>{rule.text}</li>)}</ul>
        </>
      )}
    </section>
  );
}

/** Vouchers of this offer, in the user's own history or an imported one: where each stands today with the published rules and with the draft. */
function TryOnHistory({ rules, engine, check }: { rules: Rules; engine: Engine; check: DraftCheck }): JSX.Element {
  const { history: own, today } = useAppState();
  // Past offers are tried on the dates they ran, not all read "expired" today.
  const [asOf, setAsOf] = useState<IsoDate>(today);
  const [imported, setImported] = useState<{ name: string; history: History } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [rows, setRows] = useState<{ before: StatusResult; after: StatusResult }[] | null>(null);
  const history = imported?.history ?? own;
  const offerId = check.spec?.id;
  useEffect(() => {
    const ruleSet = check.ruleSet;
    if (!history || !ruleSet || !offerId) return;
    let current = true;
    void (async () => {
      const found: { before: StatusResult; after: StatusResult }[] = [];
      // Indexed once for all its vouchers, before and after: an imported history can be long.
      const index = engine.indexHistory(history);
      for (const voucher of history.vouchers.filter((v) => v.offer === offerId)) {
        found.push({ before: await engine.voucherStatus(rules.ruleSet, history, voucher, asOf, index), after: await engine.voucherStatus(ruleSet, history, voucher, asOf, index) });
      }
      if (current) setRows(found);
    })();
    return () => {
      current = false;
    };
  }, [check, history, asOf, rules, engine, offerId]);
  const choose = async (file: File | undefined): Promise<void> => {
    if (!file || !check.ruleSet) return;
    const parsed = parseHistory(await file.text(), check.ruleSet, file.name);
    setProblems(parsed.ok ? [] : parsed.problems.map(formatProblem));
    setImported(parsed.ok ? { name: file.name, history: parsed.value } : null);
  };
  const where = imported ? `in ${imported.name}` : 'in your history';
  return (
    <section class="card" aria-labelledby="try-title">
      <h2 id="try-title">Try it on a history</h2>
      <div class="field">
        <label for="try-file">A history file (otherwise your own vouchers)</label>
        <input id="try-file" type="file" accept=".json,application/json" onChange={(e) => void choose((e.currentTarget as HTMLInputElement).files?.[0])} />
      </div>
      <div class="field">
        <label for="try-as-of">As of</label>
        <input id="try-as-of" type="date" value={asOf} min="1900-01-01" max="2999-12-31" onInput={(e) => {
          const value = inputValue(e);
          if (isIsoDate(value)) setAsOf(value);
        }} />
      </div>
      {problems.length > 0 && <ul class="error" role="alert">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      {rows && rows.length === 0 && <p>No voucher of {offerId} {where}.</p>}
      {rows && rows.length > 0 && (
        <>
          <p>Vouchers of {offerId} {where}, as of {formatDate(asOf)}:</p>
          <ul>
            {rows.map(({ before, after }) => (
              <li key={before.voucherId}>
                <strong>{before.voucher}</strong>: {before.nextStep === after.nextStep ? <>unchanged — {after.nextStep}</> : <>now “{before.nextStep}”; with this draft “{after.nextStep}”</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const SIZES = [1_000, 10_000];

function ImpactPreview({ rules, engine, check, text }: { rules: Rules; engine: Engine; check: DraftCheck; text: string }): JSX.Element {
  const [count, setCount] = useState(SIZES[0] ?? 1000);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [run, setRun] = useState<ImpactRun | null>(null);
  const [result, setResult] = useState<{ report: ImpactReport; examples: Record<number, ImpactCase>; generated: number } | null>(null);
  const [error, setError] = useState('');
  const [extra, setExtra] = useState<{ name: string; cases: ImpactCase[] } | null>(null);
  const [extraProblems, setExtraProblems] = useState<string[]>([]);
  useEffect(() => () => run?.cancel(), [run]);
  const offerId = check.spec?.id ?? '';
  const start = (): void => {
    setResult(null);
    setError('');
    setProgress({ done: 0, total: count + (extra?.cases.length ?? 0) });
    const after = [...rules.files.filter((f) => f.file !== check.file), { file: check.file, text }];
    const started = startImpact({ before: rules.files, after, offerId, count, extra: extra?.cases ?? [] }, (done, total) => setProgress({ done, total }));
    setRun(started);
    started.result.then(
      (outcome) => {
        setRun(null);
        setProgress(null);
        if (outcome) setResult({ ...outcome, generated: count });
      },
      (failure: unknown) => {
        setRun(null);
        setProgress(null);
        setError(`The impact preview failed: ${failure instanceof Error ? failure.message : String(failure)}`);
      },
    );
  };
  const addHistory = async (file: File | undefined): Promise<void> => {
    if (!file || !check.ruleSet) return;
    const parsed = parseHistory(await file.text(), check.ruleSet, file.name);
    setExtraProblems(parsed.ok ? [] : parsed.problems.map(formatProblem));
    setExtra(parsed.ok ? { name: file.name, cases: engine.bookingsAsCases(parsed.value, offerId) } : null);
  };
  const n = (x: number): string => x.toLocaleString('en-US');
  return (
    <section class="card" aria-labelledby="impact-title">
      <h2 id="impact-title">Impact preview</h2>
      <p>Compares this draft with the published {offerId} over generated histories of candidates around the offer's dates, and the bookings in a history file if you add one.</p>
      <div class="field">
        <label for="impact-file">Add a history file (optional)</label>
        <input id="impact-file" type="file" accept=".json,application/json" disabled={run !== null} onChange={(e) => void addHistory((e.currentTarget as HTMLInputElement).files?.[0])} />
      </div>
      {extraProblems.length > 0 && <ul class="error" role="alert">{extraProblems.map((p) => <li key={p}>{p}</li>)}</ul>}
      {extra && <p class="muted">{extra.name}: {extra.cases.length === 1 ? '1 booking with a voucher' : `${n(extra.cases.length)} bookings with vouchers`} of {offerId} {extra.cases.length === 1 ? 'is' : 'are'} added.</p>}
      <div class="inline-form">
        <div class="field">
          <label for="impact-count">Histories</label>
          <select id="impact-count" value={String(count)} onChange={(e) => setCount(Number(inputValue(e)))} disabled={run !== null}>
            {SIZES.map((size) => <option key={size} value={String(size)}>{n(size)}</option>)}
          </select>
        </div>
        <div class="actions">
          {run ? <button type="button" class="secondary" onClick={() => run.cancel()}>Cancel</button> : <button type="button" onClick={start}>Preview the impact</button>}
        </div>
      </div>
      {progress && (
        <div class="field wide">
          <label for="impact-progress">Comparing answers</label>
          <progress id="impact-progress" max={progress.total} value={progress.done}>{n(progress.done)} of {n(progress.total)}</progress>
          <p class="muted">{n(progress.done)} of {n(progress.total)} histories</p>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {result && (
        <div role="status">
          <p><strong>{engine.summarizeImpact(result.report)}</strong></p>
          {result.report.changes.map((change) => (
            <details key={`${change.from}→${change.to}`}>
              <summary>{n(change.count)} from {change.from} to {change.to}</summary>
              <ul>
                {change.examples.map((index) => {
                  const item = result.examples[index];
                  if (!item) return null;
                  const attempts = item.history.attempts.map((a) => `${a.exam} ${a.result} on ${formatDate(a.takenOn)}`).join(', ') || 'no attempts';
                  const voucher = item.history.vouchers.find((v) => v.id === item.voucherId);
                  const source = index < result.generated ? `Generated history #${index + 1}` : `${extra?.name ?? 'Imported history'}, voucher ${voucher?.code ?? item.voucherId}`;
                  return <li key={index}>{source}: voucher obtained {formatDate(voucher?.obtainedOn ?? item.question.on)}; {attempts}; booking {item.question.exam} at {item.question.provider} on {formatDate(item.question.on)}.</li>;
                })}
              </ul>
            </details>
          ))}
        </div>
      )}
    </section>
  );
}
