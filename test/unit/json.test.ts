import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { decodeJsonBytes, locatePointer, readJson } from '../../shared/json.ts';
import { formatProblem } from '../../shared/problems.ts';

const text = `{
  "id": "x",
  "parameters": { "opens": "2007-09-15", "a/b": 1 },
  "rules": [
    { "conditions": { "all": [] } },
    {
      "conditions": { "any": [ { "fact": "exam", "value": "70-298" } ] }
    }
  ]
}`;

function refusal(json: string, limits = {}): string {
  const read = readJson(json, 'offer.json', limits);
  if (read.ok) throw new Error(`accepted ${json}`);
  expect(read.problems).toHaveLength(1);
  return formatProblem(read.problems[0] as never);
}

describe('locatePointer', () => {
  it('finds values by pointer, counting lines and columns from 1', () => {
    expect(locatePointer(text, '')).toEqual({ line: 1, column: 1, offset: 0 });
    expect(locatePointer(text, '/id')).toMatchObject({ line: 2, column: 9 });
    expect(locatePointer(text, '/parameters/opens')).toMatchObject({ line: 3, column: 28 });
    expect(locatePointer(text, '/parameters/a~1b')).toMatchObject({ line: 3, column: 49 });
    expect(locatePointer(text, '/rules/1/conditions/any/0/value')).toMatchObject({ line: 7, column: 59 });
    expect(locatePointer(text, '/rules/0/conditions/all')).toMatchObject({ line: 5, column: 30 });
  });

  it('puts a missing field at its parent', () => {
    expect(locatePointer(text, '/parameters/retakeBy')).toMatchObject({ line: 3, column: 17 });
    expect(locatePointer(text, '/rules/5')).toMatchObject({ line: 4, column: 12 });
  });

  it('gives up on text that is not JSON', () => {
    expect(locatePointer('{ "a": ', '/a/b')).toBeNull();
  });
});

describe('readJson', () => {
  it('reads the value and locates pointers in it', () => {
    const read = readJson(text, 'offer.json');
    if (!read.ok) throw new Error('refused');
    expect(read.value).toMatchObject({ id: 'x', parameters: { opens: '2007-09-15' } });
    expect(read.locate('/rules/1/conditions')).toMatchObject({ line: 7, column: 21 });
  });

  it('points at a trailing comma where it stands, not at the start of the file', () => {
    expect(refusal('{\n  "a": 1,\n  "b": [1, 2,\n  ]\n}')).toBe('offer.json:3:13: is not valid JSON: trailing comma before ]');
    expect(refusal('{\n  "a": 1,\n}')).toBe('offer.json:2:9: is not valid JSON: trailing comma before }');
  });

  it('names each kind of syntax error with its line and column', () => {
    expect(refusal('{\n  "a" 1\n}')).toBe('offer.json:2:7: is not valid JSON: expected a colon after the field name');
    expect(refusal("{'a': 1}")).toMatch(/^offer\.json:1:2: is not valid JSON: unexpected character, found "'a'"$/);
    expect(refusal('{"a": 1 // note\n}')).toBe('offer.json:1:9: is not valid JSON: comments are not allowed in JSON');
    expect(refusal('{"a": "b')).toMatch(/^offer\.json:1:7: is not valid JSON: a string is not closed/);
    expect(refusal('')).toBe('offer.json:1:1: is not valid JSON: expected a value: the text ends too early');
    expect(refusal('{"a": 1} {"b": 2}')).toMatch(/^offer\.json:1:10: /);
  });

  it('refuses a field written twice, naming both places', () => {
    expect(refusal('{\n  "opens": "2007-09-15",\n  "opens": "2007-10-01"\n}')).toBe(
      'offer.json#/opens: duplicate field "opens" (first written at line 2, column 3); write each field once',
    );
    const read = readJson('{"a": {"b": 1,\n "b": 2}}', 'f');
    expect(read.ok ? null : read.problems[0]).toMatchObject({ pointer: '/a/b', line: 2, column: 2 });
  });

  it('accepts a UTF-8 byte order mark and counts positions after it', () => {
    const read = readJson('\ufeff{\n "a": 1}', 'f');
    expect(read.ok && read.value).toEqual({ a: 1 });
    expect(refusal('\ufeff{"a": 1,}')).toBe('offer.json:1:8: is not valid JSON: trailing comma before }');
  });

  it('keeps a "__proto__" field as data instead of changing the prototype', () => {
    const read = readJson('{"__proto__": {"polluted": true}}', 'f');
    if (!read.ok) throw new Error('refused');
    expect(Object.getPrototypeOf(read.value)).toBe(Object.prototype);
    expect(Object.keys(read.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses text over the size limit by its size, before reading it', () => {
    expect(refusal(`"${'x'.repeat(3 * 1024 * 1024)}"`, { maxBytes: 2 * 1024 * 1024 })).toBe('offer.json#/: is 3 MB; the limit is 2 MB');
    // Multi-byte characters count as the bytes they take in UTF-8.
    expect(refusal(`"${'é'.repeat(600)}"`, { maxBytes: 1024 })).toBe('offer.json#/: is 1.2 KB; the limit is 1 KB');
    expect(readJson(`"${'é'.repeat(500)}"`, 'f', { maxBytes: 1024 }).ok).toBe(true);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    expect(refusal(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe('offer.json:1:65: nests objects and lists more than 64 deep');
    expect(readJson(`${'['.repeat(64)}${']'.repeat(64)}`, 'f').ok).toBe(true);
    expect(refusal(`{"a": "[[[[", "b": ${'['.repeat(4)}${']'.repeat(4)}}`, { maxDepth: 4 })).toBe('offer.json:1:23: nests objects and lists more than 4 deep');
  });

  it('refuses NUL characters (UTF-16 or binary read as text) instead of echoing them', () => {
    const message = refusal('{\u0000"\u0000a\u0000"');
    expect(message).toBe('offer.json:1:2: contains NUL characters: it is UTF-16 or binary, not UTF-8 JSON text');
  });

  it('echoes at most a short, escaped piece of the text', () => {
    const message = refusal(`{"a": \u001b]0;evil\u0007${'x'.repeat(10_000)}}`);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message.length).toBeLessThan(200);
  });
});

/** Strict JSON as jsonc-parser reads it, character by character: no syntax error and no field written twice in one object. */
function strictlyValid(json: string): boolean {
  let valid = true;
  const fields: Set<string>[] = [];
  visit(json, {
    onObjectBegin: () => void fields.push(new Set()),
    onObjectEnd: () => void fields.pop(),
    onObjectProperty: (name) => {
      const seen = fields[fields.length - 1];
      if (seen?.has(name)) valid = false;
      seen?.add(name);
    },
    onError: () => void (valid = false),
  }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return valid;
}

// Field names that look like JSON's own structure, so that a reader fooled by what is inside strings shows.
const fieldName = fc.constantFrom('a', 'b', 'a:b', '{', '}', '[', ']', '"', '\\', '\\"', '__proto__', 'é', ':', '');
const space = fc.constantFrom('', ' ', '\n  ', '\t');
/** JSON texts whose objects often write a field twice, with spacing of every kind. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ text: string }>((tie) => ({
  text: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }).map((value) => JSON.stringify(value)),
    fc.array(fc.tuple(fieldName, space, tie('text')), { maxLength: 4 }).map((fields) => `{${fields.map(([name, gap, value]) => `${JSON.stringify(name)}${gap}:${gap}${value}`).join(',')}}`),
    fc.array(tie('text'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  ),
})).text;
/** A valid text with one character inserted or deleted where it matters most. */
const damagedText = fc.tuple(jsonText, fc.nat(), fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', ' ', '')).map(([json, at, c]) => {
  const i = json.length === 0 ? 0 : at % json.length;
  return c === '' ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + c + json.slice(i);
});

describe('readJson against a strict character-by-character reading', () => {
  it('accepts exactly the texts with no syntax error and no field written twice, with the values they write', () => {
    fc.assert(
      fc.property(fc.oneof(jsonText, damagedText), (json) => {
        const read = readJson(json, 'f.json');
        expect(read.ok).toBe(strictlyValid(json));
        if (read.ok) expect(read.value).toEqual(JSON.parse(json));
        else expect(read.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a field written twice however far down, and names it', () => {
    const deep = `${'{"x": '.repeat(40)}{"a": 1, "b": {"c": ":"}, "a": 2}${'}'.repeat(40)}`;
    const read = readJson(deep, 'f.json');
    expect(read.ok ? null : read.problems[0]?.pointer).toBe(`${'/x'.repeat(40)}/a`);
  });
});

describe('decodeJsonBytes', () => {
  const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('decodes UTF-8 with or without a byte order mark', () => {
    expect(decodeJsonBytes(utf8('{"a": "é😀"}'), 'f')).toEqual({ ok: true, text: '{"a": "é😀"}' });
    expect(decodeJsonBytes(bytes(0xef, 0xbb, 0xbf, ...utf8('{}')), 'f')).toEqual({ ok: true, text: '{}' });
    const long = 'ab'.repeat(20_000);
    expect(decodeJsonBytes(utf8(long), 'f')).toEqual({ ok: true, text: long });
  });

  it('refuses UTF-16 by name, with or without a byte order mark', () => {
    const le = (s: string): number[] => [...s].flatMap((c) => [c.charCodeAt(0), 0]);
    for (const file of [bytes(0xff, 0xfe, ...le('{}')), bytes(0xfe, 0xff, 0, 0x7b, 0, 0x7d), bytes(...le('{"a": 1}'))]) {
      expect(decodeJsonBytes(file, 'h.json')).toEqual({ ok: false, problems: [{ file: 'h.json', pointer: '', message: 'is UTF-16 text; save it as UTF-8' }] });
    }
  });

  it('refuses binary files and text in other encodings', () => {
    expect(decodeJsonBytes(bytes(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48), 'f')).toMatchObject({ ok: false, problems: [{ message: 'is a binary file, not JSON text' }] });
    // Latin-1 "é", an overlong "/", a surrogate, a cut sequence.
    for (const file of [bytes(0x22, 0xe9, 0x22), bytes(0xc0, 0xaf), bytes(0xed, 0xa0, 0x80), bytes(0x22, 0xe2, 0x82)]) {
      expect(decodeJsonBytes(file, 'f')).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/^is not UTF-8 text/) }] });
    }
  });
});
