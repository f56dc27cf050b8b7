// The service worker: answers the typed messages of shared/messages.ts. Every request is
// checked for shape and for who sent it (booking pages only from a profile's exact origin
// and top frame; settings only from the extension's own pages; link messages only from the
// configured PWA origin). Nothing is kept in globals: each answer reads chrome.storage.

import { dateProblem, deviceToday } from '../../shared/dates.ts';
import { checkStatus } from '../../shared/engine/evaluate.ts';
import { serializeHistory } from '../../shared/history/format.ts';
import { parseHistory } from '../../shared/history/validate.ts';
import { type Diagnostic, type MessageMap, type MessageType, readRequest } from '../../shared/messages.ts';
import { formatProblem } from '../../shared/problems.ts';
import { readRulesRequest, RulesGet, RulesRefresh, RulesSource, type RulesView } from '../rules-messages.ts';

import { pwaOriginProblem, rulesUrlProblem } from '../settings.ts';
import { type BookingContext, fillVoucher, readBookingPage, recordAttempt, today } from './booking.ts';
import { registerBadge } from './badge.ts';
import { acceptLink, forgetLink, pushToPwa, registerBridge, relayFromPwa } from './link.ts';
import { registerReminders } from './reminders.ts';
import { profilesInForce, refreshIfDue, refreshRules, rulesInForce, rulesView, shippedRules, writeRulesUrl } from './rules.ts';
import { extensionPage as checkExtensionPage, pwaPage, Refused, type Sender } from './senders.ts';
import { readDiagnostics, readHistory, readHistoryOrDamage, readLink, readSettings, replaceHistory, updateLink, writeSettings } from './store.ts';

type Handler<K extends MessageType> = (body: MessageMap[K]['request'], sender: Sender) => Promise<MessageMap[K]['response']>;

const booking = async (): Promise<BookingContext> => ({ runtimeId: chrome.runtime.id, profiles: await profilesInForce(), historyChanged: pushToPwa });
const extensionPage = (sender: Sender): void => checkExtensionPage(sender, chrome.runtime.id);

const handlers: { [K in MessageType]: Handler<K> } = {
  'page/read': async (body, sender) => readBookingPage(body, sender, await booking()),
  'hint/fill': async (body, sender) => fillVoucher(body, sender, await booking()),
  'hint/record': async (body, sender) => recordAttempt(body, sender, await booking()),

  async 'status/get'(_body, sender) {
    extensionPage(sender);
    const { problems } = shippedRules();
    const ruleSet = await rulesInForce();
    const on = await today();
    // A damaged stored history is reported, not thrown: the popup and options still open, and
    // an import repairs it.
    const { history, damage } = await readHistoryOrDamage(ruleSet);
    const statuses = (await checkStatus(ruleSet, history, on)).map((s) => ({
      voucher: s.voucher, offer: s.offer, offerTitle: ruleSet.get(s.offer)?.spec.title ?? s.offer, exam: s.exam ?? null, status: s.status, statusLabel: s.label, nextStep: s.nextStep,
    }));
    const shipped: Diagnostic[] = problems.map((p) => ({ site: p.file, step: '', target: '', url: '', seenOn: deviceToday(), message: formatProblem(p) }));
    const link = await readLink();
    const settings = await readSettings();
    return {
      today: on, statuses, attempts: history.attempts.length, settings,
      diagnostics: [...(damage ? [{ site: 'history', step: '', target: 'history', url: '', seenOn: deviceToday(), message: damage }] : []), ...shipped, ...(await readDiagnostics())],
      link: { origin: settings.pwaOrigin, linked: link.linkedOrigin === settings.pwaOrigin, pendingHello: link.pending?.origin === settings.pwaOrigin, conflicts: link.conflicts, shared: link.shared },
    };
  },

  async 'history/export'(_body, sender) {
    extensionPage(sender);
    const history = await readHistory(await rulesInForce());
    return { text: serializeHistory(history), fileName: `second-shot-history-${await today()}.json` };
  },

  async 'history/import'({ text, fileName }, sender) {
    extensionPage(sender);
    const ruleSet = await rulesInForce();
    // Validated completely before anything is replaced: a bad file changes nothing.
    const checked = parseHistory(text, ruleSet, fileName);
    if (!checked.ok) return { ok: false, message: `${fileName} was not imported; your history is unchanged.`, problems: checked.problems.map(formatProblem) };
    // A whole new history: written without reading the old one, so a damaged store is repaired.
    await replaceHistory(ruleSet, checked.value);
    await pushToPwa();
    const { vouchers, attempts } = checked.value;
    return { ok: true, message: `Imported ${fileName}: ${vouchers.length} voucher${vouchers.length === 1 ? '' : 's'}, ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}.`, problems: [] };
  },

  async 'settings/set'(settings, sender) {
    extensionPage(sender);
    const asOfProblem = settings.asOf === null ? null : dateProblem(settings.asOf);
    const problem = pwaOriginProblem(settings.pwaOrigin) ?? (asOfProblem ? `The date to check as of: ${asOfProblem}` : null);
    if (problem) return { ok: false, message: problem, settings: await readSettings() };
    const before = await readSettings();
    await writeSettings(settings);
    // One "today" for both apps: the linked app checks as of the same date.
    // (A push that fails, say to a closed tab, leaves the date saved; the next exchange carries it.)
    if (before.asOf !== settings.asOf && before.pwaOrigin === settings.pwaOrigin) await pushToPwa().catch(() => undefined);
    if (before.pwaOrigin !== settings.pwaOrigin) {
      // A link is with one origin: a new address must be linked again by the user.
      await updateLink((link) => ({ ...link, linkedOrigin: null, pairing: null, pending: null }));
      await registerBridge();
      // The rules follow the PWA unless a rules URL is set.
      await refreshRules();
    }
    return { ok: true, message: 'Settings saved.', settings };
  },

  async 'link/accept'(_body, sender) {
    extensionPage(sender);
    return { ok: true, message: await acceptLink() };
  },

  async 'link/forget'(_body, sender) {
    extensionPage(sender);
    return { ok: true, message: await forgetLink() };
  },

  async 'link/relay'({ data }, sender) {
    const { origin, tabId } = pwaPage(sender, chrome.runtime.id, (await readSettings()).pwaOrigin);
    return { post: await relayFromPwa(data, origin, tabId) };
  },

  async 'link/post'() {
    throw new Refused('link/post goes to the bridge, not the service worker');
  },
};

function handle<K extends MessageType>(type: K, body: MessageMap[K]['request'], sender: Sender): Promise<MessageMap[K]['response']> {
  const handler = handlers[type] as Handler<K>;
  return handler(body, sender);
}

/**
 * Answers the requests `read` recognises (checked for shape). A malformed or refused request,
 * or one whose answer failed (a damaged history, ...), gets `{ refused: reason }`.
 */
function listen<T extends string>(
  read: (data: unknown) => { type: T; body: unknown } | { refused: string } | null,
  answer: (type: T, body: unknown, sender: Sender) => Promise<unknown>,
): void {
  chrome.runtime.onMessage.addListener((data: unknown, sender, reply) => {
    const request = read(data);
    if (request === null) return false;
    if ('refused' in request) {
      reply({ refused: `Second Shot refused a message: ${request.refused}.` });
      return false;
    }
    answer(request.type, request.body, sender).then(reply, (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (!(error instanceof Refused)) console.warn(`Second Shot could not answer "${request.type}": ${reason}`);
      reply({ refused: reason });
    });
    return true;
  });
}

listen(readRequest, (type, body, sender) => handle(type, body as never, sender));

/** How a refresh went, in a sentence for the options page. */
function refreshed(rules: RulesView): { ok: boolean; message: string; rules: RulesView } {
  if (rules.error) return { ok: false, message: rules.error, rules };
  const refused = rules.refused.length > 0 ? ` ${rules.refused.length} problem${rules.refused.length === 1 ? '' : 's'} found: a refused file keeps its last good version.` : '';
  const sites = new Set(rules.sitesRefused.map((p) => p.file)).size;
  const sitesRefused = sites === 0 ? '' : sites === 1 ? ' 1 site profile refused: it keeps its last good version.' : ` ${sites} site profiles refused: each keeps its last good version.`;
  return { ok: rules.refused.length === 0 && sites === 0, message: `Rules refreshed from ${rules.source}: ${rules.inForce.length} offer files in force.${refused}${sitesRefused}`, rules };
}

async function handleRules(type: string, body: unknown, sender: Sender): Promise<unknown> {
  extensionPage(sender);
  if (RulesGet.type === type) return rulesView();
  if (RulesRefresh.type === type) return refreshed(await refreshRules());
  if (RulesSource.type === type && RulesSource.request(body)) {
    const problem = body.url === null ? null : rulesUrlProblem(body.url);
    if (problem) return { ok: false, message: problem, rules: await rulesView() };
    await writeRulesUrl(body.url);
    return refreshed(await refreshRules());
  }
  throw new Refused(`no handler for "${type}"`);
}

// The options page's rules messages travel on their own channel (see rules-messages.ts).
listen(readRulesRequest, handleRules);

chrome.runtime.onInstalled.addListener(() => void registerBridge());
chrome.runtime.onStartup.addListener(() => void registerBridge());
// Each time the service worker wakes: published rules at most once a day.
refreshIfDue().catch((error: unknown) => console.warn(`Second Shot could not refresh the rules: ${error instanceof Error ? error.message : String(error)}`));
registerReminders();
registerBadge();
