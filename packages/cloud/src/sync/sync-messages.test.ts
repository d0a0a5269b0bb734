import { AuthenticationError, BosonicError, HttpError, NetworkError, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserializeError, serializeError } from './sync-messages.js';

/** Errors cross from the executeSync worker to the blocked thread by structured clone. */
const roundTrip = (error: unknown) => deserializeError(structuredClone(serializeError(error)));

describe('errors between the executeSync worker and its caller', () => {
  it('keep their bosonic class and fields', () => {
    const http = roundTrip(new HttpError('answered 404', { status: 404, body: '{"error":"x"}' }));
    expect(http).toBeInstanceOf(HttpError);
    expect(http).toMatchObject({ status: 404, body: '{"error":"x"}', message: 'answered 404' });
    expect(roundTrip(new AuthenticationError('bad token', { status: 401 }))).toMatchObject({
      name: 'AuthenticationError',
      status: 401,
    });
    expect(roundTrip(new ValidationError('bad', { field: 'job_id' }))).toMatchObject({ field: 'job_id' });
    const network = roundTrip(new NetworkError('timed out', { failure: 'timeout' }));
    expect(network).toBeInstanceOf(NetworkError);
    expect((network as NetworkError).failure).toBe('timeout');
  });

  it('keep the code of other bosonic errors, and the name of plain ones', () => {
    const closed = roundTrip(new BosonicError('closed', 'ERR_CLIENT_CLOSED'));
    expect(closed).toBeInstanceOf(BosonicError);
    expect((closed as BosonicError).code).toBe('ERR_CLIENT_CLOSED');
    const plain = roundTrip(new TypeError('oops'));
    expect(plain).toMatchObject({ name: 'TypeError', message: 'oops' });
    expect(roundTrip('a string')).toMatchObject({ message: 'a string' });
  });
});
