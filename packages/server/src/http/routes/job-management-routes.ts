import type {
  JobListQueryParameters,
  JobListResponse,
  JobTagsRequest,
  UsageQueryParameters,
  UsageResponse,
} from '@bosonic/protocol';
import type { FastifyInstance } from 'fastify';
import { statusResponse } from '../../jobs/status-response.js';
import { HttpProblem } from '../error-reply.js';
import { encodeCursor, jobListRequest, usageRange } from '../query/job-list-query.js';
import { jobIdParams, jobListQuery, jobListResponse, jobTagsBody, usageQuery } from '../schemas.js';
import type { ServerContext } from '../server-context.js';
import { notFound } from './not-found.js';

interface IdParams {
  id: string;
}

/**
 * bosonic's job management endpoints, beyond the Quandela protocol: list the token's jobs (`GET /api/jobs`),
 * replace a job's tags (`PUT /api/job/{id}/tags`), delete a finished job (`DELETE /api/job/{id}`) and the
 * token's usage per platform (`GET /api/usage`). Like every route, they only ever see the caller's jobs.
 */
export function registerJobManagementRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: JobListQueryParameters }>(
    '/api/jobs',
    { schema: { querystring: jobListQuery, response: jobListResponse } },
    async (request): Promise<JobListResponse> => {
      const { filter, page } = jobListRequest(request.query);
      const listed = await ctx.store.listJobs(request.owner, filter, page);
      const now = ctx.now();
      return {
        jobs: listed.jobs.map((view) => ({ id: view.id, ...statusResponse(view, now) })),
        next_cursor: listed.next === null ? null : encodeCursor(listed.next),
      };
    },
  );

  app.put<{ Params: IdParams; Body: JobTagsRequest }>(
    '/api/job/:id/tags',
    { schema: { params: jobIdParams, body: jobTagsBody } },
    async (request) => {
      const { tags } = request.body;
      if (!(await ctx.store.setTags(request.params.id, request.owner, tags)))
        throw notFound(request.params.id);
      return { job_id: request.params.id, tags };
    },
  );

  app.delete<{ Params: IdParams }>('/api/job/:id', { schema: { params: jobIdParams } }, async (request) => {
    const { id } = request.params;
    const outcome = await ctx.store.deleteJob(id, request.owner);
    switch (outcome.kind) {
      case 'not_found':
        throw notFound(id);
      case 'active':
        throw new HttpProblem(
          409,
          `Job ${id} is ${outcome.status}: cancel it, or wait until it ends, to delete it`,
          {
            code: 'ERR_JOB_STATE',
          },
        );
      case 'deleted':
        return { job_id: id, deleted: true };
    }
  });

  app.get<{ Querystring: UsageQueryParameters }>(
    '/api/usage',
    { schema: { querystring: usageQuery } },
    async (request): Promise<UsageResponse> => {
      const range = usageRange(request.query);
      const platforms = await ctx.store.usage(request.owner, range);
      return {
        since: range.since ?? null,
        until: range.until ?? null,
        platforms: platforms.map((usage) => ({
          platform: usage.platform,
          jobs: usage.jobs,
          run_seconds: usage.runSeconds,
          samples: usage.samples,
        })),
      };
    },
  );
}
