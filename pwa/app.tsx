// The app shell: navigation, the banners that must be seen wherever the user is
// (update waiting, another tab upgrading, errors, undo), and the screens by path.
import type { ComponentType, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useAppState, useModel } from './context.ts';
import { Link, match, useLocation } from './router.tsx';
import { Dashboard } from './screens/dashboard.tsx';
import { Conflicts } from './components/conflicts.tsx';
import { ExampleBanner } from './components/try-example.tsx';

interface LazyScreen<P> {
  Screen: ComponentType<P>;
  load: () => Promise<void>;
}

/**
 * A screen whose code is fetched when it is first shown, or by preloadScreens after the first
 * render: the first paint carries the shell and the dashboard only.
 */
function lazyScreen<P extends object>(fetchScreen: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> =>
    (loading ??= fetchScreen().then(
      (screen) => void (loaded = screen),
      (error: unknown) => {
        loading = undefined; // the next visit tries again
        throw error;
      },
    ));
  function Screen(props: P): JSX.Element {
    const [failed, setFailed] = useState<string>();
    const [, setReady] = useState(false);
    useEffect(() => {
      // Always waited for: the code may arrive between this draw and this effect (preloaded).
      let shown = true;
      load().then(
        () => shown && setReady(true),
        (error: unknown) => shown && setFailed(error instanceof Error ? error.message : String(error)),
      );
      return () => void (shown = false);
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (failed) return <p role="alert">This page could not be loaded ({failed}). Reload to try again; your saved data is kept.</p>;
    return <p role="status" class="muted">Loading…</p>;
  }
  return { Screen, load };
}

const voucherForm = lazyScreen(() => import('./screens/voucher-form.tsx').then((m) => m.VoucherForm));
const notFound = lazyScreen(() => import('./screens/voucher-form.tsx').then((m) => m.NotFound));
const attemptForm = lazyScreen(() => import('./screens/attempt-form.tsx').then((m) => m.AttemptForm));
const checkBooking = lazyScreen(() => import('./screens/can-i-book.tsx').then((m) => m.CheckBooking));
const offers = lazyScreen(() => import('./screens/offers.tsx').then((m) => m.Offers));
const backup = lazyScreen(() => import('./screens/backup.tsx').then((m) => m.Backup));
const workbench = lazyScreen(() => import('./screens/workbench.tsx').then((m) => m.Workbench));
const VoucherForm = voucherForm.Screen;
const NotFound = notFound.Screen;
const AttemptForm = attemptForm.Screen;
const CheckBooking = checkBooking.Screen;
const Offers = offers.Screen;
const Backup = backup.Screen;
const Workbench = workbench.Screen;

/**
 * Fetches the candidate's screens' code once the first render is on screen, so that moving
 * between them waits for nothing: one screen at a time, each when the page is idle, so that no
 * long task holds up the page while it loads. Not the rule workbench: its code needs the rule
 * engine, which loads only when needed (AppModel.useRules).
 */
export async function preloadScreens(whenIdle: () => Promise<void> = idle): Promise<void> {
  for (const screen of [voucherForm, notFound, attemptForm, checkBooking, offers, backup]) {
    await whenIdle();
    await screen.load();
  }
}

function idle(): Promise<void> {
  return new Promise((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve()) : setTimeout(resolve, 0)));
}

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
    // Every screen but the dashboard works with the rules; the dashboard asks for them once it has records.
    if (path !== '/' && path !== '') void model.useRules();
  }, [path]);
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
