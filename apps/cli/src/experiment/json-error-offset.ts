/**
 * Where JSON text stops being valid: the offset of the first character a JSON parser cannot accept (the text's
 * length when it ends too early), or undefined when the text is valid. Node 20's `JSON.parse` does not always say
 * where it failed, and a user editing an experiment file by hand needs the line and column.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const skipBlanks = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const expect = (literal: string) => {
    for (const char of literal) {
      if (text[at] !== char) fail();
      at++;
    }
  };
  const string = () => {
    expect('"');
    while (text[at] !== '"') {
      if (at >= text.length || text.charCodeAt(at) < 0x20) fail();
      if (text[at] === '\\') {
        at++;
        if (text[at] === 'u') {
          at++;
          for (let k = 0; k < 4; k++, at++) if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail();
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail();
      }
      at++;
    }
    at++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (match === null || match[0] === '' || match[0] === '-') fail();
    at += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    skipBlanks();
    const char = text[at];
    if (char === '{') {
      at++;
      skipBlanks();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        skipBlanks();
        string();
        skipBlanks();
        expect(':');
        value();
        skipBlanks();
        if (text[at] === ',') at++;
        else {
          expect('}');
          return;
        }
      }
    }
    if (char === '[') {
      at++;
      skipBlanks();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        skipBlanks();
        if (text[at] === ',') at++;
        else {
          expect(']');
          return;
        }
      }
    }
    if (char === '"') string();
    else if (char === 't') expect('true');
    else if (char === 'f') expect('false');
    else if (char === 'n') expect('null');
    else number();
  };
  try {
    value();
    skipBlanks();
    if (at < text.length) fail();
    return undefined;
  } catch (offset) {
    if (typeof offset === 'number') return Math.min(offset, text.length);
    throw offset;
  }
}
