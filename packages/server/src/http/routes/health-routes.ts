import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/**
 * `GET /api/health`: the process is alive and serving (200 `{ status: 'ok' }`), whatever its dependencies do — a
 * liveness probe, which must not restart a node because PostgreSQL is down.
 * `GET /api/ready`: the job store and the queue answer (200 `{ status: 'ready' }`), else 503 with `Retry-After`
 * naming the one down — a readiness probe, which takes the node out of a load balancer meanwhile.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Public: load balancers and orchestrators probe them without a token.
  const open = { config: { public: true } };
  app.get('/api/health', open, async () => ({ status: 'ok' }));
  app.get('/api/ready', open, async () => {
    await ctx.ready();
    return { status: 'ready' };
  });
}
