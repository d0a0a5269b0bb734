import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, hashToken } from '../auth/token.js';
import { HttpProblem } from './error-reply.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route anyone may call without a token (health and readiness probes, the dashboard's static files). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Digest of the request's token: the owner of the jobs it creates and the only one who sees them. */
    owner: string;
  }
}

/** Valid tokens whose digests are kept in memory (the configured ones, in practice). */
const MAX_KNOWN_TOKENS = 1024;

/** Counts a failed authentication of a request's client; throws (429) once the client is past its limit. */
export type FailureLimiter = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * Requires a Bearer token the server knows on every request but those of routes marked `config: { public: true }`
 * (the one rule for public routes): 401 with `{ error }` (and `WWW-Authenticate: Bearer`) without one, with a
 * malformed one, or with an unknown one. Each failure goes through the limiter `makeFailureLimiter` makes (on the
 * first failure), which answers 429 once the client failed too often.
 */
export function authenticator(tokenDigests: ReadonlySet<string>, makeFailureLimiter: () => FailureLimiter) {
  // Digests of tokens seen recently, so that a client polling many times a second is not hashed every time.
  const known = new Map<string, string>();
  let limiter: FailureLimiter | undefined;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Only routes marked public (probes, the dashboard's static files) go without a token; the decision follows the
    // matched route, not the URL's text, so no spelling of an API path can skip it.
    if (request.routeOptions.config?.public === true) return;
    const token = bearerToken(request.headers.authorization);
    const valid = token === undefined ? undefined : digestIfKnown(token);
    if (valid !== undefined) {
      request.owner = valid;
      return;
    }
    limiter ??= makeFailureLimiter();
    await limiter(request, reply);
    if (token === undefined) {
      throw new HttpProblem(401, 'Missing token: send the header "Authorization: Bearer <token>"', {
        code: 'ERR_AUTHENTICATION',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    throw new HttpProblem(401, 'Invalid token', {
      code: 'ERR_AUTHENTICATION',
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  };

  function digestIfKnown(token: string): string | undefined {
    const cached = known.get(token);
    if (cached !== undefined) return cached;
    const digest = hashToken(token);
    if (!tokenDigests.has(digest)) return undefined;
    if (known.size >= MAX_KNOWN_TOKENS) known.clear();
    known.set(token, digest);
    return digest;
  }
}
