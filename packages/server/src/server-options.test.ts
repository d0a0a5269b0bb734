import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { resolveServerOptions } from './server-options.js';

/** Integer options are checked by core's integer rule: the same words as every other integer a user gives. */
describe('integer server options', () => {
  const base = { dataDir: '/tmp/bosonic-options-test' };

  it('takes the default when not given and any integer of the range', () => {
    expect(resolveServerOptions(base).bodyLimitBytes).toBe(16 << 20);
    expect(resolveServerOptions({ ...base, bodyLimitBytes: 1024 }).bodyLimitBytes).toBe(1024);
    expect(resolveServerOptions({ ...base, port: 65_535 }).port).toBe(65_535);
  });

  it.each([
    ['port', 65_536, 'port must be an integer from 0 to 65535 (got 65536)'],
    ['port', 80.5, 'port must be an integer from 0 to 65535 (got 80.5)'],
    ['bodyLimitBytes', 1023, 'bodyLimitBytes must be an integer from 1024 to 1073741824 (got 1023)'],
    ['workers', '2', 'workers must be an integer from 1 to 256 (got 2)'],
    ['keepAliveTimeoutMs', Number.NaN, 'keepAliveTimeoutMs must be an integer from 100 to 3600000 (got NaN)'],
  ])('refuses %s = %j, naming it', (field, value, message) => {
    const resolve = () => resolveServerOptions({ ...base, [field]: value } as never);
    expect(resolve).toThrow(ValidationError);
    expect(resolve).toThrow(message);
    try {
      resolve();
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
