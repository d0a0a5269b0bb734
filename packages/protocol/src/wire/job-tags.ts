import { fail, type Schema } from './schema.js';

/** Most tags one job carries. */
export const MAX_JOB_TAGS = 20;

/** Longest tag, in characters. */
export const MAX_JOB_TAG_LENGTH = 64;

/** True when `text` has a control character (C0, DEL, C1): a tag is a label shown in tables, one line of text. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * A job's tags (`tags` of `POST /api/job` and of `PUT /api/job/{id}/tags`): an array of at most
 * {@link MAX_JOB_TAGS} non-empty strings of at most {@link MAX_JOB_TAG_LENGTH} characters without control
 * characters. A tag given twice counts once; the order of first appearance is kept.
 */
export const jobTagsSchema: Schema<string[]> = {
  parse(value, path) {
    if (!Array.isArray(value)) fail(path, 'an array of tags (strings)', value);
    const tags: string[] = [];
    value.forEach((tag: unknown, i) => {
      const at = `${path}[${i}]`;
      if (typeof tag !== 'string') fail(at, 'a tag (string)', tag);
      if (tag.length === 0) fail(at, 'a non-empty tag', tag);
      if (tag.length > MAX_JOB_TAG_LENGTH) fail(at, `a tag of at most ${MAX_JOB_TAG_LENGTH} characters`, tag);
      if (hasControl(tag)) fail(at, 'a tag without control characters', tag);
      if (!tags.includes(tag)) tags.push(tag);
    });
    if (tags.length > MAX_JOB_TAGS) fail(path, `at most ${MAX_JOB_TAGS} tags`, value);
    return tags;
  },
};

/**
 * Checks a list of job tags.
 * @returns the tags, each once, in their first order.
 * @throws ValidationError (field `tags`, or `tags[i]` for one tag) naming the problem.
 */
export function validateJobTags(tags: unknown, field = 'tags'): string[] {
  return jobTagsSchema.parse(tags, field);
}
