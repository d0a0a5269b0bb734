import { readFileSync, statSync } from 'node:fs';
import { ValidationError } from '@bosonic/core';
import { checkConfiguredToken } from './token.js';

/**
 * Where an operator's tokens come from besides the command line (where `ps` shows them to every user of the
 * machine): a token file and the `BOSONIC_SERVER_TOKENS` environment variable.
 */

/** The environment variable holding configured tokens, comma-separated. */
export const TOKENS_ENV = 'BOSONIC_SERVER_TOKENS';

/** A token file: its tokens, and whether users other than its owner may read it. */
export interface TokenFile {
  tokens: string[];
  /** True when the file's mode lets its group or other users read it (the operator should `chmod 600` it). */
  readableByOthers: boolean;
}

/**
 * Reads a token file: one token per line; blank lines and lines starting with `#` are ignored, spaces around a
 * token are trimmed.
 * @throws ValidationError (field `tokenFile`) when the file cannot be read, holds no token, or a line is not a
 *   valid token (the line number is named, never the line itself).
 */
export function readTokenFile(path: string): TokenFile {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`tokenFile: cannot read ${path}: ${(error as Error).message}`, {
      field: 'tokenFile',
      cause: error,
    });
  }
  const tokens: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    tokens.push(checkConfiguredToken(line, `tokenFile (${path}, line ${index + 1})`));
  });
  if (tokens.length === 0) {
    throw new ValidationError(`tokenFile: ${path} holds no token (one per line, # starts a comment)`, {
      field: 'tokenFile',
    });
  }
  return { tokens, readableByOthers: (mode & 0o077) !== 0 };
}

/**
 * The tokens of a comma-separated list (the value of {@link TOKENS_ENV}); empty items are ignored.
 * @throws ValidationError naming `field` and the item's position when an item is not a valid token.
 */
export function parseTokenList(value: string, field = TOKENS_ENV): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item, i) => checkConfiguredToken(item, `${field}[${i}]`));
}
