import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { authenticator } from './authenticate.js';
import { registerDashboard } from './dashboard.js';
import { HttpProblem, replyWithError } from './error-reply.js';
import { jsonBodyParser } from './json-body-parser.js';
import { registerAvailabilityRoute } from './routes/availability-route.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerJobManagementRoutes } from './routes/job-management-routes.js';
import { registerJobRoutes } from './routes/job-routes.js';
import { registerJobViewRoutes } from './routes/job-view-routes.js';
import { registerPlatformRoutes } from './routes/platform-routes.js';
import { requestValidator } from './schemas.js';
import type { ServerContext } from './server-context.js';

/** Options of the HTTP layer. */
export interface HttpAppOptions {
  logger: Logger;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Time to receive a whole request, in ms. */
  requestTimeoutMs: number;
  /** Time to receive a request's headers, in ms. */
  headersTimeoutMs: number;
  /** Idle time of a keep-alive connection between requests, in ms. */
  keepAliveTimeoutMs: number;
  /** Requests with a missing or wrong token one client may send per minute. */
  maxFailedAuthPerMinute: number;
}

/**
 * The Fastify application: the REST API of docs/wire-protocol.md behind Bearer authentication, every request
 * validated by JSON schema, every error answered as JSON `{ error }`.
 */
export function createHttpApp(ctx: ServerContext, options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    // pino's Logger is Fastify's logger type; Fastify's generics would otherwise carry pino's exact type around.
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    // A client must send its request within these deadlines (408 and disconnected otherwise): a trickling body
    // or a connection kept idle cannot hold a socket. Node checks the deadlines on a timer, every
    // `connectionsCheckingInterval` (30 s by default, far beyond them): a quarter of the shortest one.
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    http: {
      headersTimeout: options.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(
        25,
        Math.min(1000, Math.floor(Math.min(options.requestTimeoutMs, options.headersTimeoutMs) / 4)),
      ),
    },
    // Job ids and platform names are the only parameters; a long URL is not a request of this API.
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Errors of the router itself (a malformed URL, an oversized path parameter) answer in the API's format too.
    frameworkErrors: (error, request, reply) => replyWithError(error, request, reply),
  });
  app.decorateRequest('owner', '');

  // A non-empty body must be JSON (Fastify's parser, safe from prototype poisoning); large ones are parsed off the
  // event loop.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // The API speaks JSON only: a text body is refused (415) rather than read as a string.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    'application/json',
    jsonBodyParser(ctx.checker, options.bodyLimitBytes, (request, text, done) =>
      parseJson(request, text, done),
    ),
  );

  // Route schemas are @bosonic/protocol's, checked by its `check` (not ajv): the same words as a client's.
  app.setValidatorCompiler(({ schema, httpPart }) => requestValidator(schema, httpPart));
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    replyWithError(
      new HttpProblem(404, `No such endpoint: ${request.method} ${request.url.split('?')[0]}`, {
        code: 'ERR_NOT_FOUND',
      }),
      request,
      reply,
    ),
  );
  // Failed authentications are counted per client address; past the limit they answer 429 with Retry-After.
  app.register(fastifyRateLimit, { global: false });
  const authenticate = authenticator(ctx.tokenDigests, () =>
    app.rateLimit({
      max: options.maxFailedAuthPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          429,
          `Too many requests with a missing or invalid token from this address: retry in ${context.after}`,
          { code: 'ERR_AUTHENTICATION_RATE' },
        ),
    }),
  );
  // Every route needs a token but those marked `config: { public: true }` (probes, the dashboard's files).
  app.addHook('onRequest', authenticate);

  registerHealthRoutes(app, ctx);
  registerDashboard(app);
  registerJobRoutes(app, ctx);
  registerJobManagementRoutes(app, ctx);
  registerJobViewRoutes(app, ctx);
  registerAvailabilityRoute(app, ctx);
  registerPlatformRoutes(app, ctx);
  return app;
}
