// Checks a large history file off the main thread, reporting progress as it goes.
import { loadRuleSet } from '../shared/engine/ruleset.ts';
import { checkHistoryBytes, type ImportJob, type ImportMessage } from './import-check.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(message: ImportMessage): void {
  self.postMessage(message);
}

self.addEventListener('message', (event: MessageEvent<ImportJob>) => {
  const { name, bytes, rules } = event.data;
  const checked = checkHistoryBytes(bytes, name, loadRuleSet(rules).ruleSet, (done, total) => post({ type: 'progress', done, total }));
  post({ type: 'done', checked });
});
