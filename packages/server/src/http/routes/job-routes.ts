import { createHash, randomUUID } from 'node:crypto';
import { ValidationError } from '@bosonic/core';
import { randomSeed } from '@bosonic/core/internal';
import {
  type CreateJobRequest,
  type JobIdResponse,
  type JobResultResponse,
  validateCreateJobRequest,
} from '@bosonic/protocol';
import type { FastifyInstance } from 'fastify';
import { OFFLOAD_REQUEST_CHARS } from '../../execution/request-checker.js';
import { executionTimeLimit } from '../../jobs/execution-time-limit.js';
import { checkPcvlValueLengths } from '../../jobs/pcvl-value-lengths.js';
import { planSamplerJob } from '../../jobs/sampler-job-plan.js';
import { statusResponse } from '../../jobs/status-response.js';
import type { SimulatorPlatform } from '../../platforms/platforms.js';
import { FINAL_STATES } from '../../store/job-record.js';
import { HttpProblem } from '../error-reply.js';
import {
  createJobBody,
  idempotencyHeaders,
  jobIdParams,
  jobIdResponse,
  statusResponse as statusResponseSchema,
} from '../schemas.js';
import type { ServerContext } from '../server-context.js';
import { notFound } from './not-found.js';

interface IdParams {
  id: string;
}

/**
 * The job endpoints of docs/wire-protocol.md: create, status, result, cancel, rerun. Every lookup is scoped to
 * the request's token: another token's job id answers 404, exactly like an unknown id.
 */
export function registerJobRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: CreateJobRequest; Headers: { 'idempotency-key'?: string } }>(
    '/api/job',
    { schema: { body: createJobBody, headers: idempotencyHeaders, response: jobIdResponse } },
    async (request): Promise<JobIdResponse> => {
      checkPcvlValueLengths(request.body);
      const body = request.body;
      const platform = platformOf(ctx, body);
      const { quick } = await checkRequest(ctx, body, platform);
      const key = request.headers['idempotency-key'];
      return submit(ctx, request.owner, body, platform, {
        quick,
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/job/status/:id',
    { schema: { params: jobIdParams, response: statusResponseSchema } },
    async (request) => {
      const view = await ctx.store.getStatus(request.params.id, request.owner);
      if (view === undefined) throw notFound(request.params.id);
      return statusResponse(view, ctx.now());
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/job/result/:id',
    { schema: { params: jobIdParams } },
    async (request): Promise<JobResultResponse> => {
      const view = await ctx.store.getResults(request.params.id, request.owner);
      if (view === undefined) throw notFound(request.params.id);
      if (!FINAL_STATES.includes(view.status)) {
        throw new HttpProblem(409, `Job ${view.id} is ${view.status}: its results are not available yet`, {
          code: 'ERR_JOB_NOT_COMPLETE',
        });
      }
      // `results` is JSON text; null for a failed job, or a canceled one that produced nothing.
      return { job_id: view.id, results: view.results, status_message: view.statusMessage };
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/job/cancel/:id',
    { schema: { params: jobIdParams } },
    async (request) => {
      const { id } = request.params;
      const outcome = await ctx.store.requestCancel(id, request.owner);
      switch (outcome.kind) {
        case 'not_found':
          throw notFound(id);
        case 'requested':
          ctx.queue.notifyCancelRequested(id);
          return { job_id: id, status: 'cancel_requested' };
        case 'canceled':
          return { job_id: id, status: 'canceled' };
        case 'unchanged':
          // Canceling a finished job is a no-op, as for a local job.
          return { job_id: id, status: outcome.status };
      }
    },
  );

  app.post<{ Params: IdParams; Headers: { 'idempotency-key'?: string } }>(
    '/api/job/rerun/:id',
    { schema: { params: jobIdParams, headers: idempotencyHeaders, response: jobIdResponse } },
    async (request): Promise<JobIdResponse> => {
      const { id } = request.params;
      const original = await ctx.store.getRequest(id, request.owner);
      if (original === undefined) throw notFound(id);
      if (original.status !== 'error' && original.status !== 'canceled') {
        throw new HttpProblem(
          409,
          `Job ${id} is ${original.status}: only a job in error or canceled can be run again`,
          { code: 'ERR_JOB_STATE' },
        );
      }
      const body = validateCreateJobRequest(JSON.parse(original.request));
      const platform = platformOf(ctx, body);
      const { quick } = await checkRequest(ctx, body, platform);
      const key = request.headers['idempotency-key'];
      return submit(ctx, request.owner, body, platform, {
        quick,
        rerunOf: id,
        ...(key === undefined ? {} : { idempotencyKey: `rerun:${id}:${key}` }),
      });
    },
  );
}

/**
 * Decodes and checks a request against its platform before it is accepted: inline when it is small (most are a
 * few kilobytes, and decoded experiments are cached), in the request checker's thread when it is large, so that
 * inflating and decoding it never stalls the other clients.
 */
async function checkRequest(
  ctx: ServerContext,
  body: CreateJobRequest,
  platform: SimulatorPlatform,
): Promise<{ quick: boolean }> {
  const text = JSON.stringify(body);
  if (text.length < OFFLOAD_REQUEST_CHARS) return planSamplerJob(body, platform, ctx.limits);
  return ctx.checker.check(text, platform.name);
}

/** Stores a checked request as a new job (or finds the one its idempotency key made) and queues it. */
async function submit(
  ctx: ServerContext,
  owner: string,
  body: CreateJobRequest,
  platform: SimulatorPlatform,
  options: { quick: boolean; idempotencyKey?: string; rerunOf?: string },
): Promise<JobIdResponse> {
  // A job is accepted only if it can be dispatched now: with the queue down, 503 rather than a stranded job.
  await ctx.queue.checkAvailable();
  const received = JSON.stringify(body);
  // Every job gets a seed at creation (the client's, or a random one), stored with it: its runs, a rerun after a
  // crash and the shards of a split job all draw the same samples.
  const request = JSON.stringify(withSeed(body));
  const outcome = await ctx.store.createJob(
    {
      id: randomUUID(),
      owner,
      platform: platform.name,
      name: body.job_name ?? null,
      request,
      quick: options.quick,
      tags: body.tags ?? [],
      maxExecutionTime: executionTimeLimit(body.max_execution_time, ctx.maxJobSeconds),
      ...(options.idempotencyKey === undefined
        ? {}
        : {
            idempotencyKey: options.idempotencyKey,
            requestDigest: createHash('sha256').update(received).digest('hex'),
          }),
      ...(options.rerunOf === undefined ? {} : { rerunOf: options.rerunOf }),
    },
    { maxActive: ctx.maxQueuedJobsPerToken, maxStoredBytes: ctx.maxStoredBytesPerToken },
  );
  switch (outcome.kind) {
    case 'created':
      ctx.queue.notifyEnqueued(outcome.id);
      return { job_id: outcome.id };
    case 'existing':
      return { job_id: outcome.id };
    case 'key_conflict':
      throw new HttpProblem(
        422,
        `This Idempotency-Key was already used for another request (job ${outcome.id}); use a new key`,
        { code: 'ERR_IDEMPOTENCY_KEY', field: 'idempotency-key' },
      );
    case 'quota':
      throw new HttpProblem(
        429,
        `Queue quota reached: ${outcome.active} unfinished jobs of ${outcome.max} allowed per token; ` +
          'wait for some to finish (see /api/jobs/availability)',
        { code: 'ERR_QUOTA', headers: { 'retry-after': '1' } },
      );
    case 'storage_quota':
      // Checked by the store with the insert: creations racing each other cannot pass it.
      throw new HttpProblem(
        413,
        `Storage quota reached: this token's jobs store ${outcome.stored} bytes, this job needs ${outcome.needed} ` +
          `more, and a token may store ${outcome.max}; delete finished jobs (DELETE /api/job/{id}) to make room`,
        { code: 'ERR_STORAGE_QUOTA' },
      );
  }
}

/** The request with `payload.parameters.seed` set (kept when the client gave one). */
function withSeed(body: CreateJobRequest): CreateJobRequest {
  const parameters = body.payload.parameters ?? {};
  if (parameters.seed !== undefined) return body;
  return { ...body, payload: { ...body.payload, parameters: { ...parameters, seed: randomSeed() } } };
}

function platformOf(ctx: ServerContext, body: CreateJobRequest): SimulatorPlatform {
  const name = body.platform_name;
  if (name === undefined) {
    throw new ValidationError(
      `platform_name: required field is missing (platforms: ${[...ctx.platforms.keys()].join(', ')})`,
      { field: 'platform_name' },
    );
  }
  const platform = ctx.platforms.get(name);
  if (platform === undefined) {
    throw new ValidationError(
      `platform_name: unknown platform '${name}' (platforms: ${[...ctx.platforms.keys()].join(', ')})`,
      { field: 'platform_name' },
    );
  }
  return platform;
}
