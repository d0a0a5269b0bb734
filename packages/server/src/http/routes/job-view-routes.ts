import { type Circuit, circuitToSvg, type Experiment } from '@bosonic/core';
import { deserialize, validateCreateJobRequest } from '@bosonic/protocol';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type ResultsHistogram, resultsHistogram } from '../../jobs/results-histogram.js';
import { FINAL_STATES } from '../../store/job-record.js';
import { HttpProblem } from '../error-reply.js';
import { histogramQuery, jobIdParams } from '../schemas.js';
import type { ServerContext } from '../server-context.js';
import { notFound } from './not-found.js';

interface IdParams {
  id: string;
}

/**
 * What the dashboard shows of one job, computed here so that the browser decodes no `:PCVL:` text: the drawing of
 * its circuit (`GET /api/job/{id}/circuit.svg`) and the largest states of its results
 * (`GET /api/job/{id}/histogram?top=20&iteration=0`).
 */
export function registerJobViewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: IdParams }>(
    '/api/job/:id/circuit.svg',
    { schema: { params: jobIdParams } },
    async (request, reply) => {
      const stored = await ctx.store.getRequest(request.params.id, request.owner);
      if (stored === undefined) throw notFound(request.params.id);
      const payload = validateCreateJobRequest(JSON.parse(stored.request)).payload;
      const drawn = deserialize(payload.experiment ?? payload.circuit) as Experiment | Circuit;
      const svg = circuitToSvg(drawn, stored.name === null ? {} : { title: stored.name });
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, max-age=3600')
        .send(svg);
    },
  );

  app.get<{ Params: IdParams; Querystring: Static<typeof histogramQuery> }>(
    '/api/job/:id/histogram',
    { schema: { params: jobIdParams, querystring: histogramQuery } },
    async (request): Promise<ResultsHistogram> => {
      const { top = 20, iteration = 0 } = request.query;
      const view = await ctx.store.getResults(request.params.id, request.owner);
      if (view === undefined) throw notFound(request.params.id);
      if (!FINAL_STATES.includes(view.status) || view.results === null) {
        throw new HttpProblem(409, `Job ${view.id} is ${view.status} and has no results to chart`, {
          code: 'ERR_JOB_NOT_COMPLETE',
        });
      }
      return resultsHistogram(view.results, top, iteration, 'query.iteration');
    },
  );
}
