// The offer rules and booking-site profiles in force: where they come from (the linked app's
// published rules, or a rules URL), which files passed, each refused file with its JSON
// pointer and reason, and for each site its profile's version and how often its pages found
// no voucher field or no exam.
import { useEffect, useState } from 'preact/hooks';
import type { StatusReply } from '../../shared/messages.ts';
import { RulesGet, RulesRefresh, RulesSource, type RulesView, sendRules } from '../rules-messages.ts';
import { rulesUrlProblem } from '../settings.ts';
import { dateAndTime } from '../ui/when.ts';

interface Outcome {
  ok: boolean;
  message: string;
}

const FROM: Record<RulesView['inForce'][number]['from'], string> = {
  published: 'as published',
  'last good': 'last good version (the published one was refused)',
  bundled: 'bundled with the extension',
};

/** Refused published files, each with its JSON pointer and reason. */
function Refused({ label, intro, problems }: { label: string; intro: string; problems: RulesView['refused'] }) {
  return (
    <div role="alert" aria-label={label} class="problems">
      <p>{intro}</p>
      <ul>
        {problems.map((p) => (
          <li key={`${p.file}${p.pointer}${p.message}`}>
            <span class="code">{p.file}</span> at <span class="code">{p.pointer || '/'}</span>: {p.message}{p.hint ? ` (${p.hint})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `status` is the options page's last read of the service worker: a change (a link made, say) re-reads the rules too. */
export function OfferRules({ status, onChange }: { status: StatusReply; onChange: () => void }) {
  const [rules, setRules] = useState<RulesView | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    sendRules(RulesGet, {}).then(
      // The field starts from the saved URL; later reads must not overwrite what is being typed.
      (view) => { setRules(view); setUrl((typed) => typed ?? view.configured ?? ''); },
      (e: unknown) => setOutcome({ ok: false, message: e instanceof Error ? e.message : String(e) }),
    );
  }, [status]);

  const run = (work: () => Promise<{ ok: boolean; message: string; rules?: RulesView }>): void => {
    setBusy(true);
    work().then(
      (r) => { setOutcome({ ok: r.ok, message: r.message }); onChange(); },
      (e: unknown) => setOutcome({ ok: false, message: e instanceof Error ? e.message : String(e) }),
    ).finally(() => setBusy(false));
  };

  const saveUrl = async (): Promise<{ ok: boolean; message: string; rules?: RulesView }> => {
    if (!url) return sendRules(RulesSource, { url: null });
    const problem = rulesUrlProblem(url);
    if (problem) return { ok: false, message: problem };
    // Only this one origin, asked for while the user's click is still being handled.
    const origin = new URL(url).origin;
    const granted = await chrome.permissions.request({ origins: [`${origin}/*`] });
    if (!granted) return { ok: false, message: `Without access to ${origin} the extension cannot fetch rules from there.` };
    return sendRules(RulesSource, { url });
  };

  return (
    <>
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Offer rules</h2>
      {rules && (
        <>
          <p>
            Rules from <span class="code">{rules.source}</span>
            {rules.triedAt ? `, last checked ${dateAndTime(rules.triedAt)}` : ', not checked yet'}.
            {' '}They are refreshed when you link with the app, when you ask, and once a day.
          </p>
          <ul aria-label="Offer files in force">
            {rules.inForce.map((f) => <li key={f.file}><span class="code">{f.file}</span>: {FROM[f.from]}</li>)}
          </ul>
          {rules.refused.length > 0 && (
            <Refused label="Refused rule files" intro="These published rules were refused; each file keeps its last good version:" problems={rules.refused} />
          )}
          {rules.error && <p class="problems">{rules.error}</p>}
        </>
      )}
      <button type="button" disabled={busy} onClick={() => run(() => sendRules(RulesRefresh, {}))}>Refresh rules</button>
      <label for="rules-url">Rules URL (leave empty to use the app's published rules)</label>
      <input id="rules-url" type="url" size={48} value={url ?? ''} placeholder={rules ? `${new URL(rules.source).origin}/rules/index.json` : ''} onInput={(e) => setUrl(e.currentTarget.value.trim())} />{' '}
      <button type="button" class="secondary" disabled={busy} onClick={() => run(saveUrl)}>Save rules URL</button>
      {outcome && <p role={outcome.ok ? 'status' : 'alert'} aria-label="Rules result" class={outcome.ok ? 'ok' : 'problems'}>{outcome.message}</p>}
    </section>
    {rules && <SiteProfiles rules={rules} />}
    </>
  );
}

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);

function SiteProfiles({ rules }: { rules: RulesView }) {
  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">Booking sites</h2>
      <p class="muted">Corrected site profiles come with the offer rules, so a changed booking page is fixed without a new extension.</p>
      <ul aria-label="Site profiles in force">
        {rules.sites.map((site) => (
          <li key={site.file}>
            <strong>{site.name}</strong>: profile version {site.version}, {FROM[site.from]}.
            {' '}Voucher field not found {times(site.notFound.voucherField)}; exam not found {times(site.notFound.exam)}.
          </li>
        ))}
      </ul>
      {rules.sitesRefused.length > 0 && (
        <Refused label="Refused site profiles" intro="These published site profiles were refused; each site keeps its last good profile:" problems={rules.sitesRefused} />
      )}
    </section>
  );
}
