import { validationErrorOf } from '@bosonic/core/testing';
import { describe, expect, it } from 'vitest';
import { checkQuery } from '../validation/query-string.js';
import { epochSeconds, jobListQuerySchema, usageQuerySchema } from './job-list-query.js';

/** The message of the ValidationError that checking `query` against `schema` throws. */
function refusal(schema: typeof jobListQuerySchema | typeof usageQuerySchema, query: object): string {
  return validationErrorOf(() => checkQuery(schema, query as Record<string, string>)).message;
}

describe('the query of GET /api/jobs', () => {
  it('reads every filter, statuses split at commas and each status and tag once', () => {
    const query = checkQuery(jobListQuerySchema, {
      status: ['waiting,running', 'running', 'error'],
      platform: 'sim:slos',
      name: 'run',
      tag: ['team-a', 'calib', 'team-a'],
      created_after: '1764930000',
      created_before: '2026-12-05T10:00:00Z',
      limit: '10',
      cursor: 'ajo0Mg',
    });
    expect(query).toEqual({
      status: ['waiting', 'running', 'error'],
      platform: 'sim:slos',
      name: 'run',
      tag: ['team-a', 'calib'],
      created_after: 1764930000,
      created_before: '2026-12-05T10:00:00Z',
      limit: 10,
      cursor: 'ajo0Mg',
    });
  });

  it('refuses bad query strings, naming the parameter and what it should be', () => {
    expect(refusal(jobListQuerySchema, { limit: '-1' })).toBe(
      'query.limit: expected an integer from 1 to 1000, got number -1',
    );
    expect(refusal(jobListQuerySchema, { limit: '2.5' })).toBe(
      'query.limit: expected an integer from 1 to 1000, got number 2.5',
    );
    expect(refusal(jobListQuerySchema, { limit: ['5', '6'] })).toBe(
      'query.limit: give this parameter once (it was given 2 times)',
    );
    expect(refusal(jobListQuerySchema, { status: 'done' })).toBe(
      "query.status[0]: expected a comma-separated list of job statuses (waiting, running, cancel_requested, completed, error, canceled), got the string 'done'",
    );
    expect(refusal(jobListQuerySchema, { status: ['running', 'waiting,'] })).toMatch(/^query\.status\[1\]: /);
    expect(refusal(jobListQuerySchema, { name: '' })).toBe(
      "query.name: expected a non-empty string of at most 256 characters, got the string ''",
    );
    expect(refusal(jobListQuerySchema, { tag: 'x'.repeat(65) })).toMatch(/^query\.tag\[0\]: .*64 characters/);
    expect(refusal(jobListQuerySchema, { created_after: 'yesterday' })).toBe(
      "query.created_after: expected a time: seconds since the epoch or an ISO 8601 date-time such as 2026-12-05T10:00:00Z, got the string 'yesterday'",
    );
    expect(refusal(jobListQuerySchema, { created_after: '-1' })).toMatch(
      /^query\.created_after: expected a time/,
    );
    expect(refusal(jobListQuerySchema, { created_before: '2026-13-01' })).toMatch(
      /^query\.created_before: .* got '2026-13-01' \(no such date\)$/,
    );
    expect(refusal(jobListQuerySchema, { cursor: 'a b' })).toMatch(/^query\.cursor: expected a cursor/);
    expect(refusal(jobListQuerySchema, { stauts: 'completed' })).toBe(
      'query.stauts: unknown key (expected one of: status, platform, name, tag, created_after, created_before, limit, cursor)',
    );
  });
});

describe('the query of GET /api/usage', () => {
  it('reads a period given in seconds or ISO 8601', () => {
    expect(checkQuery(usageQuerySchema, { since: '1764892800', until: '2026-12-06' })).toEqual({
      since: 1764892800,
      until: '2026-12-06',
    });
    expect(checkQuery(usageQuerySchema, {})).toEqual({});
  });

  it('refuses an empty or reversed period, a repeated bound and unknown parameters', () => {
    expect(refusal(usageQuerySchema, { since: '2026-02-01', until: '2026-01-01' })).toBe(
      'query.until: must be later than since',
    );
    expect(refusal(usageQuerySchema, { since: '100', until: '100' })).toBe(
      'query.until: must be later than since',
    );
    expect(refusal(usageQuerySchema, { since: ['1', '2'] })).toBe(
      'query.since: give this parameter once (it was given 2 times)',
    );
    expect(refusal(usageQuerySchema, { from: '1' })).toBe(
      'query.from: unknown key (expected one of: since, until)',
    );
  });
});

describe('epochSeconds', () => {
  it('reads seconds, dates (UTC) and date-times with or without an offset (UTC)', () => {
    expect(epochSeconds(1764930000.5)).toBe(1764930000.5);
    expect(epochSeconds('2026-12-05')).toBe(1796428800);
    expect(epochSeconds('2026-12-05T10:00:00')).toBe(1796464800);
    expect(epochSeconds('2026-12-05T11:00:00+01:00')).toBe(1796464800);
    expect(epochSeconds('2026-13-01')).toBeNaN();
  });
});
