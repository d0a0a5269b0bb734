import { Type } from '@sinclair/typebox';
import { check } from '../validation/validator.js';

/**
 * The REST endpoints of the Quandela Cloud protocol (docs/wire-protocol.md), relative to the base URL.
 * Client and server build and match paths through these functions so the two cannot drift apart.
 */

/** `POST`: create a job; body {@link CreateJobRequest}, answer {@link JobIdResponse}. */
export const CREATE_JOB_PATH = '/api/job';

/** `GET`: the token's queue quota; answer {@link AvailabilityResponse}. */
export const AVAILABILITY_PATH = '/api/jobs/availability';

/** `GET`: the token's jobs, newest first, filtered and paged (bosonic's server); answer {@link JobListResponse}. */
export const JOBS_PATH = '/api/jobs';

/** `GET`: the token's usage per platform (bosonic's server); answer {@link UsageResponse}. */
export const USAGE_PATH = '/api/usage';

/** Default base URL of the Quandela Cloud. */
export const QUANDELA_CLOUD_URL = 'https://api.cloud.quandela.com';

/** `GET /api/job/status/{id}`. */
export function jobStatusPath(jobId: string): string {
  return `/api/job/status/${jobIdSegment(jobId)}`;
}

/** `GET /api/job/result/{id}`. */
export function jobResultPath(jobId: string): string {
  return `/api/job/result/${jobIdSegment(jobId)}`;
}

/** `POST /api/job/cancel/{id}` (no body). */
export function cancelJobPath(jobId: string): string {
  return `/api/job/cancel/${jobIdSegment(jobId)}`;
}

/** `POST /api/job/rerun/{id}` (no body); answer {@link JobIdResponse} with the new job's id. */
export function rerunJobPath(jobId: string): string {
  return `/api/job/rerun/${jobIdSegment(jobId)}`;
}

/** `DELETE /api/job/{id}`: removes a finished job and its results (bosonic's server). */
export function jobPath(jobId: string): string {
  return `/api/job/${jobIdSegment(jobId)}`;
}

/** `PUT /api/job/{id}/tags` with body `{ "tags": [...] }`: replaces the job's tags (bosonic's server). */
export function jobTagsPath(jobId: string): string {
  return `/api/job/${jobIdSegment(jobId)}/tags`;
}

/** `GET /api/platforms/{name}/processor`: platform details, current path (e.g. `/api/platforms/sim%3Aslos/processor`). */
export function platformProcessorPath(platformName: string): string {
  return `/api/platforms/${quotePlus(platformName)}/processor`;
}

/** `GET /api/platform/{name}`: platform details, older path (Perceval falls back to it). */
export function legacyPlatformPath(platformName: string): string {
  return `/api/platform/${quotePlus(platformName)}`;
}

/**
 * Python's `urllib.parse.quote_plus`, which Perceval applies to platform names: letters, digits and `_.-~`
 * stay, a space becomes `+`, every other UTF-8 byte becomes `%XX` (upper case). Unlike `encodeURIComponent`,
 * it also escapes `!'()*`.
 */
export function quotePlus(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A job id, in a path or a body: the server's ids are UUIDs; anything that could escape its path segment, or
 * could not be an id, is refused.
 */
export const jobIdSchema = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9_.~-]+$',
  title: "job id (1 to 128 letters, digits and '_.~-')",
});

function jobIdSegment(jobId: string): string {
  return check(jobIdSchema, jobId, { path: 'jobId' });
}
