// Every message between the extension's parts, in one typed map, each side checked on
// receipt: a request is refused unless its body has the declared shape, and a response is
// refused the same way. Guards are separate functions so the content script bundles only
// the few it uses.

export type Guard<T> = (value: unknown) => value is T;
type Guarded<G> = G extends Guard<infer T> ? T : never;

const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isText: Guard<string> = (v): v is string => typeof v === 'string';
export const isBool: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
export const isNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const isAny: Guard<unknown> = (v): v is unknown => v !== undefined;

/* @__NO_SIDE_EFFECTS__ */
export function literal<const L extends readonly string[]>(...values: L): Guard<L[number]> {
  return (v): v is L[number] => typeof v === 'string' && values.includes(v);
}
/* @__NO_SIDE_EFFECTS__ */
export function listOf<T>(item: Guard<T>): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every(item);
}
/* @__NO_SIDE_EFFECTS__ */
export function orNull<T>(item: Guard<T>): Guard<T | null> {
  return (v): v is T | null => v === null || item(v);
}
/** An object with exactly these keys (extra keys are refused too). */
/* @__NO_SIDE_EFFECTS__ */
export function shape<S extends Record<string, Guard<unknown>>>(fields: S): Guard<{ [K in keyof S]: Guarded<S[K]> }> {
  const keys = Object.keys(fields);
  return (v): v is { [K in keyof S]: Guarded<S[K]> } =>
    record(v) && Object.keys(v).every((k) => Object.hasOwn(fields, k)) && keys.every((k) => fields[k]?.(v[k]) === true);
}

export interface MessageDef<K extends string, Q, S> {
  type: K;
  request: Guard<Q>;
  response: Guard<S>;
}
/* @__NO_SIDE_EFFECTS__ */
function define<K extends string, Q, S>(type: K, request: Guard<Q>, response: Guard<S>): MessageDef<K, Q, S> {
  return { type, request, response };
}

export const MESSAGE_CHANNEL = 'second-shot/extension';
const none = shape({});

// ---- content script ↔ service worker -------------------------------------------------

const isFinding = literal('profile', 'fallback');
const isSelectors = listOf(isText);
/** What the content script needs of a site profile: its version, selectors and steps (the page matches their paths itself). */
export const isPageSite = shape({
  profile: isText,
  version: isNumber,
  find: shape({ exam: isSelectors, examDate: isSelectors, voucherField: isSelectors, applyButton: isSelectors }),
  steps: listOf(shape({ id: isText, kind: literal('exam-choice', 'payment', 'confirmation'), paths: isSelectors, when: orNull(isSelectors) })),
});
export type PageSite = Guarded<typeof isPageSite>;

/** Where on the page an exam code was read: the profile's selectors are `profile`, the rest are fallback cues. */
export const EXAM_PLACES = ['profile', 'select', 'table', 'list', 'data', 'heading', 'title', 'url'] as const;
export type ExamPlace = (typeof EXAM_PLACES)[number];

/** What the content script read on the page; the service worker interprets it. */
export const isPageReading = shape({
  /** The page's own location (after client-side route changes), re-checked against the sender. */
  url: isText,
  /** The version of the site profile the page was read with; another than the one in force is answered with that one. */
  version: isNumber,
  /** The step the page is at, or '' when the profile lists none at this address (the page asks only whether its profile is in force). */
  step: isText,
  /** The page's language (`<html lang>`), or '' when it declares none. */
  lang: isText,
  /** Texts holding an exam code, each with where it was read. */
  exam: listOf(shape({ text: isText, where: literal(...EXAM_PLACES) })),
  /** Whether the profile's exam selectors matched an element at all (an exam list with nothing chosen yet does). */
  examShown: isBool,
  /** Texts holding a date: the profile's first, then the fallback cues'; `machine` is a datetime or data attribute, `label` the words next to it. */
  dates: listOf(shape({ text: isText, machine: orNull(isText), label: isText, via: isFinding })),
  voucherField: orNull(isFinding),
  /** Why no field was chosen although code fields are on the page (two alike, only a promotion field, ...). */
  voucherProblem: orNull(isText),
  applyButton: orNull(isFinding),
});
export type PageReading = Guarded<typeof isPageReading>;

export const isHint = shape({
  nonce: isText,
  tone: literal('ok', 'warn', 'stop', 'info'),
  title: isText,
  lines: listOf(isText),
  action: literal('fill', 'record', 'none'),
  /** For "record" when the page's date reads two ways: one button per reading, the candidate picks. */
  choices: listOf(shape({ date: isText, label: isText })),
});
export type Hint = Guarded<typeof isHint>;

const isOutcome = shape({ ok: isBool, message: isText });
export type Outcome = Guarded<typeof isOutcome>;

/**
 * The service worker's answer to a request it will not serve, and why: the sender is not
 * who it must be, the page is not a booking step, the stored history is damaged, ...
 */
export const isRefusal = shape({ refused: isText });

/**
 * One round trip per read: the page reads itself with the profile it has (the bundled one at
 * first) and gets its hint; `site` comes back, with no hint, only when another version of the
 * profile is in force, and the page reads itself again with it.
 */
export const PageRead = define('page/read', isPageReading, shape({ hint: orNull(isHint), site: orNull(isPageSite) }));
/** The voucher code comes back only when the service worker has re-checked the sender. */
export const HintFill = define('hint/fill', shape({ nonce: isText, url: isText }), shape({ ok: isBool, message: isText, code: orNull(isText) }));
/** `date`: the reading the candidate picked when the page's date reads two ways, else null. */
export const HintRecord = define('hint/record', shape({ nonce: isText, url: isText, date: orNull(isText) }), isOutcome);

// ---- popup and options ↔ service worker ----------------------------------------------

const isStatusView = shape({
  voucher: isText, offer: isText, offerTitle: isText, exam: orNull(isText), status: isText, statusLabel: isText, nextStep: isText,
});
const isDiagnostic = shape({ site: isText, step: isText, target: isText, url: isText, seenOn: isText, message: isText });
export type Diagnostic = Guarded<typeof isDiagnostic>;
export const isSettings = shape({ pwaOrigin: isText, asOf: orNull(isText) });
export type Settings = Guarded<typeof isSettings>;
const isLinkView = shape({
  origin: isText, linked: isBool, pendingHello: isBool, conflicts: listOf(isText),
  /** What was sent to the app: to which origin, when (ISO instant), what. */
  shared: listOf(shape({ origin: isText, at: isText, what: isText })),
});
export type LinkView = Guarded<typeof isLinkView>;

export const StatusGet = define('status/get', none, shape({
  today: isText, statuses: listOf(isStatusView), attempts: isNumber, diagnostics: listOf(isDiagnostic), link: isLinkView, settings: isSettings,
}));
export type StatusReply = Guarded<typeof StatusGet.response>;
export const HistoryExport = define('history/export', none, shape({ text: isText, fileName: isText }));
export const HistoryImport = define('history/import', shape({ text: isText, fileName: isText }), shape({ ok: isBool, message: isText, problems: listOf(isText) }));
export const SettingsSet = define('settings/set', isSettings, shape({ ok: isBool, message: isText, settings: isSettings }));
export const LinkAccept = define('link/accept', none, isOutcome);
export const LinkForget = define('link/forget', none, isOutcome);

// ---- PWA bridge content script ↔ service worker ---------------------------------------

/** A window message from the PWA page, passed on unread; the service worker parses it. */
export const LinkRelay = define('link/relay', shape({ data: isAny }), shape({ post: listOf(isAny) }));
/** The service worker asks the bridge to post link messages to the page. */
export const LinkPost = define('link/post', shape({ post: listOf(isAny) }), none);

/* @__NO_SIDE_EFFECTS__ */
function byType<const D extends readonly MessageDef<string, unknown, unknown>[]>(...defs: D): { [K in D[number]['type']]: Extract<D[number], { type: K }> } {
  return Object.fromEntries(defs.map((d) => [d.type, d])) as { [K in D[number]['type']]: Extract<D[number], { type: K }> };
}

export const MESSAGES = byType(
  PageRead,
  HintFill,
  HintRecord,
  StatusGet,
  HistoryExport,
  HistoryImport,
  SettingsSet,
  LinkAccept,
  LinkForget,
  LinkRelay,
  LinkPost,
);

/** The typed map: message type → request and response. */
export type MessageMap = {
  [K in keyof typeof MESSAGES]: (typeof MESSAGES)[K] extends MessageDef<string, infer Q, infer S> ? { request: Q; response: S } : never;
};
export type MessageType = keyof MessageMap;

export interface Envelope {
  channel: typeof MESSAGE_CHANNEL;
  type: string;
  body: unknown;
}

export function envelope<K extends string, Q, S>(def: MessageDef<K, Q, S>, body: Q): Envelope {
  return { channel: MESSAGE_CHANNEL, type: def.type, body };
}

/** A received request, checked against its declared shape. */
export function readRequest(data: unknown): { type: MessageType; body: unknown } | { refused: string } | null {
  if (!record(data) || data['channel'] !== MESSAGE_CHANNEL) return null;
  const type = data['type'];
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type)) return { refused: `unknown message type ${JSON.stringify(type)}` };
  const def = MESSAGES[type as MessageType];
  if (!def.request(data['body'])) return { refused: `malformed "${type}" request` };
  return { type: type as MessageType, body: data['body'] };
}
