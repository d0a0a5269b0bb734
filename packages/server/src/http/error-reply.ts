import { BosonicError, ResourceLimitError, ValidationError } from '@bosonic/core';
import type { ErrorResponse } from '@bosonic/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceUnavailableError } from '../errors/service-unavailable-error.js';

/** An error the routes raise on purpose: answered with its status and a JSON `{ error }` body. */
export class HttpProblem extends BosonicError {
  readonly statusCode: number;
  readonly field: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    message: string,
    options: { code?: string; field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message, options.code ?? `ERR_HTTP_${statusCode}`);
    this.statusCode = statusCode;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

/**
 * Turns any error of a request into its JSON answer: bad input (a ValidationError, whether a route schema's, as
 * `requestValidator` words it, or a handler's; malformed or oversized bodies) answers 4xx with `{ error, field?, code }` naming the problem; only a fault of the server
 * answers 500, with a generic message (the details go to the log).
 */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers } = describeError(error);
  if (status >= 500) {
    if (status === 503) request.log.warn({ err: error }, 'request refused: a service is unavailable');
    else request.log.error({ err: error }, 'request failed');
  }
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  // Answered before the body arrived (a 401, a 413, …): close the connection rather than wait for the rest.
  if (!request.raw.complete) reply.header('connection', 'close');
  return reply.code(status).send(body);
}

function describeError(error: unknown): {
  status: number;
  body: ErrorResponse;
  headers: Readonly<Record<string, string>>;
} {
  if (error instanceof HttpProblem) {
    return {
      status: error.statusCode,
      body: withField({ error: error.message, code: error.code }, error.field),
      headers: error.headers,
    };
  }
  if (error instanceof ServiceUnavailableError) {
    // Nothing was stored: the client retries later (a creation with an Idempotency-Key is safe to retry).
    return {
      status: 503,
      body: { error: error.message, code: error.code },
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof ValidationError) {
    return {
      status: 400,
      body: withField({ error: error.message, code: error.code }, error.field),
      headers: {},
    };
  }
  if (error instanceof ResourceLimitError) {
    return { status: 422, body: { error: error.message, code: error.code }, headers: {} };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      body: { error: fastifyError.message ?? 'Bad request', code: fastifyError.code ?? `ERR_HTTP_${status}` },
      headers: {},
    };
  }
  return { status: 500, body: { error: 'Internal server error', code: 'ERR_INTERNAL' }, headers: {} };
}

function withField(body: ErrorResponse, field: string | undefined): ErrorResponse {
  return field === undefined ? body : { error: body.error, field, ...(body.code ? { code: body.code } : {}) };
}
