import type { PlatformDetails } from '@bosonic/protocol';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../error-reply.js';
import { platformParams } from '../schemas.js';
import type { ServerContext } from '../server-context.js';

/**
 * Platform details (docs/wire-protocol.md), at the current path `GET /api/platforms/{name}/processor` (with
 * `specs.architecture`) and at the older `GET /api/platform/{name}`, which Perceval's client falls back to.
 */
export function registerPlatformRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const details = (name: string): PlatformDetails => {
    const found = ctx.platformDetails.get(name);
    if (found === undefined) {
      throw new HttpProblem(
        404,
        `Unknown platform '${name}' (platforms: ${[...ctx.platformDetails.keys()].join(', ')})`,
        { code: 'ERR_PLATFORM_NOT_FOUND' },
      );
    }
    return found;
  };
  app.get<{ Params: { name: string } }>(
    '/api/platforms/:name/processor',
    { schema: { params: platformParams } },
    async (request) => details(request.params.name),
  );
  app.get<{ Params: { name: string } }>(
    '/api/platform/:name',
    { schema: { params: platformParams } },
    async (request) => details(request.params.name),
  );
}
