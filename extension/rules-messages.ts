// The options page ↔ service worker messages about the offer rules in force, typed and
// checked on receipt like those of shared/messages.ts (whose guards they use). They travel
// on a channel of their own so that map's reader ignores them.

import { type Guard, isBool, isNumber, isText, listOf, literal, type MessageDef, orNull, shape } from '../shared/messages.ts';

export const RULES_MESSAGE_CHANNEL = 'second-shot/extension-rules';

const isRefusal = shape({ file: isText, pointer: isText, message: isText, hint: orNull(isText) });

const isRulesView = shape({
  /** The index URL fetched (the configured rules URL, else the PWA's /rules/index.json). */
  source: isText,
  /** The rules URL set in options, or null to follow the PWA origin. */
  configured: orNull(isText),
  /** When the last refresh was tried (ISO instant), or null before the first. */
  triedAt: orNull(isText),
  inForce: listOf(shape({ file: isText, from: literal('published', 'last good', 'bundled') })),
  refused: listOf(isRefusal),
  /** Why the last refresh changed nothing, if it did not (the index could not be fetched, ...). */
  error: orNull(isText),
  /** Each booking-site profile in force: its version, where it comes from, and how often pages reported a miss. */
  sites: listOf(shape({
    file: isText, id: isText, name: isText, version: isNumber, from: literal('published', 'last good', 'bundled'),
    notFound: shape({ voucherField: isNumber, exam: isNumber }),
  })),
  /** Published site profiles (or index entries) refused, each file keeping its last good version. */
  sitesRefused: listOf(isRefusal),
});
export type RulesView = typeof isRulesView extends (v: unknown) => v is infer T ? T : never;

const isRulesOutcome = shape({ ok: isBool, message: isText, rules: isRulesView });

function define<K extends string, Q, S>(type: K, request: Guard<Q>, response: Guard<S>): MessageDef<K, Q, S> {
  return { type, request, response };
}

export const RulesGet = define('rules/get', shape({}), isRulesView);
export const RulesRefresh = define('rules/refresh', shape({}), isRulesOutcome);
/** Sets the rules URL (null: the PWA's own) and refreshes from it. */
export const RulesSource = define('rules/source', shape({ url: orNull(isText) }), isRulesOutcome);

const RULES_MESSAGES = { [RulesGet.type]: RulesGet, [RulesRefresh.type]: RulesRefresh, [RulesSource.type]: RulesSource } as const;
export type RulesMessageType = keyof typeof RULES_MESSAGES;

/** A received rules request, checked against its declared shape; null when not on this channel. */
export function readRulesRequest(data: unknown): { type: RulesMessageType; body: unknown } | { refused: string } | null {
  if (typeof data !== 'object' || data === null || !('channel' in data) || data.channel !== RULES_MESSAGE_CHANNEL) return null;
  const type = 'type' in data ? data.type : undefined;
  const body = 'body' in data ? data.body : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(RULES_MESSAGES, type)) return { refused: `unknown rules message type ${JSON.stringify(type)}` };
  const def = RULES_MESSAGES[type as RulesMessageType];
  if (!def.request(body)) return { refused: `malformed "${type}" request` };
  return { type: type as RulesMessageType, body };
}

export async function sendRules<K extends string, Q, S>(def: MessageDef<K, Q, S>, body: Q): Promise<S> {
  const reply: unknown = await chrome.runtime.sendMessage({ channel: RULES_MESSAGE_CHANNEL, type: def.type, body });
  if (!def.response(reply)) throw new Error(`Second Shot: the reply to "${def.type}" was malformed`);
  return reply;
}
