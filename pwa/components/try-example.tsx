// "Try with an example" and its way back: a sample history shown apart from the candidate's own.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { History } from '../../shared/history/format.ts';
import { useAppState, useModel } from '../context.ts';
import { exampleHistory } from '../example.ts';
import { providersOffered } from '../labels.ts';
import { navigate } from '../router.tsx';
import type { Rules } from '../rules/source.ts';

export function TryExample({ secondary = false }: { secondary?: boolean }): JSX.Element {
  const model = useModel();
  const { rules, today, example } = useAppState();
  const [loading, setLoading] = useState(false);
  // The sample is made of the offers in force; on a device that has not needed the rules yet, they load on this click.
  const sampleOf = (loaded: Rules): History | undefined => exampleHistory(loaded.ruleSet, today, providersOffered(loaded.ruleSet).map((p) => p.id));
  const start = async (): Promise<void> => {
    setLoading(true);
    await model.useRules();
    const sample = model.state.rules && sampleOf(model.state.rules);
    const tried = sample !== undefined && (await model.tryExample(sample));
    setLoading(false);
    if (tried) navigate('/');
  };
  return (
    <>
      <button type="button" class={secondary ? 'secondary' : undefined} disabled={loading || example || (rules !== undefined && !sampleOf(rules))} onClick={() => void start()}>
        Try with an example
      </button>
      {loading && <span role="status" class="muted"> Loading the example…</span>}
    </>
  );
}

/** Said on every screen while the example is shown, with the way back to the candidate's own data. */
export function ExampleBanner(): JSX.Element | null {
  const model = useModel();
  const { example } = useAppState();
  if (!example) return null;
  const leave = async (): Promise<void> => {
    await model.leaveExample();
    // The button is gone with the banner: focus goes to the content, now the candidate's own.
    document.getElementById('main')?.focus();
  };
  return (
    <section class="banner info" aria-label="Example">
      <p>You are trying Second Shot with an example history. Your own vouchers are kept apart and unchanged; what you do here changes only the example.</p>
      <button type="button" onClick={() => void leave()}>Clear the example</button>
    </section>
  );
}
