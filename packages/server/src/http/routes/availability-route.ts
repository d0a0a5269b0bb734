import type { AvailabilityResponse } from '@bosonic/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/**
 * `GET /api/jobs/availability`: the token's queue quota — how many unfinished jobs it may have, and how many it
 * has (JobGroup's parallel runs submit the difference).
 */
export function registerAvailabilityRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/api/jobs/availability',
    async (request): Promise<AvailabilityResponse> => ({
      max_jobs_in_queue: ctx.maxQueuedJobsPerToken,
      num_jobs_in_queue: await ctx.store.countActive(request.owner),
    }),
  );
}
