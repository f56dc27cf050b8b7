// Where a JSON pointer's value starts in the text, as line and column, so that an editor can
// put a validation message on the exact line. A small scanner of valid JSON text.

export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** 0-based offset into the text. */
  offset: number;
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The position of the value at `pointer` (for a missing key: of its parent), or null. */
export function locatePointer(text: string, pointer: string): TextPosition | null {
  const path = pointer === '' ? [] : pointer.split('/').slice(1).map(decodeSegment);
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '"') {
      readString();
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          readString();
          skipSpace();
          i++; // the colon
        }
        skipValue();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        i++; // the closing bracket
        return;
      }
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i] ?? '')) i++;
    }
  };
  const position = (offset: number): TextPosition => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, offset };
  };

  try {
    skipSpace();
    let found = i;
    for (const segment of path) {
      if (i >= text.length) return null;
      const c = text[i];
      if (c !== '{' && c !== '[') return position(found);
      i++;
      skipSpace();
      let located = false;
      for (let index = 0; text[i] !== (c === '{' ? '}' : ']'); index++) {
        let key = String(index);
        if (c === '{') {
          key = readString();
          skipSpace();
          i++;
          skipSpace();
        }
        if (key === segment) {
          located = true;
          break;
        }
        skipValue();
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
        if (i >= text.length) return null;
      }
      // A missing key (e.g. a required field not written) is reported at its parent.
      if (!located) return position(found);
      found = i;
    }
    return found < text.length ? position(found) : null;
  } catch {
    return null;
  }
}
