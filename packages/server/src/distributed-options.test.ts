import { readFileSync } from 'node:fs';
import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { DATABASE_URL_ENV, REDIS_URL_ENV, resolveDistributedOptions } from './distributed-options.js';

/** The options of the distributed mode, shared by API nodes and workers, and the environment the CLI reads them from. */

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the distributed-mode options', () => {
  it('are read by the CLI from BOSONIC_DATABASE_URL and BOSONIC_REDIS_URL, the names the README documents', () => {
    expect(DATABASE_URL_ENV).toBe('BOSONIC_DATABASE_URL');
    expect(REDIS_URL_ENV).toBe('BOSONIC_REDIS_URL');
    expect(README).toContain(`export ${DATABASE_URL_ENV}=postgresql://`);
    expect(README).toContain(`export ${REDIS_URL_ENV}=redis://`);
  });

  it('select the embedded mode when both URLs are absent, and apply the defaults when both are given', () => {
    expect(resolveDistributedOptions({})).toBeUndefined();
    expect(
      resolveDistributedOptions({ databaseUrl: 'postgres://db/bosonic', redisUrl: 'rediss://queue:6380' }),
    ).toEqual({
      databaseUrl: 'postgres://db/bosonic',
      redisUrl: 'rediss://queue:6380',
      leaseSeconds: 15,
      lockDurationMs: 30_000,
      reconcileIntervalMs: 5000,
    });
  });

  it.each([
    [{ databaseUrl: 'postgresql://db/x' }, 'redisUrl'],
    [{ redisUrl: 'redis://queue' }, 'databaseUrl'],
    [{ databaseUrl: 'not a url', redisUrl: 'redis://queue' }, 'databaseUrl'],
    [{ databaseUrl: 'postgresql://db/x', redisUrl: 'redis://queue', leaseSeconds: 3601 }, 'leaseSeconds'],
    [{ databaseUrl: 'postgresql://db/x', redisUrl: 'redis://queue', lockDurationMs: 1000 }, 'lockDurationMs'],
    [
      { databaseUrl: 'postgresql://db/x', redisUrl: 'redis://queue', reconcileIntervalMs: 50 },
      'reconcileIntervalMs',
    ],
  ])('refuse %j, naming %s', (options, field) => {
    expect(() => resolveDistributedOptions(options)).toThrow(ValidationError);
    try {
      resolveDistributedOptions(options);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ field });
    }
  });
});
