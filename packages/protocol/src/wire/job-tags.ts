import { type Static, Type } from '@sinclair/typebox';
import { memberPath } from '../validation/field-path.js';
import { applyRules, check, withRules } from '../validation/validator.js';

/** Most tags one job carries. */
export const MAX_JOB_TAGS = 20;

/** Longest tag, in characters. */
export const MAX_JOB_TAG_LENGTH = 64;

/**
 * A job's tags (`tags` of `POST /api/job` and of `PUT /api/job/{id}/tags`): an array of at most
 * {@link MAX_JOB_TAGS} non-empty strings of at most {@link MAX_JOB_TAG_LENGTH} characters without control
 * characters (C0, DEL, C1: a tag is a label shown in tables, one line of text). Validated, a tag given twice
 * counts once and the order of first appearance is kept.
 */
export const jobTagsSchema = withRules(
  Type.Array(
    Type.String({
      minLength: 1,
      maxLength: MAX_JOB_TAG_LENGTH,
      pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$',
      title: `non-empty tag of at most ${MAX_JOB_TAG_LENGTH} characters without control characters`,
    }),
    { maxItems: MAX_JOB_TAGS, title: `array of at most ${MAX_JOB_TAGS} tags` },
  ),
  // Each tag once, in the order of first appearance.
  (tags) => [...new Set(tags)],
);

/** The body of `PUT /api/job/{id}/tags` (bosonic's server): the job's new tags. */
export const jobTagsRequestSchema = withRules(Type.Object({ tags: jobTagsSchema }), (body, path) => ({
  ...body,
  tags: applyRules(jobTagsSchema, body.tags, memberPath(path, 'tags')),
}));

/** The body of `PUT /api/job/{id}/tags`. */
export type JobTagsRequest = Static<typeof jobTagsRequestSchema>;

/**
 * Checks a list of job tags.
 * @returns the tags, each once, in their first order.
 * @throws ValidationError (field `tags`, or `tags[i]` for one tag) naming the problem.
 */
export function validateJobTags(tags: unknown, field = 'tags'): string[] {
  return check(jobTagsSchema, tags, { path: field, rootName: field });
}
