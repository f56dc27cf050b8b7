import { describe, expect, it } from 'vitest';
import { locatePointer } from '../../shared/json-locate.ts';

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
