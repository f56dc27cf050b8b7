// Each shipped offer and retake policy: its terms in plain language, its dates, its sources.
import type { JSX } from 'preact';
import { formatDate, type IsoDate, isIsoDate } from '../../shared/dates.ts';
import { describeOffer } from '../../shared/engine/explain.ts';
import type { CompiledOffer } from '../../shared/engine/ruleset.ts';
import { capitalized, retakeName } from '../../shared/engine/wording.ts';
import { formatProblem } from '../../shared/problems.ts';
import { useAppState } from '../context.ts';
import { providerName } from '../labels.ts';
import { Link } from '../router.tsx';
import type { Rules } from '../rules/source.ts';

/** The offer's dates, named as its candidates know them (its retake by the offer's own name). */
function dateParams(spec: CompiledOffer['spec']): [string, string][] {
  return [
    ['opens', 'Opens'],
    ['firstAttemptBy', 'First exam booked by'],
    ['retakeBy', `${capitalized(retakeName(spec))} booked by`],
  ];
}

export function Offers(): JSX.Element {
  const { rules, rulesError, today } = useAppState();
  if (!rules) return <p role="status">{rulesError ?? 'Loading the offers…'}</p>;
  return (
    <section aria-labelledby="offers-title">
      <h1 id="offers-title">Offers and retake policies</h1>
      {rules.problems.length > 0 && (
        <div class="banner error" role="alert">
          <p>
            Some published rule files were refused, so answers use the rules that passed.
            {rules.keptLastGood.length > 0 ? ` The last good version of ${rules.keptLastGood.map((file) => titleOf(rules, file)).join(', ')} stays in force.` : ''}
            {refusedAndUnused(rules).length > 0 ? ` Not available: ${refusedAndUnused(rules).join(', ')}.` : ''}
          </p>
          {/* What is wrong, exactly, is for the people who publish the rules, not for candidates. */}
          <details>
            <summary>Details for rule managers</summary>
            <ul>{rules.problems.map((p) => <li key={formatProblem(p)}>{formatProblem(p)}</li>)}</ul>
            <p>Open a file in the <Link href="/workbench">rule workbench</Link> to see each problem on its line.</p>
          </details>
        </div>
      )}
      <h2>Voucher offers</h2>
      {rules.ruleSet.offers().map((offer) => <OfferCard key={offer.spec.id} offer={offer} today={today} />)}
      <h2>Retake policies</h2>
      {rules.ruleSet.policies().map((offer) => <OfferCard key={offer.spec.id} offer={offer} today={today} />)}
    </section>
  );
}

/** An offer file by its title when its (last good) version is in force, else by its name. */
function titleOf(rules: Rules, file: string): string {
  return rules.ruleSet.all().find((offer) => offer.file === file)?.spec.title ?? file;
}

/** Refused files with no last good version on this device: their offers are missing. */
function refusedAndUnused(rules: Rules): string[] {
  return [...new Set(rules.problems.map((p) => p.file))].filter((file) => !rules.keptLastGood.includes(file));
}

/** "70-###" and "MOS-*" as a candidate reads them: "70-xxx", "MOS-…". */
function examWords(pattern: string): string {
  return pattern.replaceAll('#', 'x').replaceAll('?', 'x').replaceAll('*', '…');
}

function OfferCard({ offer, today }: { offer: CompiledOffer; today: IsoDate }): JSX.Element {
  const { spec } = offer;
  const params = spec.parameters;
  const dates = dateParams(spec);
  const ends = dates.slice(1).map(([key]) => params[key]).filter(isIsoDate).sort().pop();
  const providers = Array.isArray(params['providers']) ? params['providers'] : spec.appliesTo?.providers;
  const exams = Array.isArray(params['coveredExams']) ? params['coveredExams'] : spec.appliesTo?.exams;
  const excluded = Array.isArray(params['excludedExams']) ? params['excludedExams'] : spec.appliesTo?.excludeExams;
  return (
    <article class="card offer" aria-labelledby={`offer-${spec.id}`}>
      <h3 id={`offer-${spec.id}`}>{spec.title}</h3>
      <p class="muted">{spec.sponsor} · {spec.kind === 'voucher-offer' ? 'voucher offer' : 'retake policy'}</p>
      {ends && ends < today && <p class="ended"><strong>Ended on {formatDate(ends)}.</strong></p>}
      <p>{spec.summary}</p>
      <dl class="dates">
        {dates.filter(([key]) => isIsoDate(params[key])).map(([key, label]) => (
          <div key={key}><dt>{label}</dt><dd>{formatDate(String(params[key]))}</dd></div>
        ))}
        {spec.appliesTo?.from && <div><dt>Applies from</dt><dd>{formatDate(spec.appliesTo.from)}</dd></div>}
        {providers && <div><dt>Test providers</dt><dd>{providers.map(providerName).join(', ')}</dd></div>}
        {exams && <div><dt>Exams</dt><dd>{exams.map(examWords).join(', ')}</dd></div>}
        {excluded && excluded.length > 0 && <div><dt>Not covered</dt><dd>{excluded.map(examWords).join(', ')}</dd></div>}
        {spec.voucherCode && <div><dt>Voucher codes look like</dt><dd>{spec.voucherCode.example}</dd></div>}
      </dl>
      {spec.interpretations.length > 0 && (
        <>
          <h4>How we read the terms</h4>
          <dl class="interpretations">
            {spec.interpretations.map((i) => (
              <div key={i.wording}><dt>“{i.wording}”</dt><dd>{i.reading}</dd></div>
            ))}
          </dl>
        </>
      )}
      <details>
        <summary>The rules, exactly as they are checked</summary>
        <ul class="rules">
          {describeOffer(spec).map((rule, index) => <li key={index}>{rule.text}</li>)}
        </ul>
      </details>
      <h4>Sources</h4>
      <ul class="sources">
        {spec.sources.map((s) => (
          <li key={s.url}>
            <a href={s.url} rel="noopener noreferrer" target="_blank">{s.title ?? s.url}</a> <span class="muted">(read {formatDate(s.read)})</span>
            {s.note && <p class="muted">{s.note}</p>}
          </li>
        ))}
      </ul>
    </article>
  );
}
