import { describe, expect, it } from 'vitest';
import { JobError } from '../errors/job-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { refusedField, thrownBy, validationErrorOf } from './thrown.js';

describe('thrownBy, validationErrorOf, refusedField', () => {
  const refuse = (): never => {
    throw new ValidationError('m must be a positive integer (got 0)', { field: 'm' });
  };

  it('hand over what a call throws', () => {
    const error = new Error('boom');
    expect(
      thrownBy(() => {
        throw error;
      }),
    ).toBe(error);
    expect(validationErrorOf(refuse).message).toBe('m must be a positive integer (got 0)');
    expect(refusedField(refuse)).toBe('m');
  });

  it('fail when the call returns', () => {
    expect(() => thrownBy(() => 1)).toThrow('expected an error, but the call returned');
    expect(() => refusedField(() => 1)).toThrow('expected an error, but the call returned');
  });

  it('fail on another error, quoting it', () => {
    const other = thrownBy(() =>
      validationErrorOf(() => {
        throw new JobError('the job failed');
      }),
    ) as Error;
    expect(other.message).toBe('expected a ValidationError, got JobError: the job failed');
    expect(other.cause).toBeInstanceOf(JobError);
  });
});
