import { AuthenticationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { formatError } from './format-error.js';

describe('formatError', () => {
  it('gives the advice about a missing token once (the message has it), and a hint for a refused one', () => {
    const missing = formatError(
      new AuthenticationError(
        'No token found: pass one, set BOSONIC_CLOUD_TOKEN (or PCVL_CLOUD_TOKEN), or save one with `bosonic login`',
      ),
    );
    expect(missing).toBe(
      'bosonic: error: No token found: pass one, set BOSONIC_CLOUD_TOKEN (or PCVL_CLOUD_TOKEN), or save one with ' +
        '`bosonic login`',
    );
    const refused = formatError(new AuthenticationError('Invalid token', { status: 401 }));
    expect(refused).toBe(
      'bosonic: error: Invalid token\n  hint: check the token: --token, BOSONIC_CLOUD_TOKEN, or `bosonic login` to store one',
    );
  });
});
