import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { errorCodes, type FastifyRequest } from 'fastify';
import { type BodyInWorker, OFFLOAD_BODY_BYTES, type RequestChecker } from '../execution/request-checker.js';

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The API's `application/json` parser. A small body is read and parsed here (`parseSmall`: Fastify's parser); from
 * OFFLOAD_BODY_BYTES on, the body goes to the request checker's thread as it arrives, chunk by chunk, and is parsed
 * there (issue 14, item 3): reading and `JSON.parse`-ing a 10 MB body no longer holds the other clients, and a
 * create-job body with an over-long `:PCVL:` value is refused there without coming back (such a body then answers
 * that refusal even when its shape is wrong too: the schema is checked after parsing). Reads the stream as
 * Fastify's own reader does, with the same errors: 413 beyond `limit`, 400 for a wrong Content-Length.
 */
export function jsonBodyParser(
  checker: RequestChecker,
  limit: number,
  parseSmall: (request: FastifyRequest, text: string, done: Done) => void,
): (request: FastifyRequest, payload: IncomingMessage, done: Done) => void {
  return (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
      return;
    }
    const createJob = request.method === 'POST' && request.routeOptions.url === '/api/job';
    // Node's HTTP parser hands each chunk of a socket's body in memory of its own, read by nobody else: it can be
    // moved to the checker. An injected request's chunks may be its caller's buffers: those are copied.
    const movable = payload.socket instanceof Socket;
    let received = 0;
    let chunks: Buffer[] = [];
    let inWorker: BodyInWorker | undefined;
    let finished = false;

    const finish = (error: Error | null, value?: unknown): void => {
      if (finished) return;
      finished = true;
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onEnd);
      if (error !== null) inWorker?.abort();
      done(error, value);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limit) {
        finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
        return;
      }
      if (inWorker !== undefined) {
        inWorker.write(bytes, movable);
        return;
      }
      chunks.push(bytes);
      if (received < OFFLOAD_BODY_BYTES) return;
      try {
        inWorker = checker.openBody({ createJob });
      } catch (error) {
        finish(error as Error);
        return;
      }
      for (const held of chunks) inWorker.write(held, movable);
      chunks = [];
    };
    function onEnd(error?: Error & { statusCode?: number }): void {
      if (error != null) {
        if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
        finish(error);
        return;
      }
      if (!Number.isNaN(declared) && received !== declared) {
        finish(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      if (inWorker !== undefined) {
        inWorker.end().then(
          (value) => finish(null, value),
          (failure: Error) => finish(failure),
        );
        return;
      }
      const text = Buffer.concat(chunks, received).toString('utf8');
      // POST /api/job/cancel/{id} and /rerun/{id} carry no body, but a client may still send a JSON content type:
      // an empty body is then no body.
      if (text.trim() === '') {
        finish(null, undefined);
        return;
      }
      parseSmall(request, text, (failure, value) => finish(failure ?? null, value));
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  };
}
