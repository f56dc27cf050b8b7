// The one strict JSON reader for every file the product reads: offer and site files, the rules
// index, history files and backups, link messages. jsonc-parser gives exact positions in every
// engine (V8's own messages carry none for some errors, and no browser's message is a contract);
// on top of it: duplicate keys refused, limits on size and nesting, and a short message per problem.

import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { type Problem, quote } from './problems.ts';

export interface JsonLimits {
  /** Largest accepted text, in UTF-8 bytes. */
  maxBytes: number;
  /** Deepest accepted nesting of objects and arrays. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };

export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  /** 0-based offset into the text. */
  offset: number;
}

export type JsonRead =
  | { ok: true; value: unknown; locate(pointer: string): TextPosition }
  | { ok: false; problems: Problem[] };

/** "20 MB", "512 KB", "900 bytes": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Text from a file's bytes: UTF-8 with or without a BOM. Other encodings are refused by name,
 * since decoding them as UTF-8 would put NUL bytes and replacement characters into messages.
 */
export function decodeJsonBytes(bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; problems: Problem[] } {
  const refuse = (message: string): { ok: false; problems: Problem[] } => ({ ok: false, problems: [{ file, pointer: '', message }] });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return refuse('is UTF-16 text; save it as UTF-8');
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) {
    // UTF-16 without a BOM puts a NUL beside every ASCII character.
    const evenNuls = sample.filter((b, i) => b === 0 && i % 2 === 0).length;
    const oddNuls = sample.filter((b, i) => b === 0 && i % 2 === 1).length;
    if (Math.max(evenNuls, oddNuls) * 4 >= sample.length && Math.min(evenNuls, oddNuls) === 0) return refuse('is UTF-16 text; save it as UTF-8');
    return refuse('is a binary file, not JSON text');
  }
  const text = decodeUtf8(bytes);
  return text === null ? refuse('is not UTF-8 text (a binary file, or another encoding: save it as UTF-8)') : { ok: true, text };
}

/**
 * Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF), or null. Written out
 * because the core runs where TextDecoder is not in its type library.
 */
function decodeUtf8(bytes: Uint8Array): string | null {
  const units: number[] = [];
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    let length = 0;
    let point = 0;
    let min = 0;
    if (b < 0x80) [length, point, min] = [1, b, 0];
    else if (b >= 0xc2 && b < 0xe0) [length, point, min] = [2, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b < 0xf0) [length, point, min] = [3, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b < 0xf5) [length, point, min] = [4, b & 0x07, 0x10000];
    else return null;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return null;
      point = (point << 6) | (next & 0x3f);
    }
    if (point < min || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) return null;
    if (point >= 0x10000) units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
    else units.push(point);
    i += length;
    if (units.length >= 8192) text += String.fromCharCode(...units.splice(0));
  }
  text += String.fromCharCode(...units);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// jsonc-parser's codes are a const enum, which isolated modules cannot read: go by their names.
const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'a number is not written as JSON writes numbers',
  PropertyNameExpected: 'expected a field name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon after the field name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected } to close the object',
  CloseBracketExpected: 'expected ] to close the list',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a \\u escape is not four hexadecimal digits',
  InvalidEscapeCharacter: 'unknown escape after a backslash',
  InvalidCharacter: 'a control character inside a string must be escaped',
};

function syntaxProblem(text: string, file: string, error: ParseError | undefined): Problem {
  let offset = error?.offset ?? text.length;
  const code = error ? printParseErrorCode(error.error) : 'ValueExpected';
  let message = SYNTAX[code] ?? 'not JSON';
  // A trailing comma shows up as a missing name or value at the closing bracket: point at the comma.
  if (code === 'PropertyNameExpected' || code === 'ValueExpected') {
    const close = text[offset];
    let before = offset - 1;
    while (before >= 0 && /\s/.test(text[before] ?? '')) before--;
    if ((close === '}' || close === ']') && text[before] === ',') {
      offset = before;
      message = `trailing comma before ${close}`;
    }
  }
  if (offset >= text.length) message = `${message}: the text ends too early`;
  else if (!message.startsWith('trailing comma') && (code === 'InvalidSymbol' || code === 'ValueExpected' || code === 'CommaExpected')) {
    message = `${message}, found ${quote(text.slice(offset, offset + Math.max(1, Math.min(error?.length ?? 1, 20))))}`;
  }
  const at = positionAt(text, offset);
  return { file, pointer: '', line: at.line, column: at.column, message: `is not valid JSON: ${message}` };
}

/** Where nesting first goes deeper than `maxDepth`, scanning without recursion. */
function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value of a syntax tree, with duplicate keys reported; own "__proto__" keys stay plain data. */
function valueOf(node: Node, pointer: string, text: string, file: string, problems: Problem[]): unknown {
  if (node.type === 'object') {
    const object: Record<string, unknown> = {};
    const firstAt = new Map<string, number>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      const key = String(keyNode.value);
      const at = `${pointer}/${escapePointerSegment(key)}`;
      const first = firstAt.get(key);
      if (first !== undefined) {
        const here = positionAt(text, keyNode.offset);
        const there = positionAt(text, first);
        problems.push({ file, pointer: at, line: here.line, column: here.column, message: `duplicate field ${quote(key)} (first written at line ${there.line}, column ${there.column}); write each field once` });
        continue;
      }
      firstAt.set(key, keyNode.offset);
      Object.defineProperty(object, key, { value: valueOf(valueNode, at, text, file, problems), enumerable: true, writable: true, configurable: true });
    }
    return object;
  }
  if (node.type === 'array') return (node.children ?? []).map((child, index) => valueOf(child, `${pointer}/${index}`, text, file, problems));
  return node.value as unknown;
}

function decodePointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Where the value at `pointer` starts (for a missing field or item: its nearest parent that exists). */
function locateIn(root: Node, text: string, pointer: string): TextPosition {
  let node = root;
  for (const segment of decodePointer(pointer)) {
    const child =
      node.type === 'object'
        ? node.children?.find((property) => property.children?.[0]?.value === segment)?.children?.[1]
        : node.type === 'array' && /^\d+$/.test(segment)
          ? node.children?.[Number(segment)]
          : undefined;
    if (child === undefined) break;
    node = child;
  }
  return positionAt(text, node.offset);
}

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** The syntax tree of text already read as valid, for locating pointers in it. */
function syntaxTree(text: string): Node {
  const root = parseTree(text, [], PARSE_OPTIONS);
  if (root === undefined) throw new Error('a JSON text read as valid has no syntax tree');
  return root;
}

/** Strings (an unclosed one runs to the end, so the scan stays linear on any text), then all but brackets and colons. */
const STRING = /"(?:[^"\\]|\\[\s\S])*"?/g;
const NOT_STRUCTURE = /[^{}[\]:]/g;

/** The fields of every object in a value read by JSON.parse. */
function countFields(value: object): number {
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  let fields = Array.isArray(value) ? 0 : children.length;
  for (const child of children) if (typeof child === 'object' && child !== null) fields += countFields(child);
  return fields;
}

/**
 * The value of a text with nothing wrong in it, read by the engine's own JSON.parse; undefined
 * when something may be wrong, for the slower reading to say what. jsonc-parser walks the text
 * character by character in JavaScript, which costs the app ~100 ms of start-up for its rule
 * files; here native code does the reading. JSON.parse keeps the last of a field written twice,
 * so the fields it read are counted against the text's colons outside strings (one per field).
 */
function readValid(text: string, maxDepth: number): { value: unknown } | undefined {
  const structure = text.replace(STRING, '').replace(NOT_STRUCTURE, '');
  let depth = 0;
  let colons = 0;
  for (let i = 0; i < structure.length; i++) {
    const c = structure.charCodeAt(i);
    if (c === 0x3a) colons++;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return undefined;
    } else depth--;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fields = typeof value === 'object' && value !== null ? countFields(value) : 0;
  return fields === colons ? { value } : undefined;
}

/** Reads JSON text strictly; every refusal names the file, the place and what is wrong. */
export function readJson(text: string, file: string, limits: Partial<JsonLimits> = {}): JsonRead {
  const { maxBytes, maxDepth } = { ...DEFAULT_JSON_LIMITS, ...limits };
  const refuse = (problem: Omit<Problem, 'file'>): JsonRead => ({ ok: false, problems: [{ file, ...problem }] });
  // A UTF-16 code unit takes at most 3 bytes in UTF-8: a short text needs no counting.
  const bytes = text.length * 3 > maxBytes ? utf8Length(text) : 0;
  if (bytes > maxBytes) return refuse({ pointer: '', message: `is ${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)}` });
  // A BOM is invisible to people, so positions are counted after it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf('\u0000');
  if (nul !== -1) {
    const at = positionAt(body, nul);
    return refuse({ pointer: '', line: at.line, column: at.column, message: 'contains NUL characters: it is UTF-16 or binary, not UTF-8 JSON text' });
  }
  const valid = readValid(body, maxDepth);
  if (valid) {
    let tree: Node | undefined;
    return { ok: true, value: valid.value, locate: (pointer) => locateIn((tree ??= syntaxTree(body)), body, pointer) };
  }
  // Something is wrong with the text: the slower reading below finds what, and where.
  const deep = tooDeepAt(body, maxDepth);
  if (deep !== -1) {
    const at = positionAt(body, deep);
    return refuse({ pointer: '', line: at.line, column: at.column, message: `nests objects and lists more than ${maxDepth} deep` });
  }
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, PARSE_OPTIONS);
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    return { ok: false, problems: [syntaxProblem(body, file, first)] };
  }
  const problems: Problem[] = [];
  const value = valueOf(root, '', body, file, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value,
    locate: (pointer) => locateIn(root, body, pointer),
  };
}

/** Where a JSON pointer's value starts in a text, for editors and `file:line:column` messages. */
export function locatePointer(text: string, pointer: string): TextPosition | null {
  const read = readJson(text, '', { maxBytes: Number.MAX_SAFE_INTEGER });
  return read.ok ? read.locate(pointer) : null;
}
