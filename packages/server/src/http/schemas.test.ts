import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyWithError } from './error-reply.js';
import {
  createJobBody,
  idempotencyHeaders,
  jobIdParams,
  jobListQuery,
  jobTagsBody,
  platformParams,
  requestValidator,
} from './schemas.js';

/** An app with the server's validator compiler and error handler, and routes echoing what they were given. */
function echoApp(): FastifyInstance {
  // As the server's app: path parameters up to 256 characters reach the schemas.
  const app = Fastify({ routerOptions: { maxParamLength: 256 } });
  app.setValidatorCompiler(({ schema, httpPart }) => requestValidator(schema, httpPart));
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  app.put(
    '/job/:id/tags',
    { schema: { params: jobIdParams, body: jobTagsBody } },
    async (request) => request.body,
  );
  app.post('/job', { schema: { body: createJobBody, headers: idempotencyHeaders } }, async () => ({
    ok: true,
  }));
  app.get('/platforms/:name', { schema: { params: platformParams } }, async (request) => request.params);
  app.get('/jobs', { schema: { querystring: jobListQuery } }, async (request) => request.query);
  return app;
}

const payload = { command: 'probs', experiment: ':PCVL:zip:eJw=' };
const job = { pcvl_version: '1.1.1', process_id: 'p-1', platform_name: 'sim:slos', payload };

describe('the route schemas, checked by the protocol’s check', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = echoApp();
    await app.ready();
  });
  afterAll(() => app.close());

  it('pass a valid request to the handler, normalized by the schema’s rules (each tag once)', async () => {
    const answer = await app.inject({
      method: 'PUT',
      url: '/job/a1/tags',
      payload: { tags: ['b', 'a', 'b'] },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ tags: ['b', 'a'] });
    const created = await app.inject({
      method: 'POST',
      url: '/job',
      payload: job,
      headers: { 'idempotency-key': 'k-1' },
    });
    expect(created.statusCode).toBe(200);
  });

  it.each([
    [
      'a job id that could escape its path segment',
      { method: 'PUT', url: '/job/a%2Fb/tags', payload: { tags: [] } },
      'params.id',
      "params.id: expected a job id (1 to 128 letters, digits and '_.~-'), got the string 'a/b'",
    ],
    [
      'a lone tag instead of a list (no coercion)',
      { method: 'PUT', url: '/job/a1/tags', payload: { tags: 'solo' } },
      'tags',
      "tags: expected an array of at most 20 tags, got the string 'solo'",
    ],
    [
      'a body that is not an object',
      { method: 'POST', url: '/job', payload: [job] },
      'body',
      'body: expected an object, got an array',
    ],
    [
      'a job without experiment or circuit (a rule of the protocol)',
      { method: 'POST', url: '/job', payload: { ...job, payload: { command: 'probs' } } },
      'payload.experiment',
      'payload.experiment: required field is missing (a job needs an experiment or a circuit)',
    ],
    [
      'an idempotency key with a space',
      { method: 'POST', url: '/job', payload: job, headers: { 'idempotency-key': 'a b' } },
      'headers["idempotency-key"]',
      `headers["idempotency-key"]: expected a key of 1 to 255 visible ASCII characters, got the string 'a b'`,
    ],
    [
      'a platform name longer than 200 characters',
      { method: 'GET', url: `/platforms/${'x'.repeat(201)}` },
      'params.name',
      `params.name: expected a non-empty string of at most 200 characters, got the string '${'x'.repeat(37)}...'`,
    ],
  ] as const)('answer 400 to %s, naming the field', async (_, request, field, error) => {
    const answer = await app.inject(request as InjectOptions);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({ error, field, code: 'ERR_VALIDATION' });
  });

  it('refuses, when the app starts, a route schema that is not a TypeBox schema', async () => {
    const app = Fastify();
    app.setValidatorCompiler(({ schema, httpPart }) => requestValidator(schema, httpPart));
    app.get('/x', { schema: { querystring: { type: 'object' } } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/route schemas are TypeBox schemas/);
    await app.close();
  });

  it('accept TypeBox schemas composed on the spot', () => {
    const validate = requestValidator(Type.Object({ a: Type.Integer() }), 'params');
    expect(validate({ a: 1 })).toBe(true);
    expect(validate({ a: 'x' })).toMatchObject({ error: { field: 'params.a' } });
  });

  it('hand the handler a query string read as its schema says: numbers, lists, statuses split', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: '/jobs?limit=5&status=running,waiting&status=error&tag=a&tag=a&created_after=1764930000',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      limit: 5,
      status: ['running', 'waiting', 'error'],
      tag: ['a'],
      created_after: 1764930000,
    });
    expect((await app.inject({ method: 'GET', url: '/jobs' })).json()).toEqual({});
  });

  it.each([
    [
      'a negative limit',
      'limit=-1',
      'query.limit',
      'query.limit: expected an integer from 1 to 1000, got number -1',
    ],
    [
      'a repeated limit',
      'limit=1&limit=1',
      'query.limit',
      'query.limit: give this parameter once (it was given 2 times)',
    ],
    [
      'an unknown parameter',
      'limits=1',
      'query.limits',
      /^query\.limits: unknown key \(expected one of: status, /,
    ],
  ] as const)(
    'answer 400 to a query string with %s, naming the parameter',
    async (_, query, field, error) => {
      const answer = await app.inject({ method: 'GET', url: `/jobs?${query}` });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toEqual({
        error: typeof error === 'string' ? error : expect.stringMatching(error),
        field,
        code: 'ERR_VALIDATION',
      });
    },
  );
});
