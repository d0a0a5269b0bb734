import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { bearerToken, checkConfiguredToken, generateToken, hashToken } from './token.js';

describe('tokens', () => {
  it('are stored as their SHA-256 digest', () => {
    expect(hashToken('t0k3n-secret')).toBe(hashToken('t0k3n-secret'));
    expect(hashToken('t0k3n-secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('t0k3n-secret')).not.toBe(hashToken('t0k3n-secreT'));
  });

  it('are generated as 256 random bits, never twice the same', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
  });

  it('are read from a Bearer authorization header', () => {
    expect(bearerToken('Bearer abc.DEF-123')).toBe('abc.DEF-123');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(['Bearer a', 'Bearer b'])).toBeUndefined();
  });

  it('must be long enough and header-safe when configured', () => {
    expect(checkConfiguredToken('t0k3n-secret', 'tokens[0]')).toBe('t0k3n-secret');
    for (const bad of ['short', 'has space in it', 'tab\there-and-more', 42, '']) {
      expect(() => checkConfiguredToken(bad, 'tokens[1]')).toThrow(ValidationError);
    }
    expect(() => checkConfiguredToken('short', 'tokens[1]')).toThrow(/tokens\[1\]/);
  });
});
