import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { MAX_JOB_TAG_LENGTH, MAX_JOB_TAGS, validateJobTags } from './job-tags.js';

describe('validateJobTags', () => {
  it('keeps each tag once, in its first order', () => {
    expect(validateJobTags(['b', 'a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
    expect(validateJobTags([])).toEqual([]);
  });

  it('accepts the limits exactly: 20 tags of 64 characters', () => {
    const tags = Array.from({ length: MAX_JOB_TAGS }, (_, i) => `${i}`.padStart(MAX_JOB_TAG_LENGTH, 'x'));
    expect(validateJobTags(tags)).toHaveLength(20);
  });

  it('refuses anything else, naming the field', () => {
    const refused = (value: unknown, field: string, pattern: RegExp) => {
      let error: unknown;
      try {
        validateJobTags(value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).toMatch(pattern);
    };
    refused(
      Array.from({ length: 21 }, (_, i) => `t${i}`),
      'tags',
      /at most 20 tags/,
    );
    refused(['a', 'y'.repeat(65)], 'tags[1]', /at most 64 characters/);
    refused([''], 'tags[0]', /non-empty/);
    refused(['line\nbreak'], 'tags[0]', /control characters/);
    refused([null], 'tags[0]', /expected a non-empty tag .*, got null/);
    refused('solo', 'tags', /an array/);
  });
});
