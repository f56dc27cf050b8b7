// Every refusal of an offer or retake-policy file, from one valid file edited a few places at a
// time: each problem names the place (a JSON pointer) and what is wrong there, in words a program
// manager acts on, and nothing else is reported. (The broken-offers corpus shows whole files.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { validateOfferFile } from '../../shared/engine/offer-file.ts';
import { formatProblem } from '../../shared/problems.ts';

/** Takes the field away, rather than setting it. */
const REMOVE = Symbol('remove');
type Edit = [pointer: string, value: unknown];
type Case = [what: string, edits: Edit[], problems: string[]];

function edited(path: string, edits: readonly Edit[]): unknown {
  const document: unknown = JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  for (const [pointer, value] of edits) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop() ?? '';
    const parent = keys.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], document) as Record<string, unknown>;
    if (value === REMOVE) delete parent[last];
    else parent[last] = value;
  }
  return document;
}

/** The problems, each as `#pointer: message (hint)`. */
function problems(path: string, edits: readonly Edit[]): string[] {
  const file = path.split('/').at(-1) ?? '';
  const checked = validateOfferFile(edited(path, edits), file);
  return checked.ok ? [] : checked.problems.map((p) => formatProblem(p).slice(file.length));
}

const OFFER = 'test/fixtures/valid-offer.json';
const POLICY = 'rules/offers/microsoft-retake-policy.json';

const OFFER_CASES: Case[] = [
  [
    "no id; a title left blank",
    [["/id", REMOVE], ["/title", "  "]],
    [
      "#/id: \"id\" is missing",
      "#/title: \"title\" must be non-empty text",
    ],
  ],
  [
    "an id that is not lower-case words (nor the file name)",
    [["/id", "Valid_Offer"]],
    [
      "#/id: \"Valid_Offer\" must be lower-case words joined by \"-\", e.g. \"ms-second-shot-2007\"",
      "#/id: \"Valid_Offer\" must match the file name \"valid-offer.json\"",
    ],
  ],
  [
    "an id that begins as one should and ends otherwise",
    [["/id", "valid-offer-2007_"]],
    [
      "#/id: \"valid-offer-2007_\" must be lower-case words joined by \"-\", e.g. \"ms-second-shot-2007\"",
      "#/id: \"valid-offer-2007_\" must match the file name \"valid-offer.json\"",
    ],
  ],
  [
    "a comment that is not text",
    [["/$comment", 5]],
    [
      "#/$comment: \"$comment\" must be non-empty text",
    ],
  ],
  [
    "an id that is not the file name",
    [["/id", "other-offer"]],
    [
      "#/id: \"other-offer\" must match the file name \"valid-offer.json\"",
    ],
  ],
  [
    "a misspelt kind",
    [["/kind", "voucher-ofer"]],
    [
      "#/kind: \"kind\" must be \"voucher-offer\" or \"retake-policy\" (did you mean `voucher-offer`?)",
    ],
  ],
  [
    "a kind that is not text",
    [["/kind", 3]],
    [
      "#/kind: \"kind\" must be \"voucher-offer\" or \"retake-policy\"",
    ],
  ],
  [
    "no sources",
    [["/sources", REMOVE]],
    [
      "#/sources: \"sources\" is missing",
    ],
  ],
  [
    "sources that are not a list",
    [["/sources", "https://example.org"]],
    [
      "#/sources: \"sources\" must be a list",
    ],
  ],
  [
    "an empty list of sources",
    [["/sources", []]],
    [
      "#/sources: \"sources\" is empty: say where the terms come from",
    ],
  ],
  [
    "a source that is not an object",
    [["/sources", ["https://example.org/terms"]]],
    [
      "#/sources/0: a source must be an object with \"url\" and \"read\"",
    ],
  ],
  [
    "a source with an unknown field, no web address and a day that does not exist",
    [["/sources", [{"url": "example dot org", "read": "2026-02-30", "colour": 1}]]],
    [
      "#/sources/0/colour: unknown field \"colour\"",
      "#/sources/0/url: \"example dot org\" is not a web address",
      "#/sources/0/read: \"read\" (the date the terms were read) \"2026-02-30\" is not a day of 2026-02",
    ],
  ],
  [
    "a web address with words before or after it; a title and a note that are not text",
    [["/sources", [{"url": "see https://example.org/terms", "read": "2026-02-01", "title": 7, "note": ["x"]}, {"url": "https://example.org/terms (PDF)", "read": "2026-02-01"}]]],
    [
      "#/sources/0/url: \"see https://example.org/terms\" is not a web address",
      "#/sources/0/title: \"title\" must be non-empty text",
      "#/sources/0/note: \"note\" must be non-empty text",
      "#/sources/1/url: \"https://example.org/terms (PDF)\" is not a web address",
    ],
  ],
  [
    "a source without its web address: said missing, and nothing else of it",
    [["/sources/0/url", REMOVE]],
    [
      "#/sources/0/url: \"url\" is missing",
    ],
  ],
  [
    "an interpretation that is not an object; one without its reading",
    [["/interpretations", ["x", {"wording": "one day after"}]]],
    [
      "#/interpretations/0: an interpretation must be an object with \"wording\" and \"reading\"",
      "#/interpretations/1/reading: \"reading\" is missing",
    ],
  ],
  [
    "a voucher code that is not an object",
    [["/voucherCode", "SS-####"]],
    [
      "#/voucherCode: \"voucherCode\" must be an object with \"pattern\" and \"example\"",
    ],
  ],
  [
    "a voucher code pattern that is no regular expression",
    [["/voucherCode", {"pattern": "[A-Z", "example": "X1"}]],
    [
      "#/voucherCode/pattern: \"[A-Z\" is not a valid regular expression",
    ],
  ],
  [
    "a voucher code example its pattern refuses",
    [["/voucherCode", {"pattern": "^SS\\d+$", "example": "X1"}]],
    [
      "#/voucherCode/example: the example \"X1\" does not match the pattern",
    ],
  ],
  [
    "a voucher code without its pattern",
    [["/voucherCode", {"example": "X1"}]],
    [
      "#/voucherCode/pattern: \"pattern\" is missing",
    ],
  ],
  [
    "a voucher code with a misspelt field and no example: each said inside \"voucherCode\"",
    [["/voucherCode", {"pattern": "^SS\\d+$", "exmaple": "SS1"}]],
    [
      "#/voucherCode/exmaple: unknown field \"exmaple\" (did you mean `example`?)",
      "#/voucherCode/example: \"example\" is missing",
    ],
  ],
  [
    "parameters that are not an object: said once, not again at each use of a parameter",
    [["/parameters", []]],
    [
      "#/parameters: \"parameters\" must be an object of named values (dates, numbers, lists)",
    ],
  ],
  [
    "parameter names not in camelCase, or a fact's",
    [["/parameters/wait-days", 1], ["/parameters/bookingDate", "2026-01-01"]],
    [
      "#/parameters/wait-days: parameter name \"wait-days\" must be a single word in camelCase",
      "#/parameters/bookingDate: parameter \"bookingDate\" has the name of a fact; choose another name",
    ],
  ],
  [
    "a list parameter holding a number, an object parameter, a date with no month 13",
    [["/parameters/exams", ["70-298", 5]], ["/parameters/extra", {"a": 1}], ["/parameters/later", "2026-13-01"]],
    [
      "#/parameters/exams: a list parameter must hold text only",
      "#/parameters/extra: parameter \"extra\" must be a date, a number, true/false, text or a list of text",
      "#/parameters/later: parameter \"later\" \"2026-13-01\" has no month 13",
    ],
  ],
  [
    "text parameters with a date among their words: text, so not a date where one is needed",
    [["/parameters/since", "from 2026-01-01"], ["/parameters/until", "2026-07-31 or so"], ["/rules/0/event/params/opensOn", {"param": "since"}], ["/rules/2/event/params/deadline", {"param": "until"}]],
    [
      "#/parameters/since: parameter `since` must be a date, not \"from 2026-01-01\" (it is used at #/rules/0/event/params/opensOn)",
      "#/parameters/until: parameter `until` must be a date, not \"2026-07-31 or so\" (it is used at #/rules/2/event/params/deadline)",
    ],
  ],
  [
    "a required date missing, with a near name given",
    [["/parameters/retakeBy", REMOVE], ["/parameters/retakBy", "2026-07-31"]],
    [
      "#/parameters/retakeBy: \"retakeBy\" is missing: every offer gives the dates opens, firstAttemptBy and retakeBy (did you mean to name `retakBy` \"retakeBy\"?)",
    ],
  ],
  [
    "a required date missing",
    [["/parameters/opens", REMOVE]],
    [
      "#/parameters/opens: \"opens\" is missing: every offer gives the dates opens, firstAttemptBy and retakeBy",
    ],
  ],
  [
    "required dates that are not dates: a number, or a date in words",
    [["/parameters/firstAttemptBy", 20260630], ["/parameters/retakeBy", "31 July 2026"]],
    [
      "#/parameters/firstAttemptBy: \"firstAttemptBy\" must be a date written YYYY-MM-DD, not 20260630",
      "#/parameters/retakeBy: \"retakeBy\" must be a date written YYYY-MM-DD, not \"31 July 2026\"",
    ],
  ],
  [
    "\"appliesTo\" in an offer",
    [["/appliesTo", {"exams": ["70-*"]}]],
    [
      "#/appliesTo: \"appliesTo\" is for retake policies; an offer says what it covers in its rules",
    ],
  ],
  [
    "an empty list of rules",
    [["/rules", []]],
    [
      "#/rules: \"rules\" is empty: an offer with no rules decides nothing",
    ],
  ],
  [
    "rules that are not a list",
    [["/rules", {}]],
    [
      "#/rules: \"rules\" must be a list",
    ],
  ],
  [
    "a rule that is not an object",
    [["/rules/1", "when the offer ended"]],
    [
      "#/rules/1: a rule must be an object with \"conditions\" and \"event\"",
    ],
  ],
  [
    "a rule with an unknown field; conditions with no group",
    [["/rules/1/when", 1], ["/rules/1/conditions", {"fact": "bookingDate"}]],
    [
      "#/rules/1/when: unknown field \"when\"",
      "#/rules/1/conditions: \"conditions\" must start with \"all\", \"any\" or \"not\"",
    ],
  ],
  [
    "an event that is not an object",
    [["/rules/1/event", "not-eligible"]],
    [
      "#/rules/1/event: \"event\" must be an object with \"type\" and \"params\"",
    ],
  ],
  [
    "a misspelt event type; params that are not an object",
    [["/rules/1/event", {"type": "not-elegible", "params": "offer-ended"}]],
    [
      "#/rules/1/event/type: \"type\" must be one of first-attempt, free-retake, wait, not-eligible (did you mean `not-eligible`?)",
      "#/rules/1/event/params: \"params\" must be an object with a \"reason\"",
    ],
  ],
  [
    "a reason that is not a reason code; an unknown event field",
    [["/rules/1/event/params", {"reason": "Offer ended", "until": 1}]],
    [
      "#/rules/1/event/params/until: unknown field \"until\"",
      "#/rules/1/event/params/reason: \"reason\" must be a reason code: lower-case words joined by \"-\"",
    ],
  ],
  [
    "a rule whose name is not text, whose event has an unknown field",
    [["/rules/1/name", 5], ["/rules/1/event/when", "always"]],
    [
      "#/rules/1/name: \"name\" must be non-empty text",
      "#/rules/1/event/when: unknown field \"when\"",
    ],
  ],
  [
    "a reason with no message, given by two rules: said once, where the first gives it",
    [["/rules/0/event/params/reason", "too-soon"], ["/rules/2/event/params/reason", "too-soon"]],
    [
      "#/rules/0/event/params/reason: reason \"too-soon\" has no message in \"reasons\"",
    ],
  ],
  [
    "a reason that is a number",
    [["/rules/1/event/params/reason", 5]],
    [
      "#/rules/1/event/params/reason: \"reason\" must be a reason code: lower-case words joined by \"-\"",
    ],
  ],
  [
    "days to add that are nothing, a parameter named by a number, or a parameter that is not a whole number",
    [["/parameters/halfDay", 1.5], ["/rules/1/event/params/deadline", {"latest": [{"fact": "lastFailureOn", "plusDays": null}, {"fact": "lastFailureOn", "plusDays": {"param": 5}}, {"fact": "lastFailureOn", "plusDays": {"param": "halfDay"}}]}]],
    [
      "#/rules/1/event/params/deadline/latest/0/plusDays: \"plusDays\" must be a whole number of days or { \"param\": name }",
      "#/rules/1/event/params/deadline/latest/1/plusDays: \"plusDays\" must be a whole number of days or { \"param\": name }",
      "#/parameters/halfDay: parameter `halfDay` must be a whole number of days, not 1.5 (it is used at #/rules/1/event/params/deadline/latest/2/plusDays)",
    ],
  ],
  [
    "a wait that does not say when it ends",
    [["/rules/0/event/params/opensOn", REMOVE]],
    [
      "#/rules/0/event/params: a \"wait\" event must say when the wait ends: \"opensOn\"",
    ],
  ],
  [
    "groups: not a list, an empty \"any\", an empty \"all\", an item that is not an object",
    [["/rules/1/conditions", {"any": "x"}], ["/rules/2/conditions", {"any": []}], ["/rules/0/conditions", {"all": [1, {"all": []}]}]],
    [
      "#/rules/0/conditions/all/0: a condition must be an object",
      "#/rules/0/conditions/all/1/all: an empty \"all\" always matches: add conditions or remove it",
      "#/rules/1/conditions/any: \"any\" must be a list of conditions",
      "#/rules/2/conditions/any: an empty \"any\" never matches: add conditions or remove it",
    ],
  ],
  [
    "\"not\" holding a list (a \"not\" holding a condition is fine)",
    [["/rules/1/conditions", {"any": [{"not": []}, {"not": {"fact": "bookingDate", "operator": "after", "value": "2026-07-31"}}]}]],
    [
      "#/rules/1/conditions/any/0/not: \"not\" must hold one condition",
    ],
  ],
  [
    "a group beside another group",
    [["/rules/1/conditions/all", []]],
    [
      "#/rules/1/conditions/any: unknown field \"any\" (did you mean `all`?)",
      "#/rules/1/conditions/all: an empty \"all\" always matches: add conditions or remove it",
    ],
  ],
  [
    "conditions without a fact, with an unknown fact, without an operator, with an unknown operator, one that does not compare dates, without a value",
    [["/rules/1/conditions", {"any": [{"operator": "after", "value": "2026-01-01"}, {"fact": "bookingDay", "operator": "after", "value": "2026-01-01"}, {"fact": "bookingDate", "value": "2026-01-01"}, {"fact": "bookingDate", "operator": "afterr", "value": "2026-01-01"}, {"fact": "bookingDate", "operator": "lessThan", "value": 3}, {"fact": "bookingDate", "operator": "after"}]}]],
    [
      "#/rules/1/conditions/any/0/fact: \"fact\" is missing: a condition compares a fact with a value",
      "#/rules/1/conditions/any/1/fact: unknown fact `bookingDay` (did you mean `bookingDate`?)",
      "#/rules/1/conditions/any/2/operator: \"operator\" is missing",
      "#/rules/1/conditions/any/3/operator: unknown operator `afterr` (did you mean `after`?)",
      "#/rules/1/conditions/any/4/operator: `lessThan` does not compare dates (fact `bookingDate`); it takes a number",
      "#/rules/1/conditions/any/5/value: \"value\" is missing",
    ],
  ],
  [
    "values of the wrong type for their fact",
    [["/rules/1/conditions", {"any": [{"fact": "bookingDate", "operator": "after", "value": 20260101}, {"fact": "bookingDate", "operator": "after", "value": "2026-02-30"}, {"fact": "daysSinceLastFailure", "operator": "lessThan", "value": "3"}, {"fact": "examPassed", "operator": "equal", "value": "yes"}, {"fact": "voucherLastResult", "operator": "equal", "value": " "}, {"fact": "voucherLastResult", "operator": "in", "value": []}, {"fact": "voucherLastResult", "operator": "in", "value": ["fail", 7]}, {"fact": "exam", "operator": "examMatches", "value": []}, {"fact": "exam", "operator": "examMatches", "value": ["70-*", " ", "\u200b", 7]}, {"fact": "exam", "operator": "in", "value": {"fact": "voucherExam"}}]}]],
    [
      "#/rules/1/conditions/any/0/value: must be a date (YYYY-MM-DD), not 20260101",
      "#/rules/1/conditions/any/1/value: value \"2026-02-30\" is not a day of 2026-02",
      "#/rules/1/conditions/any/2/value: must be a number, not \"3\"",
      "#/rules/1/conditions/any/3/value: must be true or false, not \"yes\"",
      "#/rules/1/conditions/any/4/value: must be text, not \" \"",
      "#/rules/1/conditions/any/5/value: must be a non-empty list of texts",
      "#/rules/1/conditions/any/6/value/1: must be text, not 7",
      "#/rules/1/conditions/any/7/value: must be a non-empty list of exam patterns such as \"70-*\" or \"MB#-###\"",
      "#/rules/1/conditions/any/8/value/1: \" \" is not an exam pattern such as \"70-*\" or \"MB#-###\"",
      "#/rules/1/conditions/any/8/value/2: \"\\u200b\" is not an exam pattern such as \"70-*\" or \"MB#-###\"",
      "#/rules/1/conditions/any/8/value/3: 7 is not an exam pattern such as \"70-*\" or \"MB#-###\"",
      "#/rules/1/conditions/any/9/value: a value must be a literal, { \"param\": name } or { \"fact\": name }",
    ],
  ],
  [
    "values naming an unknown parameter, a parameter of another type (said once, where it is written), an unknown fact, a fact of another type",
    [["/rules/1/conditions", {"any": [{"fact": "bookingDate", "operator": "after", "value": {"param": "retakeByy"}}, {"fact": "bookingDate", "operator": "after", "value": {"param": "waitDays"}}, {"fact": "bookingDate", "operator": "before", "value": {"param": "waitDays"}}, {"fact": "bookingDate", "operator": "after", "value": {"fact": "lastFailureOnn"}}, {"fact": "bookingDate", "operator": "after", "value": {"fact": "daysSinceLastFailure"}}, {"fact": "bookingDate", "operator": "after", "value": {"fact": "lastFailureOn"}}, {"fact": "bookingDate", "operator": "after", "value": {"at": 1}}]}]],
    [
      "#/rules/1/conditions/any/0/value/param: unknown parameter `retakeByy` (did you mean `retakeBy`?)",
      "#/parameters/waitDays: must be a date (YYYY-MM-DD), not 1 (it is used at #/rules/1/conditions/any/1/value)",
      "#/rules/1/conditions/any/3/value/fact: unknown fact `lastFailureOnn` (did you mean `lastFailureOn`?)",
      "#/rules/1/conditions/any/4/value/fact: fact `daysSinceLastFailure` is a number, not a date (YYYY-MM-DD)",
      "#/rules/1/conditions/any/6/value: a value must be a literal, { \"param\": name } or { \"fact\": name }",
    ],
  ],
  [
    "an event type that is not text",
    [["/rules/1/event/type", 3]],
    [
      "#/rules/1/event/type: \"type\" must be one of first-attempt, free-retake, wait, not-eligible",
    ],
  ],
  [
    "inside a \"not\": a fact and an operator like none known, each pointed to its catalogue",
    [["/rules/1/conditions", {"not": {"all": [{"fact": "qqqqqqqq", "operator": "after", "value": "2026-01-01"}, {"fact": "bookingDate", "operator": "qqqqqqqq", "value": "2026-01-01"}]}}]],
    [
      "#/rules/1/conditions/not/all/0/fact: unknown fact `qqqqqqqq` (see the catalogue of facts in rules/README.md)",
      "#/rules/1/conditions/not/all/1/operator: unknown operator `qqqqqqqq` (see the catalogue of operators in rules/README.md)",
    ],
  ],
  [
    "an operator that takes facts of two types, given a fact of a third",
    [["/rules/1/conditions", {"any": [{"fact": "bookingDate", "operator": "in", "value": ["2026-01-01"]}]}]],
    [
      "#/rules/1/conditions/any/0/operator: `in` does not compare dates (fact `bookingDate`); it takes text or an exam code",
    ],
  ],
  [
    "a list parameter: used as a date, even a list of one date is not one; a wrong item of a list used as patterns is said at the item",
    [["/parameters/held", ["2026-03-01"]], ["/parameters/covered", ["70-*", " "]], ["/rules/0/event/params/opensOn", {"param": "held"}], ["/rules/1/conditions", {"any": [{"fact": "exam", "operator": "examMatches", "value": {"param": "covered"}}]}]],
    [
      "#/parameters/held: parameter `held` must be a date, not a list (it is used at #/rules/0/event/params/opensOn)",
      "#/parameters/covered/1: \" \" is not an exam pattern such as \"70-*\" or \"MB#-###\" (it is used at #/rules/1/conditions/any/0/value)",
    ],
  ],
  [
    "dates of events: not a date expression, an empty \"earliest\", and each wrong part of a \"latest\"",
    [["/rules/0/event/params/opensOn", 5], ["/rules/2/event/params/deadline", {"earliest": []}], ["/rules/1/event/params/deadline", {"latest": ["2026-02-30", {"param": "nope"}, {"param": "waitDays"}, {"fact": "bookingDay"}, {"fact": "daysSinceLastFailure"}, {"fact": "lastFailureOn", "plusDays": 1.5}, {"fact": "lastFailureOn", "plusDays": {"param": "opens"}}, {"fact": "lastFailureOn", "plusDays": {"param": "nope"}}, {"fact": "lastFailureOn", "plusDays": {"param": "waitDays"}}, {"when": 1}]}]],
    [
      "#/rules/0/event/params/opensOn: must be a date, { \"param\": name }, { \"fact\": name, \"plusDays\": n }, { \"earliest\": [...] } or { \"latest\": [...] }",
      "#/rules/1/event/params/deadline/latest/0: date \"2026-02-30\" is not a day of 2026-02",
      "#/rules/1/event/params/deadline/latest/1/param: unknown parameter `nope`",
      "#/parameters/waitDays: parameter `waitDays` must be a date, not 1 (it is used at #/rules/1/event/params/deadline/latest/2)",
      "#/rules/1/event/params/deadline/latest/3/fact: unknown fact `bookingDay` (did you mean `bookingDate`?)",
      "#/rules/1/event/params/deadline/latest/4/fact: fact `daysSinceLastFailure` is a number, not a date",
      "#/rules/1/event/params/deadline/latest/5/plusDays: \"plusDays\" must be a whole number of days or { \"param\": name }",
      "#/parameters/opens: parameter `opens` must be a whole number of days, not \"2026-01-01\" (it is used at #/rules/1/event/params/deadline/latest/6/plusDays)",
      "#/rules/1/event/params/deadline/latest/7/plusDays/param: unknown parameter `nope`",
      "#/rules/1/event/params/deadline/latest/9: must be a date, { \"param\": name }, { \"fact\": name, \"plusDays\": n }, { \"earliest\": [...] } or { \"latest\": [...] }",
      "#/rules/2/event/params/deadline/earliest: \"earliest\" must be a non-empty list of dates",
    ],
  ],
  [
    "reasons that are not an object",
    [["/reasons", []]],
    [
      "#/reasons: \"reasons\" must map each reason code to its message",
    ],
  ],
  [
    "a message naming a date that a rule giving it does not give (candidates would read \"{deadline}\")",
    [["/reasons/offer-ended", "The offer ended on {retakeBy}; book by {deadline}, from {opensOn}."], ["/rules/0/event/params/reason", "offer-ended"]],
    [
      "#/reasons/offer-ended: the message names {opensOn}, but the rule at #/rules/1 gives it with no \"opensOn\" (add \"opensOn\" to the event of each rule named, or leave {opensOn} out)",
      "#/reasons/offer-ended: the message names {deadline}, but the rules at #/rules/0, #/rules/1 give it with no \"deadline\" (add \"deadline\" to the event of each rule named, or leave {deadline} out)",
    ],
  ],
  [
    "a reason message that is not text",
    [["/reasons/offer-ended", 5]],
    [
      "#/reasons/offer-ended: a reason message must be non-empty text",
    ],
  ],
  [
    "notes to the next editor (\"$comment\") in the file, a source, a rule and an example are welcome",
    [["/$comment", "TODO: check the 2027 terms"], ["/sources/0/$comment", "the PDF"], ["/rules/0/$comment", "24 hours"], ["/examples/0/$comment", "from the FAQ"]],
    [],
  ],
  [
    "a blank reason message, an unknown placeholder, a reason with no message",
    [["/reasons", {"retake-too-early": " ", "offer-ended": "Ended on {retakeByy}."}]],
    [
      "#/reasons/retake-too-early: a reason message must be non-empty text",
      "#/reasons/offer-ended: unknown placeholder {retakeByy} (did you mean `retakeBy`?)",
      "#/rules/2/event/params/reason: reason \"free-retake-covered\" has no message in \"reasons\"",
    ],
  ],
  [
    "statuses that are not an object",
    [["/statuses", "x"]],
    [
      "#/statuses: \"statuses\" must map statuses (unused, booked, \u2026) to their wording",
    ],
  ],
  [
    "statuses: an unknown status, one that is not an object, an unknown sentence and placeholder, labels and expiring reasons no rule gives",
    [["/statuses", {"unused": "Not yet used", "ended": {}, "booked": {"nextStep": "Take {exam} by {nope}.", "when": "x"}, "used": {"labelsByReason": {"offer-ended": " ", "no-such-reason": "x", "free-retake-covered": "Covered to {nope}, {voucherCode}"}}, "expired": {"reasons": ["offer-ended", "offer-endd", 3], "neverUsed": "Ended {deadline}."}}]],
    [
      "#/statuses/ended: unknown field \"ended\"",
      "#/statuses/unused: \"unused\" must be an object of sentences: label, nextStep, beforeOpening",
      "#/statuses/booked/when: unknown field \"when\"",
      "#/statuses/booked/nextStep: unknown placeholder {nope}",
      "#/statuses/used/labelsByReason/offer-ended: a label must be non-empty text",
      "#/statuses/used/labelsByReason/no-such-reason: \"no-such-reason\" is not a reason any rule of this file gives",
      "#/statuses/used/labelsByReason/free-retake-covered: unknown placeholder {nope}",
      "#/statuses/expired/reasons/1: \"offer-endd\" is not a reason any rule of this file gives (did you mean `offer-ended`?)",
      "#/statuses/expired/reasons/2: 3 is not a reason any rule of this file gives",
    ],
  ],
  [
    "expiring reasons and labels by reason in a status they do not belong to; an expired status may give neither",
    [["/statuses", {"booked": {"reasons": ["nope"], "labelsByReason": {"nope": "x"}}, "expired": {"neverUsed": "Ended {deadline}."}}]],
    [
      "#/statuses/booked/reasons: unknown field \"reasons\"",
      "#/statuses/booked/labelsByReason: unknown field \"labelsByReason\"",
    ],
  ],
  [
    "a label that is not text",
    [["/statuses", {"used": {"labelsByReason": {"offer-ended": 5}}}]],
    [
      "#/statuses/used/labelsByReason/offer-ended: a label must be non-empty text",
    ],
  ],
  [
    "labels by reason that are not an object; expiring reasons that are not a list",
    [["/statuses", {"used": {"labelsByReason": []}, "expired": {"reasons": "offer-ended", "labelsByReason": {"offer-ended": "Ended"}}}]],
    [
      "#/statuses/used/labelsByReason: \"labelsByReason\" must map reason codes to labels",
      "#/statuses/expired/reasons: \"reasons\" must be a list of reason codes, e.g. [\"offer-ended\"]",
    ],
  ],
  [
    "a retake name that is not text",
    [["/retakeName", 3]],
    [
      "#/retakeName: \"retakeName\" must be non-empty text",
    ],
  ],
  [
    "an empty list of examples",
    [["/examples", []]],
    [
      "#/examples: \"examples\" is empty: give at least one worked example",
    ],
  ],
  [
    "an example that is not an object; one whose history and ask are not objects",
    [["/examples", ["x", {"name": "n", "history": [], "ask": "today", "expect": {}}]]],
    [
      "#/examples/0: an example must be an object with \"name\", \"history\", \"ask\" and \"expect\"",
      "#/examples/1/history: \"history\" must be an object with \"vouchers\" and \"attempts\"",
      "#/examples/1/ask: \"ask\" must be an object with at least \"on\"",
    ],
  ],
  [
    "an example asked on a day that does not exist, with an exam date but no exam, and an \"expect\" that is not an object",
    [["/examples/0/ask", {"on": "2026-02-31", "examOn": "soon", "when": 1}], ["/examples/0/expect", "free"]],
    [
      "#/examples/0/ask/when: unknown field \"when\"",
      "#/examples/0/ask/on: \"on\" \"2026-02-31\" is not a day of 2026-02",
      "#/examples/0/ask/examOn: \"examOn\" \"soon\" is not a date written YYYY-MM-DD",
      "#/examples/0/ask/examOn: \"examOn\" is the date of the exam asked about: give \"exam\" and \"provider\" too",
      "#/examples/0/expect: \"expect\" must be an object",
    ],
  ],
  [
    "an example naming an exam but no provider, expecting unknown fields and dates that are not dates",
    [["/examples/0/ask", {"on": "2026-02-02", "exam": "70-298"}], ["/examples/0/expect", {"decision": "wait", "opensOn": "x", "deadline": "2026-02-30", "why": 1}]],
    [
      "#/examples/0/ask: give both \"exam\" and \"provider\", or neither (to ask for the status)",
      "#/examples/0/expect/why: unknown field \"why\"",
      "#/examples/0/expect/opensOn: \"opensOn\" \"x\" is not a date written YYYY-MM-DD",
      "#/examples/0/expect/deadline: \"deadline\" \"2026-02-30\" is not a day of 2026-02",
    ],
  ],
];

const POLICY_CASES: Case[] = [
  [
    "a misspelt kind",
    [["/kind", "retake-polcy"]],
    [
      "#/kind: \"kind\" must be \"voucher-offer\" or \"retake-policy\" (did you mean `retake-policy`?)",
      "#/appliesTo: \"appliesTo\" is for retake policies; an offer says what it covers in its rules",
    ],
  ],
  [
    "no \"appliesTo\"",
    [["/appliesTo", REMOVE]],
    [
      "#/appliesTo: a retake policy must say what it \"appliesTo\": { \"exams\": [patterns] }",
    ],
  ],
  [
    "\"appliesTo\": an empty list of exams, a pattern of invisible characters, providers that are not a list, dates that are not dates, an unknown field",
    [["/appliesTo", {"exams": [], "excludeExams": ["AZ-*", "\u200b\u00ad"], "providers": "pearson-vue", "from": "2020-13-01", "until": 5, "to": 1}]],
    [
      "#/appliesTo/to: unknown field \"to\"",
      "#/appliesTo/exams: must be a non-empty list of exam patterns such as \"70-*\" or \"MB#-###\"",
      "#/appliesTo/excludeExams/1: \"\\u200b\\u00ad\" is not an exam pattern such as \"70-*\" or \"MB#-###\"",
      "#/appliesTo/providers: \"providers\" must be a list of provider ids",
      "#/appliesTo/from: \"from\" \"2020-13-01\" has no month 13",
      "#/appliesTo/until: \"until\" must be a date written YYYY-MM-DD",
    ],
  ],
  [
    "\"appliesTo\": exams that are not a list, a blank pattern, a provider that is not text",
    [["/appliesTo", {"exams": "AZ-###", "excludeExams": [" "], "providers": ["pearson-vue", 1]}]],
    [
      "#/appliesTo/exams: must be a non-empty list of exam patterns such as \"70-*\" or \"MB#-###\"",
      "#/appliesTo/excludeExams/0: \" \" is not an exam pattern such as \"70-*\" or \"MB#-###\"",
      "#/appliesTo/providers: \"providers\" must be a list of provider ids",
    ],
  ],
  [
    "statuses and a retake name in a policy; an offer's decision",
    [["/statuses", {}], ["/retakeName", "Second Shot"], ["/rules/0/event/type", "free-retake"]],
    [
      "#/rules/0/event/type: \"type\" must be one of allowed, wait, not-eligible",
      "#/statuses: \"statuses\" words a voucher offer's statuses; a retake policy has none",
      "#/retakeName: \"retakeName\" names a voucher offer's retake; a retake policy gives none",
    ],
  ],
];

describe('an offer file is refused where it is wrong', () => {
  it('(the files edited below are valid as they are)', () => {
    expect(problems(OFFER, [])).toEqual([]);
    expect(problems(POLICY, [])).toEqual([]);
  });

  it('a file that is not a JSON object', () => {
    for (const value of [[], null, 'offer', 3]) {
      expect(validateOfferFile(value, 'x.json')).toEqual({ ok: false, problems: [{ file: 'x.json', pointer: '', message: 'an offer file must be a JSON object' }] });
    }
  });

  it('a name that is not a .json file\'s (an unsaved draft): the id is not held to it', () => {
    const file = readFileSync(join(ROOT, OFFER), 'utf8');
    expect(validateOfferFile(JSON.parse(file), 'untitled draft')).toMatchObject({ ok: true });
  });

  it('an empty object: every required field named', () => {
    expect(validateOfferFile({}, 'x.json')).toMatchObject({ ok: false, problems: [
      { pointer: '/id', message: '"id" is missing' },
      { pointer: '/title', message: '"title" is missing' },
      { pointer: '/sponsor', message: '"sponsor" is missing' },
      { pointer: '/summary', message: '"summary" is missing' },
      { pointer: '/kind', message: '"kind" must be "voucher-offer" or "retake-policy"' },
      { pointer: '/sources', message: '"sources" is missing' },
      { pointer: '/interpretations', message: '"interpretations" is missing' },
      { pointer: '/parameters', message: '"parameters" must be an object of named values (dates, numbers, lists)' },
      { pointer: '/rules', message: '"rules" is missing' },
      { pointer: '/reasons', message: '"reasons" must map each reason code to its message' },
      { pointer: '/examples', message: '"examples" is missing' },
    ] });
  });

  for (const [what, edits, expected] of OFFER_CASES) it(what, () => expect(problems(OFFER, edits)).toEqual(expected));
});

describe('a retake policy is refused where it is wrong', () => {
  for (const [what, edits, expected] of POLICY_CASES) it(what, () => expect(problems(POLICY, edits)).toEqual(expected));
});
