import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BosonicError } from '@bosonic/core';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The dashboard's Content-Security-Policy: only this server's own script, styles and API; images from itself or
 * from blob: URLs (the circuit drawing); no inline script or style, no forms sent anywhere, no framing.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The dashboard's files: path → media type. */
const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * Serves the dashboard (`GET /` and `/dashboard/…`): three static files shipped in the package (its `dashboard/`
 * folder), read once, sent with a strict Content-Security-Policy. They need no token; the API they call does.
 */
export function registerDashboard(app: FastifyInstance): void {
  const directory = locateDashboard();
  const files = new Map(Object.keys(FILES).map((name) => [name, readFileSync(`${directory}/${name}`)]));
  const send = (reply: FastifyReply, name: string) =>
    reply
      .type(FILES[name]!)
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .send(files.get(name));
  const open = { config: { public: true } };
  app.get('/', open, (_request, reply) => send(reply, 'index.html'));
  app.get('/dashboard/app.js', open, (_request, reply) => send(reply, 'app.js'));
  app.get('/dashboard/app.css', open, (_request, reply) => send(reply, 'app.css'));
}

/** The package's `dashboard/` folder, from the bundle (dist/) or the sources (src/http/). */
function locateDashboard(): string {
  const candidates = [
    new URL('../dashboard', import.meta.url),
    new URL('../../dashboard', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((dir) => existsSync(`${dir}/index.html`));
  if (found === undefined) {
    throw new BosonicError(
      `The dashboard's files are missing (looked in ${candidates.join(', ')}); reinstall @bosonic/server`,
      'ERR_DASHBOARD_MISSING',
    );
  }
  return found;
}
