import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '@bosonic/core';

/**
 * API tokens. The server never stores a token, only its SHA-256 digest: tokens are random 256-bit secrets (or
 * long secrets chosen by the operator), so a fast hash is enough, and it lets every request be checked by one
 * digest and one set lookup. The digest also identifies the token's owner in the job store.
 */

/** The SHA-256 digest of a token, in hex: what the store keeps and what jobs are owned by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Shortest token accepted from the configuration: shorter ones are too easy to guess. */
export const MIN_TOKEN_LENGTH = 8;

/**
 * Checks a configured token: a string of at least {@link MIN_TOKEN_LENGTH} visible ASCII characters (it travels in
 * an HTTP header).
 * @throws ValidationError (field `tokens[i]`).
 */
export function checkConfiguredToken(token: unknown, field: string): string {
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ValidationError(
      `${field} must be a string of at least ${MIN_TOKEN_LENGTH} visible ASCII characters (no spaces)`,
      { field },
    );
  }
  return token;
}

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, as RFC 6750), or undefined
 * when the header is missing or of another scheme.
 */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i.exec(header);
  return match?.[1];
}
