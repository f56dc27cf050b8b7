// The service worker: answers the typed messages of shared/messages.ts. Every request is
// checked for shape and for who sent it (booking pages only from a profile's exact origin
// and top frame; settings only from the extension's own pages; link messages only from the
// configured PWA origin). Nothing is kept in globals: each answer reads chrome.storage.

import { dateProblem, deviceToday, type IsoDate } from '../../shared/dates.ts';
import { checkStatus } from '../../shared/engine/evaluate.ts';
import { normalizeExam } from '../../shared/exam.ts';
import { serializeHistory } from '../../shared/history/format.ts';
import { parseHistory } from '../../shared/history/validate.ts';
import { type Diagnostic, type MessageMap, type MessageType, type PageSite, readRequest } from '../../shared/messages.ts';
import { formatProblem } from '../../shared/problems.ts';
import { matchPage, originOf } from '../../shared/sites/match.ts';
import type { SiteProfile } from '../../shared/sites/profile.ts';
import { readRulesRequest, RulesGet, RulesRefresh, RulesSource, type RulesView } from '../rules-messages.ts';

import { pwaOriginProblem, rulesUrlProblem } from '../settings.ts';
import { acceptLink, forgetLink, pushToPwa, registerBridge, relayFromPwa } from './link.ts';
import { refreshIfDue, refreshRules, rulesInForce, rulesView, shippedRules, writeRulesUrl } from './rules.ts';
import {
  forgetFilledVoucher, readDiagnostics, readFilledVoucher, readHistory, readHistoryOrDamage, readLink, readSettings, readTabHint, recordDiagnostics, replaceHistory, updateHistory, updateLink,
  writeFilledVoucher,
  writeSettings, writeTabHint,
} from './store.ts';
import { pageVerdict } from './verdict.ts';

type Sender = chrome.runtime.MessageSender;
type Handler<K extends MessageType> = (body: MessageMap[K]['request'], sender: Sender) => Promise<MessageMap[K]['response']>;

class Refused extends Error {}

/** "Today" for the rules: where the candidate is, unless the options set a date to check as of. */
async function today(): Promise<IsoDate> {
  const { asOf } = await readSettings();
  return asOf ?? deviceToday();
}

/** A booking page's sender: our content script, top frame, on an exact profile origin. */
function bookingSender(sender: Sender): { profile: SiteProfile; url: string; tabId: number; steps: SiteProfile['steps'] } {
  const url = sender.url ?? '';
  if (sender.id !== chrome.runtime.id || sender.frameId !== 0 || sender.tab?.id === undefined) throw new Refused('not our top-frame content script');
  if (sender.origin !== undefined && sender.origin !== originOf(url)) throw new Refused('sender origin and URL disagree');
  const match = matchPage(shippedRules().profiles, url);
  if (!match) throw new Refused(`${originOf(url) ?? 'this page'} is not a booking site of any profile`);
  return { profile: match.profile, url, tabId: sender.tab.id, steps: match.steps };
}

function extensionPage(sender: Sender): void {
  const own = `chrome-extension://${chrome.runtime.id}`;
  if (sender.id !== chrome.runtime.id || originOf(sender.url ?? '') !== null || !(sender.url ?? '').startsWith(`${own}/`)) throw new Refused('not an extension page');
}

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const handlers: { [K in MessageType]: Handler<K> } = {
  async 'page/match'(_body, sender) {
    const { profile, steps } = bookingSender(sender);
    const site: PageSite = {
      profile: profile.id,
      singlePage: profile.singlePage,
      find: profile.find,
      steps: steps.map((s) => ({ id: s.id, kind: s.kind, when: s.when ?? null })),
    };
    return { site };
  },

  async 'page/read'(reading, sender) {
    const { profile, url, tabId, steps } = bookingSender(sender);
    const step = steps.find((s) => s.id === reading.step);
    if (!step) return { hint: null };
    const ruleSet = await rulesInForce();
    const on = await today();
    const verdict = await pageVerdict({
      ruleSet, history: await readHistory(ruleSet), profile, step, reading, url, today: on, filled: await readFilledVoucher(tabId),
    });
    // Diagnostics are dated by the real calendar, whatever date the rules are checked as of.
    const seenOn = deviceToday();
    await recordDiagnostics(profile.id, step.id, verdict.diagnostics.map((d) => ({ ...d, seenOn })), verdict.fine);
    const id = nonce();
    await writeTabHint(tabId, {
      nonce: id, url, step: step.id, exam: verdict.exam, examDate: verdict.examDate,
      voucherId: verdict.voucher?.id ?? null, voucherCode: verdict.voucher?.code ?? null, action: verdict.action,
    });
    return { hint: { nonce: id, tone: verdict.tone, title: verdict.title, lines: verdict.lines, action: verdict.action } };
  },

  async 'hint/fill'({ nonce: asked }, sender) {
    // Re-checked at fill time: the sender's origin against the profile, the page against the hint.
    const { tabId, url } = bookingSender(sender);
    const drawn = await readTabHint(tabId);
    if (!drawn || drawn.nonce !== asked || drawn.url !== url) return { ok: false, message: 'The page changed since this hint was drawn: nothing was filled.', code: null };
    if (drawn.action !== 'fill' || !drawn.voucherCode || !drawn.voucherId) return { ok: false, message: 'This hint offers no voucher to fill.', code: null };
    if (drawn.exam) await writeFilledVoucher(tabId, { voucherId: drawn.voucherId, exam: drawn.exam });
    return { ok: true, message: `Voucher ${drawn.voucherCode} filled.`, code: drawn.voucherCode };
  },

  async 'hint/record'({ nonce: asked }, sender) {
    const { tabId, url, profile } = bookingSender(sender);
    const drawn = await readTabHint(tabId);
    if (!drawn || drawn.nonce !== asked || drawn.url !== url) return { ok: false, message: 'The page changed since this hint was drawn: nothing was recorded.' };
    const { exam, examDate } = drawn;
    if (drawn.action !== 'record' || !exam || !examDate) return { ok: false, message: 'This hint has no booking to record.' };
    const ruleSet = await rulesInForce();
    const bookedOn = await today();
    const added = await updateHistory(ruleSet, (history) => {
      const duplicate = history.attempts.some((a) => normalizeExam(a.exam) === exam && a.takenOn === examDate && a.provider === profile.provider && a.result !== 'cancelled');
      if (duplicate) return { history: null, result: false };
      const attempt = {
        id: `a-${bookedOn}-${nonce().slice(0, 8)}`, exam, provider: profile.provider, bookedOn, takenOn: examDate, result: 'scheduled' as const, updatedAt: new Date().toISOString(),
        ...(drawn.voucherId ? { voucher: drawn.voucherId } : {}),
      };
      return { history: { ...history, attempts: [...history.attempts, attempt] }, result: true };
    });
    if (added) {
      await forgetFilledVoucher(tabId);
      await pushToPwa();
    }
    return added
      ? { ok: true, message: `Added to your attempts: ${exam} on ${examDate}, scheduled${drawn.voucherCode ? `, voucher ${drawn.voucherCode}` : ''}.` }
      : { ok: true, message: 'This attempt is already in your history.' };
  },

  async 'status/get'(_body, sender) {
    extensionPage(sender);
    const { problems } = shippedRules();
    const ruleSet = await rulesInForce();
    const on = await today();
    // A damaged stored history is reported, not thrown: the popup and options still open, and
    // an import repairs it.
    const { history, damage } = await readHistoryOrDamage(ruleSet);
    const statuses = (await checkStatus(ruleSet, history, on)).map((s) => ({
      voucher: s.voucher, offer: s.offer, offerTitle: ruleSet.get(s.offer)?.spec.title ?? s.offer, exam: s.exam ?? null, status: s.status, nextStep: s.nextStep,
    }));
    const shipped: Diagnostic[] = problems.map((p) => ({ site: p.file, step: '', target: '', url: '', seenOn: deviceToday(), message: formatProblem(p) }));
    const link = await readLink();
    const settings = await readSettings();
    return {
      today: on, statuses, attempts: history.attempts.length, settings,
      diagnostics: [...(damage ? [{ site: 'history', step: '', target: 'history', url: '', seenOn: deviceToday(), message: damage }] : []), ...shipped, ...(await readDiagnostics())],
      link: { origin: settings.pwaOrigin, linked: link.linkedOrigin === settings.pwaOrigin, pendingHello: link.pending?.origin === settings.pwaOrigin, conflicts: link.conflicts },
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
    if (before.pwaOrigin !== settings.pwaOrigin) {
      // A link is with one origin: a new address must be linked again by the user.
      await updateLink((link) => ({ ...link, linkedOrigin: null, pending: null }));
      await chrome.action.setBadgeText({ text: '' });
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
    const { pwaOrigin } = await readSettings();
    const origin = sender.origin ?? originOf(sender.url ?? '');
    if (sender.id !== chrome.runtime.id || sender.frameId !== 0 || sender.tab?.id === undefined || origin !== pwaOrigin) throw new Refused('link messages come only from the configured PWA origin');
    return { post: await relayFromPwa(data, origin, sender.tab.id) };
  },

  async 'link/post'() {
    throw new Refused('link/post goes to the bridge, not the service worker');
  },
};

function handle<K extends MessageType>(type: K, body: MessageMap[K]['request'], sender: Sender): Promise<MessageMap[K]['response']> {
  const handler = handlers[type] as Handler<K>;
  return handler(body, sender);
}

/** Answers the requests `read` recognises (checked for shape); refuses the malformed ones without an answer. */
function listen<T extends string>(
  read: (data: unknown) => { type: T; body: unknown } | { refused: string } | null,
  answer: (type: T, body: unknown, sender: Sender) => Promise<unknown>,
): void {
  chrome.runtime.onMessage.addListener((data: unknown, sender, reply) => {
    const request = read(data);
    if (request === null) return false;
    if ('refused' in request) {
      console.warn(`Second Shot refused a message: ${request.refused}`);
      reply(undefined);
      return false;
    }
    answer(request.type, request.body, sender).then(reply, (error: unknown) => {
      console.warn(`Second Shot refused "${request.type}": ${error instanceof Error ? error.message : String(error)}`);
      reply(undefined);
    });
    return true;
  });
}

listen(readRequest, (type, body, sender) => handle(type, body as never, sender));

/** How a refresh went, in a sentence for the options page. */
function refreshed(rules: RulesView): { ok: boolean; message: string; rules: RulesView } {
  if (rules.error) return { ok: false, message: rules.error, rules };
  const refused = rules.refused.length > 0 ? ` ${rules.refused.length} problem${rules.refused.length === 1 ? '' : 's'} found: a refused file keeps its last good version.` : '';
  return { ok: rules.refused.length === 0, message: `Rules refreshed from ${rules.source}: ${rules.inForce.length} offer files in force.${refused}`, rules };
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
