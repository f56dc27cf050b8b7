import { render } from 'preact';
import { openHistoryStore } from './storage/history-store.ts';
import { App, preloadScreens } from './app.tsx';
import { ModelContext } from './context.ts';
import { sharedToday, startLink } from './link.ts';
import { startAppReminders } from './notify.ts';
import { AppModel } from './model.ts';
import './styles.css';
import { registerServiceWorker } from './update.ts';
import { MEMORY_PREFIX, RULES_CHANNEL, RULES_INDEX } from '../shared/published/names.ts';

// The rule engine (json-rules-engine) and the rule files load after the first render, once needed (AppModel.useRules).
const rulesSource = (): Promise<typeof import('./rules/source.ts')> => import('./rules/source.ts');
// Once linked, the app's today is the extension's "check as of" date (see link.ts).
const model = new AppModel({
  openStore: openHistoryStore,
  loadRules: () => rulesSource().then((source) => source.loadRules()),
  rulesUsedBefore: () => localStorage.getItem(MEMORY_PREFIX + RULES_INDEX) !== null,
  storage: navigator.storage,
  today: () => sharedToday(),
});
const link = startLink(model);
const root = document.getElementById('app');
let update: (() => void) | null = null;

function draw(): void {
  if (!root) return;
  render(
    <ModelContext.Provider value={model}>
      <App update={update} onLink={link.hello} />
    </ModelContext.Provider>,
    root,
  );
}

draw();
performance.mark('second-shot:first-render');
// A screen that could not be fetched says so when it is opened.
void model.start().then(() => preloadScreens()).catch(() => undefined);
startAppReminders(model);
registerServiceWorker((accept) => {
  update = accept;
  draw();
});
// The service worker says when a published rule file changed: use it at once. Several files
// change together, so wait for the burst to end.
let rulesChanged: ReturnType<typeof setTimeout> | undefined;
if ('BroadcastChannel' in window) {
  new BroadcastChannel(RULES_CHANNEL).addEventListener('message', () => {
    clearTimeout(rulesChanged);
    rulesChanged = setTimeout(() => void model.reloadRules(), 200);
  });
}
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') model.checkDate();
});
