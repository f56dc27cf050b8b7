// The app's state and every change to it. Screens read the state and call these actions;
// nothing else writes to storage. A failed write leaves the stored data as it was and says so.

import { deviceToday, formatDate, type IsoDate } from '../shared/dates.ts';
import type { StatusResult } from '../shared/engine/evaluate.ts';
import { type Attempt, emptyHistory, type History, type Voucher } from '../shared/history/format.ts';
import type { MergeConflict, MergeResult } from '../shared/link.ts';
import { type ConnectionEvents, type HistoryStore, openHistoryStore, type Removed } from './storage/history-store.ts';
import type { Rules } from './rules/source.ts';
import { afterNextFrame, afterQueuedTasks } from './frames.ts';
import { reuseUnchanged, StatusMemory, type StatusPlan } from './statuses.ts';

export type DbState = 'opening' | 'ready' | 'blocked' | 'blocking' | 'closed' | 'failed';
export type LinkState = 'off' | 'asking' | 'linked';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** Present when the change can be undone from the notice. */
  undo?: Removed;
}

export interface Statuses {
  /** The history these were worked out for. */
  history: History;
  /** In voucher order; while `complete` is false, some vouchers have none yet. */
  results: StatusResult[];
  complete: boolean;
}

/** How long the first draw may wait for the rules so as to show statuses at once. */
const RULES_GRACE_MS = 60;

/**
 * Statuses come in chunks: first a screenful, so it shows at once however long the history;
 * then as many as fit in one slice of work, so the rest needs few redraws and the page still
 * answers input between slices.
 */
const FIRST_CHUNK = 5;
const SLICE_MS = 50;

export interface AppState {
  /** Undefined until the stored history has been read. */
  history: History | undefined;
  rules: Rules | undefined;
  rulesError: string | undefined;
  statuses: Statuses | undefined;
  today: IsoDate;
  db: DbState;
  dbError: string | undefined;
  notice: Notice | null;
  /** null when the browser cannot tell. */
  persistent: boolean | null;
  link: LinkState;
  /** Records kept twice by the last merge because both sides had changed them. */
  conflicts: MergeConflict[];
  linkRefused: string | undefined;
  /** True while a sample history is shown ("Try with an example") instead of the candidate's own. */
  example: boolean;
}

export interface ModelDeps {
  openStore: (events: ConnectionEvents) => Promise<HistoryStore>;
  loadRules: () => Promise<Rules>;
  /**
   * True when this device loaded the rules before (it remembers them): its history most likely
   * needs them, so they load while it is read. Otherwise they load once something needs them.
   */
  rulesUsedBefore?: () => boolean;
  /** The device's calendar date. */
  today?: () => IsoDate;
  storage?: Pick<StorageManager, 'persist' | 'persisted'> | undefined;
  /** Where a sample history is kept while it is tried: never the candidate's own store. */
  openExampleStore?: (events: ConnectionEvents) => Promise<HistoryStore>;
}

/** The database of "Try with an example", apart from the candidate's own. */
export const EXAMPLE_DB = 'second-shot-example';

function message(error: unknown): string {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') return 'the device is out of storage space for this app';
  return error instanceof Error ? error.message : String(error);
}

/** Unique on this device; the store keeps records in the order they were added, whatever their ids. */
export function newId(prefix: 'v' | 'a'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export class AppModel {
  state: AppState;
  private store: HistoryStore | undefined;
  /** The candidate's own store while an example is shown in `store`'s place. */
  private own: HistoryStore | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(history: History) => void>();
  private statusRun = 0;
  /** Read-backs of the history after a change, counted: an older one must not replace a newer. */
  private readBacks = 0;
  private rulesLoad: Promise<void> | undefined;
  private readonly statusMemory = new StatusMemory();

  constructor(private readonly deps: ModelDeps) {
    this.state = {
      history: undefined, rules: undefined, rulesError: undefined, statuses: undefined,
      today: (deps.today ?? deviceToday)(), db: 'opening', dbError: undefined, notice: null,
      persistent: null, link: 'off', conflicts: [], linkRefused: undefined, example: false,
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after every change the user makes here (not after merges from the link). */
  onLocalChange(listener: (history: History) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((listener) => listener());
  }

  /**
   * Loads the rules, once (reloadRules loads changed ones). json-rules-engine and the rule
   * files cost the page more main-thread work than everything else it does while loading, so
   * they load only when needed: for a history with records, a screen that uses them, the link.
   */
  useRules(): Promise<void> {
    return (this.rulesLoad ??= this.deps.loadRules().then(
      (loaded) => this.set({ rules: loaded }),
      (error: unknown) => this.set({ rulesError: `The offer rules could not be loaded: ${message(error)}` }),
    ));
  }

  async start(): Promise<void> {
    if (this.deps.rulesUsedBefore?.()) void this.useRules();
    void this.deps.storage?.persisted().then((persistent) => this.set({ persistent }), () => undefined);
    const history = await this.readStored();
    performance.mark('second-shot:history-read');
    // Nothing recorded: no status to work out, none missing.
    if (isEmpty(history)) {
      this.set({ history, statuses: { history, results: [], complete: true } });
      return;
    }
    const rules = this.useRules();
    // When the rules are (nearly) here, the first draw shows the records with their first
    // statuses, rather than drawing everything twice; if they are slow, records show first.
    // With no vouchers there is nothing to wait for.
    if (history.vouchers.length > 0) await Promise.race([rules, new Promise((resolve) => setTimeout(resolve, RULES_GRACE_MS))]);
    if (this.state.rules) {
      this.state = { ...this.state, history };
    } else {
      this.set({ history });
      await rules;
    }
    await this.refreshStatuses();
  }

  private async readStored(): Promise<History> {
    try {
      this.store = await this.deps.openStore({
        onBlocked: () => this.set({ db: 'blocked' }),
        onBlocking: () => this.set({ db: 'blocking' }),
        onTerminated: () => this.set({ db: 'closed' }),
      });
      const history = await this.store.readHistory();
      this.state = { ...this.state, db: 'ready' };
      return history;
    } catch (error) {
      this.state = { ...this.state, db: 'failed', dbError: message(error) };
      return emptyHistory();
    }
  }

  /**
   * Works out the status of every voucher whose status may have changed (all of them when the
   * rules or the date changed), in chunks (the browser draws between them); the others keep
   * theirs, the same objects. A newer run makes older ones moot.
   */
  async refreshStatuses(): Promise<void> {
    const { history, rules, today } = this.state;
    if (!history || !rules) return;
    const run = ++this.statusRun;
    try {
      const plan = this.statusMemory.plan(history, rules.ruleSet, today);
      const { kept, stale } = plan;
      let done = 0;
      do {
        const sliceStart = performance.now();
        const end = done === 0 ? Math.min(stale.length, FIRST_CHUNK) : stale.length;
        for (const voucher of stale.slice(done, end)) {
          await this.workOut(plan, rules, history, voucher);
          done++;
          if (done > FIRST_CHUNK && performance.now() - sliceStart >= SLICE_MS) break;
        }
        if (run !== this.statusRun) return;
        this.set({ statuses: { history, results: inVoucherOrder(history, kept), complete: done === stale.length } });
        // Once the chunk is painted, what queued meanwhile (input, the frame's other callbacks) goes before the next slice.
        if (done < stale.length) await afterNextFrame().then(afterQueuedTasks);
      } while (done < stale.length);
    } catch (error) {
      this.set({ rulesError: `The offer rules could not be applied: ${message(error)}` });
    }
  }

  private async workOut(plan: StatusPlan, rules: Rules, history: History, voucher: Voucher): Promise<void> {
    plan.kept.set(voucher.id, this.statusMemory.remember(plan, voucher, await rules.voucherStatus(rules.ruleSet, history, voucher, plan.today, plan.index)));
  }

  /**
   * Every status of `history` when an edit left few to work out again: worked out at once, so
   * that the edit is drawn once, with them. Undefined when the rules are not here or many
   * statuses changed (those come in chunks, from refreshStatuses).
   */
  private async statusesAtOnce(history: History): Promise<Statuses | undefined> {
    const { rules, today } = this.state;
    if (!rules) return undefined;
    const plan = this.statusMemory.plan(history, rules.ruleSet, today);
    if (plan.stale.length > FIRST_CHUNK) return undefined;
    // Runs under way were for an older history.
    const run = ++this.statusRun;
    try {
      for (const voucher of plan.stale) await this.workOut(plan, rules, history, voucher);
    } catch {
      // refreshStatuses meets the same failure and says so.
      return undefined;
    }
    return run === this.statusRun ? { history, results: inVoucherOrder(history, plan.kept), complete: true } : undefined;
  }

  /** Loads the rules again (a published file changed) and recomputes every answer with them. */
  async reloadRules(): Promise<void> {
    // Rules not in use yet: whenever they are, they are loaded as published then.
    if (!this.rulesLoad) return;
    try {
      const previous = this.state.rules;
      const rules = await this.deps.loadRules();
      // A changed file that was refused leaves the rules in force as they were: the refusal
      // is said, and no "updated" notice beside it.
      const updated = !previous || !sameTexts(previous.files, rules.files);
      this.set({ rules, rulesError: undefined, ...(updated ? { notice: { kind: 'info', text: 'The offer rules were updated; every answer now follows them.' } } : {}) });
      await this.refreshStatuses();
    } catch (error) {
      // The rules in force stay: a failed refresh changes nothing.
      this.set({ notice: { kind: 'error', text: `The updated offer rules could not be loaded (${message(error)}); the previous ones stay in force.` } });
    }
  }

  /** A new calendar day (the app was left open overnight) changes countdowns and statuses. */
  checkDate(): void {
    const today = (this.deps.today ?? deviceToday)();
    if (today === this.state.today) return;
    this.set({ today });
    void this.refreshStatuses();
  }

  /**
   * Runs one change against the store (a single transaction: all or nothing), then reads the
   * history back. Failures become a notice; the stored data is never left half-changed.
   */
  private async write<T>(what: string, change: (store: HistoryStore) => Promise<T>, { local = true, said }: WriteOptions<T> = {}): Promise<{ value: T } | null> {
    const store = this.store;
    if (!store || this.state.db !== 'ready') {
      this.set({ notice: { kind: 'error', text: `Could not ${what}: the database is not open. Reload the page; your saved data is kept.` } });
      return null;
    }
    const wasEmpty = (this.state.history?.vouchers.length ?? 0) + (this.state.history?.attempts.length ?? 0) === 0;
    let value: T;
    try {
      value = await change(store);
    } catch (error) {
      this.set({ notice: { kind: 'error', text: `Could not ${what}: ${message(error)}. Nothing was changed; your existing data is as it was.` } });
      return null;
    }
    try {
      const readBack = ++this.readBacks;
      // Records that did not change keep their objects: their cards are not drawn again.
      const history = reuseUnchanged(this.state.history, await store.readHistory());
      const statuses = await this.statusesAtOnce(history);
      const notice = said ? { notice: said(value) } : {};
      // A later change, read back meanwhile, has the newer history: this one only says what it did.
      if (readBack !== this.readBacks) {
        this.set(notice);
        return { value };
      }
      // One draw of the edit, with its statuses and what it says.
      this.set({ history, ...(statuses ? { statuses } : {}), ...notice });
      if (!statuses) void this.refreshStatuses();
      // A sample history is nobody's data: it is neither shared with the extension nor kept from eviction.
      if (local && !this.own) this.changeListeners.forEach((listener) => listener(history));
      if (!this.own && wasEmpty && history.vouchers.length + history.attempts.length > 0) void this.askPersistence();
    } catch (error) {
      this.set({ notice: { kind: 'error', text: `Saved, but the list could not be read back: ${message(error)}. Reload the page to see it.` } });
    }
    return { value };
  }

  /** Asks the browser not to evict the data, once there is data worth keeping. */
  async askPersistence(): Promise<void> {
    const storage = this.deps.storage;
    if (!storage) return;
    try {
      const persistent = (await storage.persisted()) || (await storage.persist());
      this.set({ persistent });
    } catch {
      this.set({ persistent: null });
    }
  }

  async saveVoucher(voucher: Voucher): Promise<boolean> {
    return (await this.write('save the voucher', (store) => store.saveVoucher(voucher))) !== null;
  }

  async saveAttempt(attempt: Attempt): Promise<boolean> {
    return (await this.write('save the attempt', (store) => store.saveAttempt(attempt))) !== null;
  }

  async deleteVoucher(voucher: Voucher): Promise<boolean> {
    const said = (removed: Removed): Notice => {
      const count = removed.attempts.length;
      const also = count === 0 ? '' : ` and its ${count === 1 ? 'attempt' : `${count} attempts`}`;
      return { kind: 'info', text: `Deleted voucher ${voucher.code}${also}.`, undo: removed };
    };
    return (await this.write('delete the voucher', (store) => store.deleteVoucher(voucher.id), { said })) !== null;
  }

  async deleteAttempt(attempt: Attempt): Promise<boolean> {
    const said = (removed: Removed): Notice => ({ kind: 'info', text: `Deleted the ${attempt.exam} attempt of ${formatDate(attempt.takenOn)}.`, undo: removed });
    return (await this.write('delete the attempt', (store) => store.deleteAttempt(attempt.id), { said })) !== null;
  }

  async undo(removed: Removed): Promise<void> {
    await this.write('undo the delete', (store) => store.restore(removed), { said: () => ({ kind: 'info', text: 'Restored.' }) });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Imports a validated history: replacing everything, or merging with what is here. */
  async importHistory(history: History, mode: 'replace' | 'merge'): Promise<MergeResult | null> {
    if (mode === 'replace') {
      const done = await this.write('import the file', (store) => store.replace(history));
      return done && { history, conflicts: [], added: history.vouchers.length + history.attempts.length, updated: 0, removed: 0 };
    }
    const done = await this.write('import the file', (store) => store.merge(history));
    if (done) this.set({ conflicts: [...this.state.conflicts, ...done.value.conflicts] });
    return done && done.value;
  }

  /**
   * Shows a sample history in place of the candidate's own, which is put aside untouched: the
   * sample is written to a database of its own, and every change made while trying goes there.
   */
  async tryExample(sample: History): Promise<boolean> {
    if (this.own || !this.store || this.state.db !== 'ready') return false;
    const own = this.store;
    try {
      const example = await (this.deps.openExampleStore ?? ((events) => openHistoryStore(events, EXAMPLE_DB)))({});
      await example.replace(sample);
      this.own = own;
      this.store = example;
    } catch (error) {
      this.set({ notice: { kind: 'error', text: `Could not load the example: ${message(error)}. Your data is as it was.` } });
      return false;
    }
    const history = await this.store.readHistory();
    this.set({ example: true, history, notice: null });
    await this.refreshStatuses();
    return true;
  }

  /** Clears the sample history and shows the candidate's own data again. */
  async leaveExample(): Promise<void> {
    const { own, store: example } = this;
    if (!own || !example) return;
    this.store = own;
    this.own = undefined;
    await example.clear().catch(() => undefined);
    example.close();
    try {
      this.set({ example: false, history: await own.readHistory(), notice: null });
    } catch (error) {
      this.set({ example: false, notice: { kind: 'error', text: `Your data could not be read back: ${message(error)}. Reload the page to see it.` } });
    }
    await this.refreshStatuses();
  }

  /** Merges a history that arrived over the link; not a local change, so it is not echoed as one. */
  async mergeLinked(incoming: History): Promise<History | undefined> {
    if (this.own) {
      // The extension's records are the candidate's own: they go to the own store, not into the example shown.
      try {
        const merged = await this.own.merge(incoming);
        if (merged.conflicts.length > 0) this.set({ conflicts: [...this.state.conflicts, ...merged.conflicts] });
        return merged.history;
      } catch (error) {
        this.set({ notice: { kind: 'error', text: `Could not merge the extension's history: ${message(error)}. Nothing was changed.` } });
        return undefined;
      }
    }
    const done = await this.write('merge the extension\'s history', (store) => store.merge(incoming), { local: false });
    if (!done) return undefined;
    if (done.value.conflicts.length > 0) this.set({ conflicts: [...this.state.conflicts, ...done.value.conflicts] });
    return this.state.history;
  }

  async clearAll(): Promise<boolean> {
    return (await this.write('delete all data', (store) => store.clear())) !== null;
  }
}

interface WriteOptions<T> {
  /** False for changes that came over the link: they are not echoed back to it. */
  local?: boolean;
  /** What the change says once done, drawn with it. */
  said?: (value: T) => Notice;
}

/** The statuses worked out so far, in the order of the history's vouchers. */
function inVoucherOrder(history: History, kept: ReadonlyMap<string, StatusResult>): StatusResult[] {
  return history.vouchers.flatMap((v) => kept.get(v.id) ?? []);
}

function isEmpty(history: History): boolean {
  return history.vouchers.length === 0 && history.attempts.length === 0;
}

/** The same rule files in force, text for text. */
function sameTexts(a: readonly { file: string; text: string }[], b: readonly { file: string; text: string }[]): boolean {
  const texts = new Map(a.map((f) => [f.file, f.text]));
  return a.length === b.length && b.every((f) => texts.get(f.file) === f.text);
}
