import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, hashToken } from '../auth/token.js';
import { HttpProblem } from './error-reply.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Digest of the request's token: the owner of the jobs it creates and the only one who sees them. */
    owner: string;
  }
}

/**
 * Requires a Bearer token the server knows on every API request: 401 with `{ error }` (and
 * `WWW-Authenticate: Bearer`) without one, with a malformed one, or with an unknown one.
 */
export function authenticator(tokenDigests: ReadonlySet<string>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new HttpProblem(401, 'Missing token: send the header "Authorization: Bearer <token>"', {
        code: 'ERR_AUTHENTICATION',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const digest = hashToken(token);
    if (!tokenDigests.has(digest)) {
      throw new HttpProblem(401, 'Invalid token', {
        code: 'ERR_AUTHENTICATION',
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    request.owner = digest;
  };
}
