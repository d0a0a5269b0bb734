import { HttpProblem } from '../error-reply.js';

/** The 404 of a job id the caller does not have: unknown, deleted, or another token's (indistinguishable). */
export function notFound(id: string): HttpProblem {
  return new HttpProblem(404, `No job ${id}`, { code: 'ERR_JOB_NOT_FOUND' });
}
