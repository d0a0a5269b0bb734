import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, hashToken } from '../auth/token.js';
import { HttpProblem } from './error-reply.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Digest of the request's token: the owner of the jobs it creates and the only one who sees them. */
    owner: string;
  }
}

/** Valid tokens whose digests are kept in memory (the configured ones, in practice). */
const MAX_KNOWN_TOKENS = 1024;

/**
 * Requires a Bearer token the server knows on every API request: 401 with `{ error }` (and
 * `WWW-Authenticate: Bearer`) without one, with a malformed one, or with an unknown one.
 */
export function authenticator(tokenDigests: ReadonlySet<string>) {
  // Digests of tokens seen recently, so that a client polling many times a second is not hashed every time.
  const known = new Map<string, string>();
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new HttpProblem(401, 'Missing token: send the header "Authorization: Bearer <token>"', {
        code: 'ERR_AUTHENTICATION',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    let digest = known.get(token);
    if (digest === undefined) {
      digest = hashToken(token);
      if (tokenDigests.has(digest)) {
        if (known.size >= MAX_KNOWN_TOKENS) known.clear();
        known.set(token, digest);
      }
    }
    if (!tokenDigests.has(digest)) {
      throw new HttpProblem(401, 'Invalid token', {
        code: 'ERR_AUTHENTICATION',
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    request.owner = digest;
  };
}
