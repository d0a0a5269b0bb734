import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@bosonic/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTokenList, readTokenFile, TOKENS_ENV } from './token-sources.js';

const ALICE = 'token-alice-0123456789';
const BOB = 'token-bob-9876543210';

describe('readTokenFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bosonic-tokens-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (text: string, mode = 0o600): string => {
    const path = join(dir, 'tokens');
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };

  it('reads one token a line, skipping blank lines and # comments, trimming spaces', () => {
    expect(readTokenFile(file(`# team\n${ALICE}\n\n  ${BOB}  \r\n`))).toEqual({
      tokens: [ALICE, BOB],
      readableByOthers: false,
    });
  });

  it('says when users other than the owner may read the file', () => {
    expect(readTokenFile(file(`${ALICE}\n`, 0o644)).readableByOthers).toBe(true);
  });

  it('refuses a missing file, a file without tokens, and a bad line, naming the line but never its text', () => {
    expect(() => readTokenFile(join(dir, 'absent'))).toThrow(expect.objectContaining({ field: 'tokenFile' }));
    expect(() => readTokenFile(file('# nothing here\n'))).toThrow(/holds no token/);
    let error: unknown;
    try {
      readTokenFile(file(`${ALICE}\nshort secret\n`));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('line 2');
    expect((error as ValidationError).message).not.toContain('short secret');
  });
});

describe('parseTokenList', () => {
  it(`reads the comma-separated tokens of ${TOKENS_ENV}, ignoring empty items`, () => {
    expect(TOKENS_ENV).toBe('BOSONIC_SERVER_TOKENS');
    expect(parseTokenList(` ${ALICE}, ,${BOB},`)).toEqual([ALICE, BOB]);
    expect(parseTokenList('')).toEqual([]);
  });

  it('names the variable and the position of a bad item', () => {
    expect(() => parseTokenList(`${ALICE},x`)).toThrow(
      expect.objectContaining({ field: `${TOKENS_ENV}[1]` }),
    );
  });
});
