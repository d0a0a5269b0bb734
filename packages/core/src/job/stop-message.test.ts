import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { stopMessageOf } from './stop-message.js';

describe('stopMessageOf', () => {
  it('writes "<ErrorName>: <message>", as Perceval writes the failure of a local task', () => {
    expect(stopMessageOf(new RangeError('too many photons'))).toBe('RangeError: too many photons');
    expect(stopMessageOf(new ValidationError('bad mode', { field: 'mode' }))).toBe(
      'ValidationError: bad mode',
    );
  });

  it('uses the name alone when the message is empty', () => {
    expect(stopMessageOf(new TypeError())).toBe('TypeError');
  });

  it('reads error-like objects (e.g. from another realm) by their name and message', () => {
    expect(stopMessageOf({ name: 'EngineError', message: 'matrix is not unitary' })).toBe(
      'EngineError: matrix is not unitary',
    );
  });

  it('writes a thrown non-Error value as "Error: <value>", even one that cannot be stringified', () => {
    expect(stopMessageOf('oops')).toBe('Error: oops');
    expect(stopMessageOf(42)).toBe('Error: 42');
    expect(stopMessageOf(Object.create(null))).toBe('Error: [object Object]');
  });
});
