import type { Worker } from 'node:worker_threads';
import { BosonicError, ResourceLimitError, ValidationError } from '@bosonic/core';
import { errorCodes } from 'fastify';
import { HttpProblem } from '../http/error-reply.js';
import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { CheckerSetup, CheckOrder, CheckVerdict, ParseOrder } from './request-checker-messages.js';
import { BACKGROUND_PRIORITY_STEPS } from './thread-priority.js';
import { locateWorkerScript, startWorkerThread } from './worker-threads.js';

/** Create-job bodies from this size (JSON characters) on are checked by the worker, smaller ones inline. */
export const OFFLOAD_REQUEST_CHARS = 32 * 1024;

/**
 * JSON request bodies from this size (bytes) on are parsed by the checker, smaller ones inline: reading a 10 MB body
 * with `JSON.parse` held the event loop for about 150 ms (`bench/hostile.mjs`), a few kilobytes take microseconds.
 */
export const OFFLOAD_BODY_BYTES = 64 * 1024;

/**
 * Bytes of a body posted to the checker in one message: its chunks (64 KiB each from a socket) are gathered up to
 * this size, so that a 10 MB body costs the HTTP thread about ten `postMessage` calls rather than 150.
 */
export const BODY_MESSAGE_BYTES = 1024 * 1024;

/** Requests waiting for the checker at most (parses and checks together); more answer 429 with `Retry-After`. */
export const MAX_PENDING_CHECKS = 32;

/**
 * Heap of the checker thread, in MiB. Decoding is bounded (inflated bytes, modes, photons), so a request stays far
 * below it; were one to reach it anyway, only the checker dies (the request answers 422), never the server.
 */
export const CHECKER_HEAP_MB = 1024;

/** A request body being parsed by the checker (see `RequestChecker.openBody`). */
export interface BodyInWorker {
  /**
   * Sends the next bytes of the body (gathered, then posted by BODY_MESSAGE_BYTES). `movable`: the chunk's memory
   * is its own and nobody reads it afterwards (a socket's chunk: Node copies each one out of its read buffer), so
   * it is moved to the worker rather than copied; otherwise its bytes are copied first.
   */
  write(chunk: Uint8Array, movable?: boolean): void;
  /**
   * The body is complete: resolves with its parsed value.
   * @throws Fastify's FST_ERR_CTP_INVALID_JSON_BODY (400) when it is not JSON; ValidationError naming the field;
   *   HttpProblem 429 when too many requests waited; ResourceLimitError when the checker died.
   */
  end(): Promise<unknown>;
  /** The body will not be completed (refused, or the client went away): the checker drops it. */
  abort(): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Parses large request bodies and checks large create-job requests off the event loop (issue 14, item 3): one
 * worker thread parses, decodes and plans them (the same parser and `planSamplerJob` the HTTP thread runs inline
 * for small ones), one at a time, with a heap of its own and a lower priority (BACKGROUND_PRIORITY_STEPS); at most
 * MAX_PENDING_CHECKS wait for it.
 * A checker that dies (out of memory) fails the requests it held with a ResourceLimitError and is started again
 * for the next one.
 */
export class RequestChecker {
  readonly #file: string;
  readonly #setup: CheckerSetup;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #closed = false;

  constructor(limits: ExecutionLimits) {
    this.#file = locateWorkerScript('request-checker');
    this.#setup = { limits, prioritySteps: BACKGROUND_PRIORITY_STEPS };
  }

  /** Starts the checker's thread now rather than on the first large request (it loads the simulator). */
  start(): void {
    if (!this.#closed) this.#started();
  }

  /**
   * Decodes and checks `request` (a create-job body as JSON text) for `platform` in the worker.
   * @returns whether the job is quick (see `SamplerJobPlan.quick`).
   * @throws ValidationError or ResourceLimitError as the inline check would; HttpProblem 429 when too many
   *   requests wait.
   */
  check(request: string, platform: string): Promise<{ quick: boolean }> {
    return this.#order((id): CheckOrder => ({ kind: 'check', id, request, platform })) as Promise<{
      quick: boolean;
    }>;
  }

  /**
   * Starts parsing a JSON request body in the worker, as the HTTP thread parses small ones (blank is no body,
   * undefined), while it arrives: its chunks are moved to the worker by the megabyte as they come, so that the
   * HTTP thread never holds the whole body (its chunks die young, instead of being promoted and collected by long
   * major GCs) nor copies it.
   * `createJob`: the body of `POST /api/job`, refused at once when one of its `:PCVL:` values is longer than the
   * decoder takes (the route's first check), so that such a body never comes back to the HTTP thread.
   * @throws HttpProblem 429 when too many requests wait.
   */
  openBody(options: { createJob: boolean }): BodyInWorker {
    const refusal = this.#refusal();
    if (refusal !== undefined) throw refusal;
    let id = 0;
    const parsed = this.#order((next): ParseOrder => {
      id = next;
      return { kind: 'parse-start', id, createJob: options.createJob };
    });
    // Rejected when the checker dies or closes, maybe before `end()` is called: never an unhandled rejection.
    parsed.catch(() => {});
    let gathered: Uint8Array[] = [];
    let gatheredBytes = 0;
    const flush = (): void => {
      if (gathered.length === 0) return;
      const chunks = gathered;
      gathered = [];
      gatheredBytes = 0;
      // Transferred, never cloned: the bytes change threads without being copied again.
      const buffers = chunks.map((chunk) => chunk.buffer as ArrayBuffer);
      this.#worker?.postMessage({ kind: 'parse-chunk', id, chunks } satisfies ParseOrder, buffers);
    };
    return {
      write: (chunk, movable = false) => {
        if (!this.#pending.has(id)) return;
        const ownsBuffer =
          movable &&
          chunk.buffer instanceof ArrayBuffer &&
          chunk.byteOffset === 0 &&
          chunk.byteLength === chunk.buffer.byteLength;
        gathered.push(ownsBuffer ? chunk : new Uint8Array(chunk));
        gatheredBytes += chunk.byteLength;
        if (gatheredBytes >= BODY_MESSAGE_BYTES) flush();
      },
      end: () => {
        if (this.#pending.has(id)) {
          flush();
          this.#worker?.postMessage({ kind: 'parse-end', id } satisfies ParseOrder);
        }
        return parsed;
      },
      abort: () => {
        gathered = [];
        if (!this.#pending.delete(id)) return;
        this.#worker?.postMessage({ kind: 'parse-abort', id } satisfies ParseOrder);
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #order(make: (id: number) => CheckOrder | ParseOrder): Promise<unknown> {
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#started().postMessage(make(id));
    });
  }

  /** Why a new order cannot be taken now, if it cannot. */
  #refusal(): Error | undefined {
    if (this.#closed) return new BosonicError('The request checker is closed', 'ERR_CLOSED');
    if (this.#pending.size < MAX_PENDING_CHECKS) return undefined;
    return new HttpProblem(429, `${MAX_PENDING_CHECKS} large requests are being checked: retry in a second`, {
      code: 'ERR_BUSY',
      headers: { 'retry-after': '1' },
    });
  }

  #started(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = startWorkerThread(this.#file, 'bosonic-request-checker', this.#setup, {
      resourceLimits: { maxOldGenerationSizeMb: CHECKER_HEAP_MB },
    });
    worker.unref();
    worker.on('message', (verdict: CheckVerdict) => this.#settle(verdict));
    const fail = (error: unknown): void => {
      if (this.#worker === worker) this.#worker = undefined;
      const reason = new ResourceLimitError(
        `Decoding this request needed more than the ${CHECKER_HEAP_MB} MiB a request check may use`,
        { cause: error },
      );
      for (const pending of this.#pending.values()) pending.reject(reason);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.#closed) fail(new Error(`The request checker exited with code ${code}`));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(verdict: CheckVerdict): void {
    const pending = this.#pending.get(verdict.id);
    if (pending === undefined) return;
    this.#pending.delete(verdict.id);
    if (verdict.ok) {
      pending.resolve('quick' in verdict ? { quick: verdict.quick } : verdict.value);
      return;
    }
    if (verdict.kind === 'json') {
      pending.reject(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY());
    } else if (verdict.kind === 'validation') {
      pending.reject(
        new ValidationError(verdict.message, verdict.field === undefined ? {} : { field: verdict.field }),
      );
    } else if (verdict.kind === 'resource') {
      pending.reject(new ResourceLimitError(verdict.message));
    } else {
      pending.reject(new BosonicError(verdict.message, verdict.code));
    }
  }
}
