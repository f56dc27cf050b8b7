// The app shell: navigation, the banners that must be seen wherever the user is
// (update waiting, another tab upgrading, errors, undo), and the screens by path.
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useAppState, useModel } from './context.ts';
import { Link, match, useLocation } from './router.tsx';
import { AttemptForm } from './screens/attempt-form.tsx';
import { Backup, Conflicts } from './screens/backup.tsx';
import { CheckBooking } from './screens/can-i-book.tsx';
import { Dashboard } from './screens/dashboard.tsx';
import { Offers } from './screens/offers.tsx';
import { Workbench } from './screens/workbench.tsx';
import { ExampleBanner } from './components/try-example.tsx';
import { NotFound, VoucherForm } from './screens/voucher-form.tsx';

export interface AppProps {
  /** Set when a new version is installed and waiting: calling it switches and reloads. */
  update: (() => void) | null;
  onLink: () => void;
}

// The candidate's navigation; the program managers' rule workbench has its own entry below.
const NAV = [
  { href: '/', label: 'Vouchers' },
  { href: '/check', label: 'Can I book?' },
  { href: '/offers', label: 'Offers' },
  { href: '/backup', label: 'Backup & link' },
];

/** The screen for an address, and its document title (each screen has its own, for tabs, history and screen readers). */
function screenFor(path: string, query: URLSearchParams, onLink: () => void): { title: string; view: JSX.Element } {
  if (path === '/' || path === '') return { title: 'Your vouchers', view: <Dashboard /> };
  if (path === '/vouchers/new') return { title: 'Add a voucher', view: <VoucherForm /> };
  const voucher = match('/vouchers/:id/edit', path);
  if (voucher) return { title: 'Edit a voucher', view: <VoucherForm id={voucher['id']} /> };
  if (path === '/attempts/new') return { title: 'Record an exam attempt', view: <AttemptForm voucher={query.get('voucher') ?? undefined} /> };
  const attempt = match('/attempts/:id/edit', path);
  if (attempt) return { title: 'Edit an attempt', view: <AttemptForm id={attempt['id']} /> };
  if (path === '/check') return { title: 'Can I book?', view: <CheckBooking /> };
  if (path === '/offers') return { title: 'Offers and retake policies', view: <Offers /> };
  if (path === '/backup') return { title: 'Backup, calendar and link', view: <Backup onLink={onLink} /> };
  if (path === '/workbench') return { title: 'Rule workbench', view: <Workbench /> };
  return { title: 'No such page', view: <NotFound what="page" /> };
}

export function App({ update, onLink }: AppProps): JSX.Element {
  const model = useModel();
  const state = useAppState();
  const { path, query } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const undo = useRef<HTMLButtonElement>(null);
  const screen = screenFor(path, query, onLink);
  useEffect(() => {
    document.title = `${screen.title} · Second Shot`;
  }, [screen.title]);
  useEffect(() => {
    // The deleted record's buttons are gone: focus goes to Undo rather than to nowhere.
    if (state.notice?.undo) undo.current?.focus();
  }, [state.notice]);
  useEffect(() => {
    // Moving to another screen puts focus on its content, as a page load would.
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <p class="brand">Second Shot</p>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path === item.href ? 'page' : undefined}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <div class="banners">
        <ExampleBanner />
        {update && (
          <div class="banner info" role="status">
            <p>A new version of Second Shot is ready.</p>
            <button type="button" onClick={update}>Update</button>
          </div>
        )}
        {state.db === 'blocking' && (
          <div class="banner warning" role="alert">
            <p>Second Shot was updated in another tab. Reload this tab to update it; your saved data is kept.</p>
            <button type="button" onClick={() => location.reload()}>Reload</button>
          </div>
        )}
        {state.db === 'blocked' && (
          <div class="banner warning" role="alert">
            <p>Another tab is running an older version of Second Shot. Reload or close it to finish updating.</p>
          </div>
        )}
        {state.db === 'closed' && (
          <div class="banner error" role="alert"><p>The browser closed the database. Reload the page to go on.</p></div>
        )}
        {state.db === 'failed' && (
          <div class="banner error" role="alert"><p>Your saved data could not be opened: {state.dbError}. Nothing has been changed.</p></div>
        )}
        {state.rulesError && <div class="banner error" role="alert"><p>{state.rulesError}</p></div>}
        {state.rules && state.rules.problems.length > 0 && path !== '/offers' && (
          <div class="banner warning" role="status">
            <p>A published offer rule file was refused; answers use the rules that passed. <Link href="/offers">See which and why</Link></p>
          </div>
        )}
        {state.notice && (
          <div class={`banner ${state.notice.kind}`} role={state.notice.kind === 'error' ? 'alert' : 'status'}>
            <p>{state.notice.text}</p>
            {state.notice.undo && <button type="button" ref={undo} onClick={() => state.notice?.undo && void model.undo(state.notice.undo)}>Undo</button>}
            <button type="button" class="secondary" onClick={() => model.dismissNotice()}>Dismiss</button>
          </div>
        )}
        <Conflicts conflicts={state.conflicts} history={state.history} onDismiss={() => model.set({ conflicts: [] })} />
      </div>
      <main id="main" ref={main} tabIndex={-1}>
        {screen.view}
      </main>
      <footer class="site-footer">
        <p>For program managers: <Link href="/workbench" aria-current={path === '/workbench' ? 'page' : undefined}>Rule workbench</Link></p>
      </footer>
    </>
  );
}
